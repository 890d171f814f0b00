package dev.rackside.services.compliance.aws;

import static dev.rackside.services.compliance.aws.AwsFacts.items;

import dev.rackside.services.compliance.aws.AwsFacts.Scope;
import dev.rackside.services.compliance.aws.RuleKit.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The audit trail checks (compliance-catalog.md section 1d). "Recent" is measured against when the status
 * was read, not when the rules run, so a re-evaluated or recorded inventory judges the same way.
 */
final class AuditRules {
    private static final Duration FRESH = Duration.ofHours(24);
    private static final int MIN_RETENTION_DAYS = 365;

    private AuditRules() {
    }

    static void evaluate(RuleKit kit) {
        Scope s = kit.scope;
        String trailsKey = Keys.of(s.region(), "cloudtrail:DescribeTrails");
        for (String region : s.approved()) {
            kit.judge(AwsChecks.AUD_TRAIL_MULTIREGION, s.arn("cloudtrail", region, "trail"), region,
                    ev -> coverage(kit, ev, trailsKey, region));
        }
        List<JsonNode> trails = new ArrayList<>();
        for (var check : List.of(AwsChecks.AUD_TRAIL_VALIDATION, AwsChecks.AUD_TRAIL_CMK, AwsChecks.AUD_TRAIL_CWLOGS,
                AwsChecks.AUD_TRAIL_BUCKET)) {
            trails = kit.each(check, s.arn("cloudtrail", s.region(), "trail/*"), ev -> relevant(kit, ev, trailsKey),
                    "no CloudTrail trail covers the approved regions");
            if (trails.isEmpty()) {
                continue;
            }
            for (JsonNode t : trails) {
                String arn = t.path("TrailARN").asString();
                String home = t.path("HomeRegion").asString(s.region());
                kit.judge(check, arn, home, ev -> {
                    ev.need(trailsKey);
                    if (check == AwsChecks.AUD_TRAIL_VALIDATION) {
                        return validation(kit, ev, t);
                    } else if (check == AwsChecks.AUD_TRAIL_CMK) {
                        return trailKey(kit, ev, t);
                    } else if (check == AwsChecks.AUD_TRAIL_CWLOGS) {
                        return cloudWatch(kit, ev, t);
                    }
                    return trailBucket(kit, ev, t);
                });
            }
        }
        String cluster = kit.clusterArn();
        kit.judge(AwsChecks.AUD_EKS_CONTROLPLANE_LOGS, cluster, s.region(), ev -> controlPlane(kit, ev));
        kit.judge(AwsChecks.AUD_VPC_FLOW_LOGS, kit.facts.vpcId(s).map(v -> s.arn("ec2", s.region(), "vpc/" + v))
                .orElse(cluster), s.region(), ev -> flowLogs(kit, ev));
        for (JsonNode g : kit.each(AwsChecks.AUD_LOG_RETENTION, s.arn("logs", s.region(), "log-group:*"),
                ev -> KeyRules.logGroups(kit, ev), "no log groups of rack " + s.rack())) {
            kit.judge(AwsChecks.AUD_LOG_RETENTION, KeyRules.groupArn(g), s.region(), ev -> {
                KeyRules.logGroups(kit, ev);
                String name = g.path("logGroupName").asString();
                if (!g.has("retentionInDays")) {
                    return Verdict.pass("log group " + name + " never expires");
                }
                int days = g.path("retentionInDays").asInt();
                return days >= MIN_RETENTION_DAYS ? Verdict.pass("log group " + name + " keeps " + days + " days")
                        : Verdict.fail("log group " + name + " keeps logs " + days + " days, less than "
                                + MIN_RETENTION_DAYS);
            });
        }
        kit.judge(AwsChecks.AUD_ECR_SCANNING, s.arn("ecr", s.region(), "registry/" + s.account()), s.region(),
                ev -> scanning(kit, ev));
    }

