package dev.rackside.services.compliance.trail;

import dev.rackside.services.compliance.aws.RackScope;
import dev.rackside.services.model.compliance.TrailEvent;
import dev.rackside.services.model.compliance.TrailQuery;
import dev.rackside.services.model.compliance.TrailReport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsRequest;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;
import software.amazon.awssdk.services.cloudtrail.model.Resource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rack's administrative access over a period, from CloudTrail's event history: {@code LookupEvents} in each
 * of the rack's regions (management events, the last 90 days; 50 a page, every page; throttling waited out by
 * the SDK's standard retry strategy), {@code ReadOnly=false} unless reads are asked for, each page digested, and
 * the events kept that name one of the rack's resources ({@link RackScope}: the same scope the compliance
 * checks judge) in their resources, request or response.
 */
public final class AccessTrail {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PAGE = 50;

    private AccessTrail() {
    }

    /** @param clients the CloudTrail client of a region */
    public static TrailReport read(RackScope scope, TrailQuery query, Function<String, CloudTrailClient> clients,
            Instant now, String version, Consumer<String> progress) {
        List<TrailReport.Page> pages = new ArrayList<>();
        List<TrailEvent> kept = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String region : scope.regions()) {
            CloudTrailClient ct = clients.apply(region);
            String token = null;
            int read = 0;
            do {
                LookupEventsRequest.Builder r = LookupEventsRequest.builder().startTime(query.from())
                        .endTime(query.to()).maxResults(PAGE).nextToken(token);
                if (!query.includeReads()) {
                    r.lookupAttributes(LookupAttribute.builder().attributeKey(LookupAttributeKey.READ_ONLY)
                            .attributeValue("false").build());
                }
                LookupEventsResponse res;
                try {
                    res = ct.lookupEvents(r.build());
                } catch (SdkException e) {
                    problems.add("CloudTrail " + region + ": " + describe(e) + (read == 0 ? "" : " (after " + read
                            + " events; the rest of this region is not in the report)"));
                    break;
                }
                int number = pages.size() + 1;
                pages.add(new TrailReport.Page(number, region, res.events().size(), digest(res.events())));
                for (Event e : res.events()) {
                    keep(query, toTrailEvent(e, region, number, scope.identifiers())).ifPresent(kept::add);
                }
                read += res.events().size();
                progress.accept("CloudTrail " + region + ": page " + number + ", " + read + " events read, "
                        + kept.size() + " about the rack");
                token = res.nextToken();
            } while (token != null && !token.isEmpty());
        }
        kept.sort(Comparator.comparing(TrailEvent::time).thenComparing(TrailEvent::eventId));
        return new TrailReport(scope.rack(), scope.account(), scope.partition(), scope.regions(), query,
                TrailReport.Source.EVENT_HISTORY, now, pages, kept, problems, version);
    }

    /** The event when the query keeps it: its category, its actor, and reads only when asked for. */
    static Optional<TrailEvent> keep(TrailQuery query, Optional<TrailEvent> event) {
        return event.filter(t -> query.keeps(t.category()))
                .filter(t -> query.actor().map(a -> a.equals(t.actor())).orElse(true))
                .filter(t -> query.includeReads() || !t.readOnly());
    }

    /** The event as the report keeps it, when it names one of the rack's resources. */
    static Optional<TrailEvent> toTrailEvent(Event e, String region, int page, Set<String> rack) {
        JsonNode ct = parse(e.cloudTrailEvent());
        Optional<String> hit = Optional.empty();
        for (Resource r : e.resources()) {
            if (r.resourceName() != null && rack.contains(r.resourceName())) {
                hit = Optional.of(r.resourceName());
                break;
            }
        }
        if (hit.isEmpty()) {
            hit = named(ct.path("requestParameters"), rack).or(() -> named(ct.path("resources"), rack))
                    .or(() -> named(ct.path("responseElements"), rack));
        }
        if (hit.isEmpty()) {
            return Optional.empty();
        }
        String source = text(ct, "eventSource", e.eventSource());
        JsonNode who = ct.path("userIdentity");
        String actor = first(who.path("arn").asString(""), who.path("sessionContext").path("sessionIssuer")
                .path("arn").asString(""), who.path("principalId").asString(""), e.username(),
                who.path("type").asString("unknown"));
        boolean readOnly = ct.has("readOnly") ? ct.path("readOnly").asBoolean(false)
                : "true".equalsIgnoreCase(e.readOnly());
        return Optional.of(new TrailEvent(e.eventTime() == null ? Instant.EPOCH : e.eventTime(),
                text(ct, "awsRegion", region), category(source), actor, source, text(ct, "eventName", e.eventName()),
                hit.get(), text(ct, "sourceIPAddress", ""), text(ct, "userAgent", ""), readOnly,
                text(ct, "errorCode", ""), text(ct, "eventID", e.eventId()), page));
    }

    private static JsonNode parse(String cloudTrailEvent) {
        try {
            return JSON.readTree(cloudTrailEvent == null ? "{}" : cloudTrailEvent);
        } catch (JacksonException x) {
            return JSON.createObjectNode();
        }
    }

    /** The first string anywhere under {@code n} that is one of the rack's identifiers, exactly. */
    private static Optional<String> named(JsonNode n, Set<String> rack) {
        if (n.isString()) {
            String v = n.asString();
            if (rack.contains(v)) {
                return Optional.of(v);
            }
            // CloudTrail Lake keeps requestParameters as a map of strings: what nests is JSON in a string.
            return v.startsWith("{") || v.startsWith("[") ? named(parse(v), rack) : Optional.empty();
        }
        for (JsonNode child : n) {
            Optional<String> hit = named(child, rack);
            if (hit.isPresent()) {
                return hit;
            }
        }
        return Optional.empty();
    }

    /** The categories of {@code --category}, by the service that recorded the event. */
    public static String category(String eventSource) {
        String service = eventSource.toLowerCase(Locale.ROOT).replace(".amazonaws.com", "");
        return switch (service) {
            case "iam", "sts", "sso", "identitystore" -> "iam";
            case "kms" -> "kms";
            case "ec2", "elasticloadbalancing", "route53", "network-firewall" -> "network";
            case "eks" -> "eks";
            case "s3" -> "s3";
            case "secretsmanager", "ssm" -> "secrets";
            default -> "other";
        };
    }

    /** SHA-256 over each event's id and CloudTrailEvent text, newline-separated, in the page's order. */
    static String digest(List<Event> events) {
        return sha256Lines(events.stream().map(e -> String.valueOf(e.eventId()) + "\n"
                + String.valueOf(e.cloudTrailEvent())).toList());
    }

    /** A page's digest, for both sources: SHA-256 over each line and a newline, in order. */
    static String sha256Lines(List<String> lines) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String line : lines) {
                d.update((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException x) {
            throw new IllegalStateException(x);
        }
    }

    static String describe(SdkException e) {
        String m = dev.rackside.services.aws.AwsErrors.describe(e);
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }

    private static String text(JsonNode n, String field, String fallback) {
        String v = n.path(field).asString("");
        return v.isEmpty() ? (fallback == null ? "" : fallback) : v;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }
}
