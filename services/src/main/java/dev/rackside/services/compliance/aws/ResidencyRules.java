package dev.rackside.services.compliance.aws;

import static dev.rackside.services.compliance.aws.AwsFacts.items;

import dev.rackside.services.aws.Arn;
import dev.rackside.services.model.compliance.Status;
import dev.rackside.services.compliance.aws.AwsFacts.Scope;
import dev.rackside.services.compliance.aws.RuleKit.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The data residency checks (compliance-catalog.md section 1b): where the rack's things are, and where their
 * copies go. An ARN's region is its fourth field; a replica named only by id is in the source's region.
 */
final class ResidencyRules {
    private ResidencyRules() {
    }

    static void evaluate(RuleKit kit) {
        rackRegions(kit);
        Scope s = kit.scope;
        AwsFacts f = kit.facts;
        String anyBucket = "arn:" + s.partition() + ":s3:::*";
        List<String> buckets = kit.each(AwsChecks.RES_S3_LOCATION, anyBucket, ev -> IsolationRules.rackBuckets(kit,
                ev), "no S3 buckets tagged for rack " + s.rack());
        for (String b : buckets) {
            String arn = "arn:" + s.partition() + ":s3:::" + b;
            kit.judge(AwsChecks.RES_S3_LOCATION, arn, f.bucketRegion(b).orElse(""), ev -> {
                String region = bucketRegion(kit, ev, b);
                return approved(s, region) ? Verdict.pass("bucket " + b + " is in " + region)
                        : Verdict.fail("bucket " + b + " is in " + region + ", not an approved region ("
                                + String.join(", ", s.approved()) + ")");
            });
        }
        if (buckets.isEmpty()) {
            kit.each(AwsChecks.RES_S3_REPLICATION, anyBucket, ev -> IsolationRules.rackBuckets(kit, ev),
                    "no S3 buckets tagged for rack " + s.rack());
        }
        for (String b : buckets) {
            kit.judge(AwsChecks.RES_S3_REPLICATION, "arn:" + s.partition() + ":s3:::" + b, f.bucketRegion(b)
                    .orElse(""), ev -> replication(kit, ev, b));
        }
        String dbs = s.arn("rds", s.region(), "db:*");
        for (JsonNode db : kit.each(AwsChecks.RES_RDS_COPIES, dbs, kit::databases, "no RDS databases of rack "
                + s.rack() + " in " + s.region())) {
            kit.judge(AwsChecks.RES_RDS_COPIES, RuleKit.databaseArn(db), s.region(), ev -> rdsCopies(kit, ev, db));
        }
        // AWS-managed keys are never Multi-Region: the customer's keys are the ones that can be copied out.
        for (KeyFacts.Ref ref : kit.each(AwsChecks.RES_KMS_MRK, s.arn("kms", s.region(), "key/*"), ev -> {
            ev.need(Keys.of(s.region(), "kms:ListKeys"));
            return KeyRules.customerKeys(kit, ev);
        }, "no customer KMS keys used by or tagged for rack " + s.rack())) {
            kit.judge(AwsChecks.RES_KMS_MRK, keyArn(kit, ref), ref.region(), ev -> multiRegionKey(kit, ev, ref));
        }
        replicationTargets(kit);
        logDestinations(kit);
    }

    static boolean approved(Scope s, String region) {
        return s.approved().contains(region);
    }

    static String keyArn(RuleKit kit, KeyFacts.Ref ref) {
        return kit.facts.json(kit.keys.describeKey(ref)).map(n -> n.path("KeyMetadata").path("Arn").asString(""))
                .filter(a -> !a.isEmpty()).orElse(ref.ref().startsWith("arn:") ? ref.ref()
                        : kit.scope.arn("kms", ref.region(), ref.ref().startsWith("alias/") ? ref.ref()
                                : "key/" + ref.ref()));
    }

    private static String bucketRegion(RuleKit kit, RuleKit.Ev ev, String bucket) {
        ev.need(Keys.of(Keys.GLOBAL, "s3:ListBuckets"));
        ev.opt(Keys.of(Keys.GLOBAL, "s3:GetBucketLocation", bucket));
        return kit.facts.bucketRegion(bucket).orElseThrow(() -> new RuleKit.Unavailable(Status.ERROR,
                "cannot tell the region of bucket " + bucket));
    }