    /** Trails that log an approved region: multi-region ones, and those whose home is approved. */
    private static List<JsonNode> relevant(RuleKit kit, RuleKit.Ev ev, String trailsKey) {
        return items(ev.need(trailsKey), "trailList").stream().filter(t -> t.path("IsMultiRegionTrail")
                .asBoolean(false) || kit.scope.approved().contains(t.path("HomeRegion").asString())).toList();
    }

    private static String status(RuleKit kit, JsonNode trail) {
        return Keys.of(kit.scope.region(), "cloudtrail:GetTrailStatus", trail.path("TrailARN").asString());
    }

    private static Verdict coverage(RuleKit kit, RuleKit.Ev ev, String trailsKey, String region) {
        List<String> near = new ArrayList<>();
        for (JsonNode t : items(ev.need(trailsKey), "trailList")) {
            boolean covers = t.path("IsMultiRegionTrail").asBoolean(false) || region.equals(t.path("HomeRegion")
                    .asString());
            if (!covers) {
                continue;
            }
            String name = t.path("Name").asString();
            if (!ev.need(status(kit, t)).path("IsLogging").asBoolean(false)) {
                near.add("trail " + name + " covers it but is not logging");
                continue;
            }
            JsonNode sel = ev.need(Keys.of(kit.scope.region(), "cloudtrail:GetEventSelectors", t.path("TrailARN")
                    .asString()));
            Optional<String> gap = managementGap(sel);
            if (gap.isEmpty()) {
                return Verdict.pass(region + " is covered by trail " + t.path("TrailARN").asString()
                        + " (logging, all management events)");
            }
            near.add("trail " + name + " " + gap.get());
        }
        return Verdict.fail(near.isEmpty() ? "no trail covers " + region : region + ": " + String.join("; ", near));
    }

    /**
     * Why a trail's selectors miss management events, or empty when they log all of them: a basic selector
     * with {@code IncludeManagementEvents} and {@code ReadWriteType=All}, or an advanced selector on
     * {@code eventCategory = Management} with no {@code readOnly} field (Prowler matches the selector's Name).
     */
    static Optional<String> managementGap(JsonNode selectors) {
        List<String> seen = new ArrayList<>();
        for (JsonNode s : selectors.path("EventSelectors")) {
            if (s.path("IncludeManagementEvents").asBoolean(false)) {
                String rw = s.path("ReadWriteType").asString("All");
                if ("All".equals(rw)) {
                    return Optional.empty();
                }
                seen.add("logs only " + rw + " management events");
            }
        }
        for (JsonNode adv : selectors.path("AdvancedEventSelectors")) {
            boolean management = false;
            String readOnly = null;
            for (JsonNode f : adv.path("FieldSelectors")) {
                String field = f.path("Field").asString();
                if ("eventCategory".equals(field) && AwsFacts.strings(f.path("Equals")).contains("Management")) {
                    management = true;
                } else if ("readOnly".equals(field)) {
                    readOnly = String.join(",", AwsFacts.strings(f.path("Equals")));
                }
            }
            if (management && readOnly == null) {
                return Optional.empty();
            }
            if (management) {
                seen.add("logs management events with readOnly=" + readOnly + " only");
            }
        }
        return Optional.of(seen.isEmpty() ? "logs no management events" : String.join(", ", seen));
    }

