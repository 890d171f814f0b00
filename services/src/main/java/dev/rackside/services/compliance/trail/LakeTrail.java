package dev.rackside.services.compliance.trail;

import dev.rackside.services.compliance.aws.RackScope;
import dev.rackside.services.model.compliance.TrailEvent;
import dev.rackside.services.model.compliance.TrailQuery;
import dev.rackside.services.model.compliance.TrailReport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CancelQueryRequest;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.GetQueryResultsRequest;
import software.amazon.awssdk.services.cloudtrail.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.cloudtrail.model.QueryStatus;
import software.amazon.awssdk.services.cloudtrail.model.StartQueryRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rack's administrative access over a period from a CloudTrail Lake event data store (racks.yaml
 * {@code compliance: {cloudtrailLake: ARN}}), which may keep years where the event history keeps 90 days.
 *
 * <p>One SQL statement ({@code StartQuery}) over the store's management events in the period, polled with
 * {@code GetQueryResults} until it finishes (cancelled at the deadline), then read page by page. Only the period
 * and, unless reads are asked for, {@code readOnly = false} go into the SQL; everything else a user typed (the
 * actor, the categories) is applied to the rows here, so nothing the user types is ever spliced into SQL. Each row
 * becomes the same event the history would have given and is judged against the rack's scope by
 * {@link AccessTrail}, so both sources keep exactly the same events.
 */
public final class LakeTrail {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** GetQueryResults' largest page. */
    private static final int PAGE = 1000;
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    /** What the Lake prints a timestamp as: {@code 2026-11-24 16:00:00.000}. */
    private static final DateTimeFormatter LAKE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss[.SSS]");
    static final String DIGEST_RULE = "every result row as compact JSON (the list of one-column objects "
            + "GetQueryResults returned for it), one per line, in the order returned";

    /** How often to ask whether the query finished (doubling up to {@code most}), and when to give up. */
    public record Pace(Duration first, Duration most, Duration deadline) {
        public static final Pace DEFAULT = new Pace(Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofMinutes(10));
    }

    private LakeTrail() {
    }