    private static void rackRegions(RuleKit kit) {
        Scope s = kit.scope;
        String resource = s.arn("ec2", s.region(), "regions");
        List<String> regions = kit.each(AwsChecks.RES_RACK_REGIONS, resource, ev -> {
            ev.need(Keys.of(s.region(), "ec2:DescribeRegions"));
            return RegionSweep.regions(kit.facts, s);
        }, "every region of partition " + s.partition() + " is approved");
        List<String> clean = new ArrayList<>();
        java.util.Set<String> unread = new java.util.LinkedHashSet<>();
        RuleKit.Ev cleanEvidence = kit.new Ev();
        cleanEvidence.opt(Keys.of(s.region(), "ec2:DescribeRegions"));
        for (String region : regions) {
            RuleKit.Ev ev = kit.new Ev();
            List<String> found = new ArrayList<>();
            java.util.Set<String> errors = new java.util.LinkedHashSet<>();
            // Each source on its own: one the partition lacks, or one refused, must not hide what the others show.
            for (var source : sweepSources(kit, region)) {
                try {
                    source.accept(ev, found);
                } catch (RuleKit.Unavailable u) {
                    (u.status == Status.ERROR ? errors : unread).add(region + ": " + u.getMessage());
                }
            }
            String arn = s.arn("ec2", region, "region");
            List<String> distinct = found.stream().distinct().toList();
            if (!distinct.isEmpty()) {
                kit.record(AwsChecks.RES_RACK_REGIONS, arn, region, ev, Verdict.fail(distinct.size()
                        + " resource(s) of rack " + s.rack() + " in " + region + ", not an approved region: "
                        + String.join(", ", distinct.stream().limit(10).toList())
                        + (distinct.size() > 10 ? " (+" + (distinct.size() - 10) + " more)" : "")));
            } else if (!errors.isEmpty()) {
                kit.record(AwsChecks.RES_RACK_REGIONS, arn, region, ev, new Verdict(Status.ERROR,
                        String.join("; ", errors)));
            } else {
                clean.add(region);
                cleanEvidence.absorb(ev);
            }
        }
        if (!clean.isEmpty()) {
            kit.record(AwsChecks.RES_RACK_REGIONS, resource, s.region(), cleanEvidence, Verdict.pass("nothing of rack "
                    + s.rack() + " in the " + clean.size() + " non-approved region(s) swept: "
                    + String.join(", ", clean)
                    + (unread.isEmpty() ? "" : " (not read there: " + String.join("; ", unread) + ")")));
        }
    }

    /** What the sweep reads in a region, each adding the rack's resources it shows to a list. */
    private static List<java.util.function.BiConsumer<RuleKit.Ev, List<String>>> sweepSources(RuleKit kit,
            String region) {
        Scope s = kit.scope;
        List<java.util.function.BiConsumer<RuleKit.Ev, List<String>>> out = new ArrayList<>();
        for (String tag : AwsFacts.TAG_KEYS) {
            out.add((ev, found) -> items(ev.need(Keys.of(region, "tag:GetResources", tag)), "ResourceTagMappingList")
                    .forEach(m -> found.add(m.path("ResourceARN").asString())));
            out.add((ev, found) -> items(ev.need(Keys.of(region, "ec2:DescribeSnapshots", tag)), "Snapshots")
                    .forEach(x -> found.add(s.arn("ec2", region, "snapshot/" + x.path("SnapshotId").asString()))));
        }
        out.add((ev, found) -> {
            if (items(ev.need(Keys.of(region, "eks:ListClusters")), "clusters").stream()
                    .anyMatch(c -> c.asString().equals(s.rack()))) {
                found.add(s.arn("eks", region, "cluster/" + s.rack()));
            }
        });
        out.add((ev, found) -> items(ev.need(Keys.of(region, "rds:DescribeDBInstances")), "DBInstances").stream()
                .filter(d -> AwsFacts.taggedFor(d.path("TagList"), s.rack()))
                .forEach(d -> found.add(d.path("DBInstanceArn").asString())));
        out.add((ev, found) -> items(ev.need(Keys.of(region, "rds:DescribeDBSnapshots")), "DBSnapshots").stream()
                .filter(d -> AwsFacts.taggedFor(d.path("TagList"), s.rack()))
                .forEach(d -> found.add(d.path("DBSnapshotArn").asString())));
        return out;
    }