    private static Optional<Instant> time(JsonNode n, String field) {
        String v = n.path(field).asString("");
        try {
            return v.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(v));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Problems with a delivery time: never, or longer ago than a day before the status was read. */
    private static Optional<String> stale(RuleKit.Ev ev, String statusKey, JsonNode status, String field,
            String what) {
        Optional<Instant> t = time(status, field);
        if (t.isEmpty()) {
            return Optional.of("no " + what + " delivered (" + field + " is empty)");
        }
        Instant read = ev.at(statusKey);
        if (Duration.between(t.get(), read).compareTo(FRESH) > 0) {
            return Optional.of("last " + what + " delivered " + t.get() + ", " + Duration.between(t.get(), read)
                    .toHours() + " h before the status was read");
        }
        return Optional.empty();
    }

    private static Verdict validation(RuleKit kit, RuleKit.Ev ev, JsonNode t) {
        String name = t.path("Name").asString();
        if (!t.path("LogFileValidationEnabled").asBoolean(false)) {
            return Verdict.fail("trail " + name + " has log file validation off");
        }
        String key = status(kit, t);
        return stale(ev, key, ev.need(key), "LatestDigestDeliveryTime", "digest")
                .map(m -> Verdict.fail("trail " + name + ": " + m))
                .orElseGet(() -> Verdict.pass("trail " + name + " validates log files; a digest was delivered within"
                        + " 24 h"));
    }

    private static Verdict trailKey(RuleKit kit, RuleKit.Ev ev, JsonNode t) {
        String name = t.path("Name").asString();
        String key = t.path("KmsKeyId").asString("");
        if (key.isEmpty()) {
            return Verdict.fail("trail " + name + " has no KmsKeyId: its logs use SSE-S3");
        }
        String region = t.path("HomeRegion").asString(kit.scope.region());
        return kit.notCmk(ev, KeyFacts.Ref.of(key, region)).map(m -> Verdict.fail("trail " + name + ": " + m))
                .orElseGet(() -> Verdict.pass("trail " + name + " encrypts with customer key " + key));
    }

    private static Verdict cloudWatch(RuleKit kit, RuleKit.Ev ev, JsonNode t) {
        String name = t.path("Name").asString();
        if (t.path("CloudWatchLogsLogGroupArn").asString("").isEmpty()) {
            return Verdict.fail("trail " + name + " delivers to no CloudWatch Logs group");
        }
        String key = status(kit, t);
        JsonNode st = ev.need(key);
        List<String> problems = new ArrayList<>();
        String error = st.path("LatestCloudWatchLogsDeliveryError").asString("");
        if (!error.isEmpty()) {
            problems.add("trail " + name + " CloudWatch Logs delivery error: " + error);
        }
        stale(ev, key, st, "LatestCloudWatchLogsDeliveryTime", "CloudWatch Logs event").ifPresent(m -> problems.add(
                "trail " + name + ": " + m));
        return Verdict.of(problems, "trail " + name + " delivered to " + t.path("CloudWatchLogsLogGroupArn")
                .asString() + " within 24 h, without errors");
    }

    private static Verdict trailBucket(RuleKit kit, RuleKit.Ev ev, JsonNode t) {
        String bucket = t.path("S3BucketName").asString();
        RuleKit.Parts parts = new RuleKit.Parts();
        parts.read(() -> parts.problems.addAll(IsolationRules.publicAccess(kit, ev, bucket)));
        parts.read(() -> {
            String versioning = ev.need(Keys.of(Keys.GLOBAL, "s3:GetBucketVersioning", bucket)).path("Status")
                    .asString("");
            if (!"Enabled".equals(versioning)) {
                parts.problems.add("bucket " + bucket + " versioning is " + (versioning.isEmpty() ? "off"
                        : versioning));
            }
        });
        boolean[] locked = {false};
        parts.read(() -> locked[0] = "Enabled".equals(ev.need(Keys.of(Keys.GLOBAL, "s3:GetObjectLockConfiguration",
                bucket)).path("ObjectLockConfiguration").path("ObjectLockEnabled").asString("")));
        return parts.verdict("trail bucket " + bucket + " is not public and keeps versions"
                + (locked[0] ? ", with object lock" : "; object lock is off (recommended)"));
    }

    private static Verdict controlPlane(RuleKit kit, RuleKit.Ev ev) {
        JsonNode c = kit.cluster(ev);
        Set<String> on = new LinkedHashSet<>();
        Set<String> off = new LinkedHashSet<>();
        // Enabled and disabled types come back as separate entries: read them all (Prowler reads [0]).
        for (JsonNode entry : c.path("logging").path("clusterLogging")) {
            (entry.path("enabled").asBoolean(false) ? on : off).addAll(AwsFacts.strings(entry.path("types")));
        }
        ev.opt(Keys.of(kit.scope.region(), "logs:DescribeLogGroups", "/aws/eks/" + kit.scope.rack() + "/cluster"));
        if (!on.contains("audit")) {
            return Verdict.fail("cluster " + kit.scope.rack() + " has the audit log off (enabled: " + (on.isEmpty()
                    ? "none" : String.join(", ", on)) + ")");
        }
        List<String> missing = new ArrayList<>(List.of("api", "authenticator"));
        missing.removeAll(on);
        return Verdict.pass("cluster " + kit.scope.rack() + " logs " + String.join(", ", on)
                + (missing.isEmpty() ? "" : " (recommended too: " + String.join(", ", missing) + ")"));
    }

    private static Verdict flowLogs(RuleKit kit, RuleKit.Ev ev) {
        String vpc = kit.vpc(ev);
        List<String> seen = new ArrayList<>();
        for (JsonNode fl : items(ev.need(Keys.of(kit.scope.region(), "ec2:DescribeFlowLogs", vpc)), "FlowLogs")) {
            String status = fl.path("FlowLogStatus").asString("");
            String traffic = fl.path("TrafficType").asString("");
            String delivery = fl.path("DeliverLogsStatus").asString("");
            if ("ACTIVE".equals(status) && "ALL".equals(traffic) && "SUCCESS".equals(delivery)) {
                return Verdict.pass("flow log " + fl.path("FlowLogId").asString() + " records ALL traffic of " + vpc
                        + " to " + fl.path("LogDestination").asString(fl.path("LogGroupName").asString("")));
            }
            seen.add(fl.path("FlowLogId").asString() + " is " + status + ", " + traffic + ", delivery " + delivery);
        }
        return Verdict.fail(seen.isEmpty() ? "VPC " + vpc + " has no flow log" : "no flow log of " + vpc
                + " is ACTIVE with ALL traffic and SUCCESS delivery: " + String.join("; ", seen));
    }

    private static Verdict scanning(RuleKit kit, RuleKit.Ev ev) {
        Scope s = kit.scope;
        JsonNode cfg = ev.need(Keys.of(s.region(), "ecr:GetRegistryScanningConfiguration"))
                .path("scanningConfiguration");
        String type = cfg.path("scanType").asString("BASIC");
        if ("ENHANCED".equals(type)) {
            return Verdict.pass("registry scanning is ENHANCED");
        }
        for (JsonNode rule : cfg.path("rules")) {
            boolean onPush = "SCAN_ON_PUSH".equals(rule.path("scanFrequency").asString())
                    || "CONTINUOUS_SCAN".equals(rule.path("scanFrequency").asString());
            for (JsonNode f : rule.path("repositoryFilters")) {
                if (onPush && "*".equals(f.path("filter").asString())) {
                    return Verdict.pass("registry rule " + rule.path("scanFrequency").asString()
                            + " matches every repository (*)");
                }
            }
        }
        List<JsonNode> repos = kit.facts.repositories(s);
        ev.opt(Keys.of(s.region(), "ecr:DescribeRepositories"));
        List<String> unscanned = repos.stream().filter(r -> !r.path("imageScanningConfiguration").path("scanOnPush")
                .asBoolean(false)).map(r -> r.path("repositoryName").asString()).toList();
        if (!repos.isEmpty() && unscanned.isEmpty()) {
            return Verdict.pass("every repository of rack " + s.rack() + " scans on push (per-repository setting,"
                    + " being deprecated: prefer a registry rule)");
        }
        return Verdict.fail("registry scanning is " + type + " with no scan-on-push rule for '*'"
                + (unscanned.isEmpty() ? "" : "; repositories without scan on push: " + String.join(", ", unscanned)));
    }
}