    /** The event data store's id: what its ARN ends in, and what the SQL's FROM names. */
    static String storeId(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    /** The store's home region, the fourth field of its ARN: where the query must be started. */
    public static String storeRegion(String arn) {
        return arn.split(":", 6)[3];
    }

    /** The statement for {@code query}: the period to the millisecond, management events, writes unless reads. */
    static String statement(String arn, TrailQuery query) {
        return "SELECT eventID, eventTime, eventSource, eventName, awsRegion, sourceIPAddress, userAgent, readOnly, "
                + "errorCode, userIdentity.type AS identityType, userIdentity.arn AS identityArn, "
                + "userIdentity.principalId AS principalId, "
                + "userIdentity.sessionContext.sessionIssuer.arn AS issuerArn, "
                + "json_format(CAST(requestParameters AS JSON)) AS requestParameters, "
                + "json_format(CAST(responseElements AS JSON)) AS responseElements, "
                + "json_format(CAST(resources AS JSON)) AS resources "
                + "FROM " + storeId(arn) + " WHERE eventTime >= '" + SQL_TIME.format(query.from()) + "' AND eventTime < '"
                + SQL_TIME.format(query.to()) + "' AND eventCategory = 'Management'"
                + (query.includeReads() ? "" : " AND readOnly = false") + " ORDER BY eventTime, eventID";
    }

    public static TrailReport read(RackScope scope, TrailQuery query, String arn, CloudTrailClient ct, Instant now,
            String version, Consumer<String> progress, Pace pace) {
        String region = storeRegion(arn);
        String sql = statement(arn, query);
        TrailReport.Source source = new TrailReport.Source("cloudtrail:StartQuery", arn, sql, DIGEST_RULE);
        List<TrailReport.Page> pages = new ArrayList<>();
        List<TrailEvent> kept = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String instead = "; --source history reads the 90-day event history instead";
        String id = null;
        int read = 0;
        try {
            id = ct.startQuery(StartQueryRequest.builder().queryStatement(sql).build()).queryId();
            GetQueryResultsResponse res = finished(ct, id, pace, progress);
            if (res.queryStatus() != QueryStatus.FINISHED) {
                problems.add("CloudTrail Lake query " + id + " " + status(res) + instead);
            } else {
                while (true) {
                    int number = pages.size() + 1;
                    List<List<Map<String, String>>> rows = res.queryResultRows();
                    pages.add(new TrailReport.Page(number, region, rows.size(), digest(rows)));
                    for (List<Map<String, String>> row : rows) {
                        AccessTrail.keep(query, AccessTrail.toTrailEvent(event(row), region, number,
                                scope.identifiers())).ifPresent(kept::add);
                    }
                    read += rows.size();
                    progress.accept("CloudTrail Lake: page " + number + ", " + read + " events read, " + kept.size()
                            + " about the rack");
                    String token = res.nextToken();
                    if (token == null || token.isEmpty()) {
                        break;
                    }
                    res = ct.getQueryResults(GetQueryResultsRequest.builder().queryId(id).nextToken(token)
                            .maxQueryResults(PAGE).build());
                }
            }
        } catch (SdkException e) {
            problems.add("CloudTrail Lake " + arn + ": " + AccessTrail.describe(e) + (read == 0 ? "" : " (after "
                    + read + " events; the rest is not in the report)") + instead);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel(ct, id);
            problems.add("CloudTrail Lake query " + id + " was interrupted and cancelled");
        }
        kept.sort(Comparator.comparing(TrailEvent::time).thenComparing(TrailEvent::eventId));
        return new TrailReport(scope.rack(), scope.account(), scope.partition(), List.of(region), query, source, now,
                pages, kept, problems, version);
    }

    /** Asks until the query is no longer queued or running; at the deadline it is cancelled and said so. */
    private static GetQueryResultsResponse finished(CloudTrailClient ct, String id, Pace pace,
            Consumer<String> progress) throws InterruptedException {
        long start = System.nanoTime();
        Duration wait = pace.first();
        while (true) {
            GetQueryResultsResponse res = ct.getQueryResults(GetQueryResultsRequest.builder().queryId(id)
                    .maxQueryResults(PAGE).build());
            QueryStatus s = res.queryStatus();
            if (s != QueryStatus.QUEUED && s != QueryStatus.RUNNING) {
                return res;
            }
            Duration spent = Duration.ofNanos(System.nanoTime() - start);
            if (spent.compareTo(pace.deadline()) >= 0) {
                cancel(ct, id);
                Duration d = pace.deadline();
                return res.toBuilder().queryStatus(QueryStatus.CANCELLED).errorMessage("did not finish in "
                        + (d.toSeconds() > 0 ? d.toSeconds() + " s" : d.toMillis() + " ms") + ", so rackside cancelled it")
                        .build();
            }
            progress.accept("CloudTrail Lake: query " + id + " " + s + " (" + spent.toSeconds() + " s)");
            Thread.sleep(wait.toMillis());
            wait = wait.multipliedBy(2).compareTo(pace.most()) > 0 ? pace.most() : wait.multipliedBy(2);
        }
    }

    private static void cancel(CloudTrailClient ct, String id) {
        if (id == null) {
            return;
        }
        try {
            ct.cancelQuery(CancelQueryRequest.builder().queryId(id).build());
        } catch (SdkException ignored) {
            // The query ends by itself at the Lake's own limit; the report already says it was given up.
        }
    }

    private static String status(GetQueryResultsResponse res) {
        String why = res.errorMessage() == null ? "" : ": " + res.errorMessage();
        return (res.queryStatus() == null ? "ended" : res.queryStatus().toString()) + why;
    }

    /** One result row as the event the history would have returned, its CloudTrailEvent rebuilt from the columns. */
    static Event event(List<Map<String, String>> row) {
        Map<String, String> c = new LinkedHashMap<>();
        row.forEach(c::putAll);
        ObjectNode e = JSON.createObjectNode();
        Instant time = time(c.getOrDefault("eventTime", ""));
        for (String k : List.of("eventID", "eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent",
                "errorCode")) {
            String v = c.get(k);
            if (v != null && !v.isEmpty()) {
                e.put(k, v);
            }
        }
        e.put("eventTime", time.toString());
        e.put("readOnly", Boolean.parseBoolean(c.getOrDefault("readOnly", "false")));
        ObjectNode who = e.putObject("userIdentity");
        who.put("type", c.getOrDefault("identityType", "")).put("arn", c.getOrDefault("identityArn", ""))
                .put("principalId", c.getOrDefault("principalId", ""));
        who.putObject("sessionContext").putObject("sessionIssuer").put("arn", c.getOrDefault("issuerArn", ""));
        for (String k : List.of("requestParameters", "responseElements", "resources")) {
            e.set(k, json(c.get(k)));
        }
        return Event.builder().eventId(c.getOrDefault("eventID", "")).eventName(c.getOrDefault("eventName", ""))
                .eventSource(c.getOrDefault("eventSource", "")).eventTime(time)
                .readOnly(c.getOrDefault("readOnly", "false")).cloudTrailEvent(JSON.writeValueAsString(e)).build();
    }

    private static JsonNode json(String text) {
        if (text == null || text.isEmpty()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(text);
        } catch (JacksonException x) {
            return JSON.getNodeFactory().stringNode(text);
        }
    }

    static Instant time(String text) {
        try {
            return LocalDateTime.parse(text, LAKE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                return Instant.EPOCH;
            }
        }
    }

    /** SHA-256 over {@link #DIGEST_RULE}. */
    static String digest(List<List<Map<String, String>>> rows) {
        return AccessTrail.sha256Lines(rows.stream().map(JSON::writeValueAsString).toList());
    }
}