    private static Verdict replication(RuleKit kit, RuleKit.Ev ev, String bucket) {
        Scope s = kit.scope;
        JsonNode n = ev.need(Keys.of(Keys.GLOBAL, "s3:GetBucketReplication", bucket));
        if (AwsFacts.unset(n).isPresent()) {
            return Verdict.pass("bucket " + bucket + " has no replication configuration");
        }
        List<String> problems = new ArrayList<>();
        int enabled = 0;
        for (JsonNode rule : items(n.path("ReplicationConfiguration"), "Rules")) {
            if (!"Enabled".equals(rule.path("Status").asString())) {
                continue;
            }
            enabled++;
            String dest = rule.path("Destination").path("Bucket").asString("");
            String name = dest.substring(dest.lastIndexOf(':') + 1);
            String account = rule.path("Destination").path("Account").asString("");
            if (!account.isEmpty() && !account.equals(s.account())) {
                problems.add("rule " + rule.path("ID").asString("?") + " replicates to account " + account);
            }
            ev.opt(Keys.of(Keys.GLOBAL, "s3:GetBucketLocation", name));
            Optional<String> region = kit.facts.bucketRegion(name);
            if (region.isEmpty()) {
                problems.add("rule " + rule.path("ID").asString("?") + ": cannot tell the region of " + dest);
            } else if (!approved(s, region.get())) {
                problems.add("rule " + rule.path("ID").asString("?") + " replicates to " + name + " in "
                        + region.get() + ", not an approved region");
            }
        }
        return Verdict.of(problems, "bucket " + bucket + ": " + enabled
                + " enabled replication rule(s), all to approved regions of this account");
    }

    private static Verdict rdsCopies(RuleKit kit, RuleKit.Ev ev, JsonNode db) {
        Scope s = kit.scope;
        ev.need(Keys.of(s.region(), db.has("DBInstanceArn") ? "rds:DescribeDBInstances" : "rds:DescribeDBClusters"));
        List<String> copies = new ArrayList<>();
        db.path("DBInstanceAutomatedBackupsReplications").forEach(r -> copies.add(r.path(
                "DBInstanceAutomatedBackupsArn").asString()));
        db.path("ReadReplicaDBInstanceIdentifiers").forEach(r -> copies.add(r.asString()));
        db.path("ReadReplicaIdentifiers").forEach(r -> copies.add(r.asString()));
        String global = db.path("GlobalClusterIdentifier").asString("");
        if (!global.isEmpty()) {
            JsonNode g = ev.need(Keys.of(s.region(), "rds:DescribeGlobalClusters", global));
            items(g, "GlobalClusters").forEach(gc -> gc.path("GlobalClusterMembers").forEach(m -> copies.add(m
                    .path("DBClusterArn").asString())));
        }
        String name = db.path("DBInstanceIdentifier").asString(db.path("DBClusterIdentifier").asString());
        List<String> outside = copies.stream().filter(c -> !approved(s, Arn.regionOr(c, s.region()))).toList();
        return outside.isEmpty() ? Verdict.pass("database " + name + ": " + copies.size()
                + " replica(s) and backup copies, all in approved regions")
                : Verdict.fail("database " + name + " has copies outside the approved regions: "
                        + String.join(", ", outside));
    }

    private static Verdict multiRegionKey(RuleKit kit, RuleKit.Ev ev, KeyFacts.Ref ref) {
        Scope s = kit.scope;
        JsonNode m = ev.need(kit.keys.describeKey(ref)).path("KeyMetadata");
        if (!m.path("MultiRegion").asBoolean(false)) {
            return approved(s, ref.region()) ? Verdict.pass("key " + m.path("Arn").asString()
                    + " is a single-Region key in " + ref.region()) : Verdict.fail("key " + m.path("Arn").asString()
                            + " is in " + ref.region() + ", not an approved region");
        }
        JsonNode cfg = m.path("MultiRegionConfiguration");
        List<String> regions = new ArrayList<>();
        regions.add(cfg.path("PrimaryKey").path("Region").asString(ref.region()));
        cfg.path("ReplicaKeys").forEach(r -> regions.add(r.path("Region").asString()));
        List<String> outside = regions.stream().filter(r -> !approved(s, r)).distinct().toList();
        return outside.isEmpty() ? Verdict.pass("Multi-Region key " + m.path("Arn").asString() + " is only in "
                + String.join(", ", regions)) : Verdict.fail("Multi-Region key " + m.path("Arn").asString()
                        + " has copies in " + String.join(", ", outside) + ", not approved");
    }

    private static void replicationTargets(RuleKit kit) {
        Scope s = kit.scope;
        AwsFacts f = kit.facts;
        for (JsonNode secret : f.secrets(s)) {
            String arn = secret.path("ARN").asString();
            kit.judge(AwsChecks.RES_REPLICATION_TARGETS, arn, s.region(), ev -> {
                ev.need(Keys.of(s.region(), "secretsmanager:ListSecrets"));
                JsonNode d = ev.need(Keys.of(s.region(), "secretsmanager:DescribeSecret", arn));
                List<String> outside = new ArrayList<>();
                d.path("ReplicationStatus").forEach(r -> {
                    if (!approved(s, r.path("Region").asString())) {
                        outside.add(r.path("Region").asString());
                    }
                });
                return outside.isEmpty() ? Verdict.pass("secret " + secret.path("Name").asString() + " replicates to "
                        + d.path("ReplicationStatus").size() + " region(s), all approved")
                        : Verdict.fail("secret " + secret.path("Name").asString() + " replicates to "
                                + String.join(", ", outside) + ", not approved");
            });
        }
        kit.judge(AwsChecks.RES_REPLICATION_TARGETS, s.arn("ecr", s.region(), "registry/" + s.account()), s.region(),
                ev -> {
                    JsonNode reg = ev.need(Keys.of(s.region(), "ecr:DescribeRegistry"));
                    List<String> problems = new ArrayList<>();
                    for (JsonNode rule : reg.path("replicationConfiguration").path("rules")) {
                        for (JsonNode d : rule.path("destinations")) {
                            String region = d.path("region").asString();
                            String account = d.path("registryId").asString(s.account());
                            if (!approved(s, region) || !account.equals(s.account())) {
                                problems.add("registry replicates to " + account + " in " + region);
                            }
                        }
                    }
                    return Verdict.of(problems, "registry replication stays in approved regions of this account ("
                            + reg.path("replicationConfiguration").path("rules").size() + " rule(s))");
                });
        String plans = Keys.of(s.region(), "backup:ListBackupPlans");
        List<JsonNode> ids = kit.each(AwsChecks.RES_REPLICATION_TARGETS, s.arn("backup", s.region(), "backup-plan:*"),
                ev -> items(ev.need(plans), "BackupPlansList"), "no AWS Backup plans in " + s.region());
        for (JsonNode plan : ids) {
            String id = plan.path("BackupPlanId").asString();
            kit.judge(AwsChecks.RES_REPLICATION_TARGETS, plan.path("BackupPlanArn").asString(id), s.region(), ev -> {
                ev.need(plans);
                JsonNode p = ev.need(Keys.of(s.region(), "backup:GetBackupPlan", id));
                List<String> problems = new ArrayList<>();
                for (JsonNode rule : p.path("BackupPlan").path("Rules")) {
                    for (JsonNode copy : rule.path("CopyActions")) {
                        String vault = copy.path("DestinationBackupVaultArn").asString();
                        if (!approved(s, Arn.regionOr(vault, s.region()))
                                || !Arn.accountOf(vault).equals(s.account())) {
                            problems.add("plan " + p.path("BackupPlan").path("BackupPlanName").asString(id)
                                    + " rule " + rule.path("RuleName").asString("?") + " copies to " + vault);
                        }
                    }
                }
                return Verdict.of(problems, "backup plan " + p.path("BackupPlan").path("BackupPlanName").asString(id)
                        + " copies only to approved regions of this account");
            });
        }
    }

    private static void logDestinations(RuleKit kit) {
        Scope s = kit.scope;
        AwsFacts f = kit.facts;
        String trails = Keys.of(s.region(), "cloudtrail:DescribeTrails");
        for (JsonNode t : kit.each(AwsChecks.RES_LOG_DESTINATIONS, s.arn("cloudtrail", s.region(), "trail/*"),
                ev -> items(ev.need(trails), "trailList"), "no CloudTrail trails in " + s.region())) {
            String bucket = t.path("S3BucketName").asString();
            kit.judge(AwsChecks.RES_LOG_DESTINATIONS, t.path("TrailARN").asString(), t.path("HomeRegion")
                    .asString(s.region()), ev -> {
                        ev.need(trails);
                        String region = bucketRegion(kit, ev, bucket);
                        return approved(s, region) ? Verdict.pass("trail delivers to bucket " + bucket + " in "
                                + region) : Verdict.fail("trail delivers to bucket " + bucket + " in " + region
                                        + ", not an approved region");
                    });
        }
        for (JsonNode g : f.logGroups(s)) {
            String name = g.path("logGroupName").asString();
            String key = Keys.of(s.region(), "logs:DescribeSubscriptionFilters", name);
            if (f.items(key, "subscriptionFilters").isEmpty() && f.inventory().failure(key).isEmpty()) {
                continue;
            }
            kit.judge(AwsChecks.RES_LOG_DESTINATIONS, g.path("logGroupArn").asString(g.path("arn").asString()),
                    s.region(), ev -> {
                        List<String> problems = new ArrayList<>();
                        for (JsonNode sub : items(ev.need(key), "subscriptionFilters")) {
                            String dest = sub.path("destinationArn").asString();
                            String account = Arn.accountOf(dest);
                            if (!approved(s, Arn.regionOr(dest, s.region())) || !(account.equals(s.account())
                                    || s.settings().logArchiveAccounts().contains(account))) {
                                problems.add("log group " + name + " streams to " + dest);
                            }
                        }
                        return Verdict.of(problems, "log group " + name + " streams only to approved regions of"
                                + " this account" + (s.settings().logArchiveAccounts().isEmpty() ? ""
                                        : " or the log-archive account"));
                    });
        }
    }
}
