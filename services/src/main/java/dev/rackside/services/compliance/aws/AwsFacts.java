package dev.rackside.services.compliance.aws;

import dev.rackside.services.aws.Arn;
import dev.rackside.services.model.compliance.Inventory;
import dev.rackside.services.model.ComplianceSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The AWS inventory read back: what the run was scoped to and which of the account's resources belong to
 * the rack. Pure: it only reads the inventory, so the collectors (deciding what to read next) and the rules
 * (deciding what passes) agree on scope by construction, and a recorded inventory scopes the same way.
 *
 * <p>Scope (compliance-catalog.md section 0): the EKS cluster named after the rack, its VPC, resources
 * tagged {@code Rack=<rack>} (Convox's tag) or {@code rack-id=<rack>} (the catalog's), databases in the
 * rack's VPC, ECR repositories {@code <rack>/...}, the rack's log groups, and every KMS key those use.
 */
final class AwsFacts {
    static final List<String> TAG_KEYS = List.of("Rack", "rack-id");

    /**
     * What a run was scoped to, with the rack's approved exceptions; kept in the inventory under
     * {@link Keys#SCOPE}, so a recorded or re-evaluated inventory is judged with the settings it was read with.
     */
    record Scope(String rack, String partition, String region, List<String> approved, String account,
            ComplianceSettings settings) {
        Scope {
            approved = List.copyOf(approved);
        }

        String arn(String service, String region, String resource) {
            return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
        }
    }

    private final Inventory inv;
    private final Map<String, JsonNode> parsed = new java.util.concurrent.ConcurrentHashMap<>();

    AwsFacts(Inventory inv) {
        this.inv = inv;
    }

    Inventory inventory() {
        return inv;
    }

    Optional<Scope> scope() {
        return json(Keys.SCOPE).map(n -> {
            JsonNode allowed = n.path("allowed");
            ComplianceSettings settings = allowed.isMissingNode() ? ComplianceSettings.DEFAULTS
                    : new ComplianceSettings(strings(allowed.path("publicPorts")).stream().map(Integer::valueOf)
                            .toList(), strings(allowed.path("links")), strings(allowed.path("logArchiveAccounts")));
            return new Scope(n.path("rack").asString(), n.path("partition").asString(), n.path("region").asString(),
                    strings(n.path("approvedRegions")), n.path("account").asString(), settings);
        });
    }

    /** The read under {@code key}, parsed once; a key not (yet) read is not remembered as missing. */
    Optional<JsonNode> json(String key) {
        JsonNode known = parsed.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<JsonNode> read = inv.get(key).map(e -> Wire.JSON.readTree(e.body()));
        read.ifPresent(n -> parsed.put(key, n));
        return read;
    }

    /** The items of a list member, across pages when the read was paginated. */
    static List<JsonNode> items(JsonNode pagesOrResponse, String member) {
        List<JsonNode> out = new ArrayList<>();
        if (pagesOrResponse == null) {
            return out;
        }
        if (pagesOrResponse.isArray()) {
            pagesOrResponse.forEach(page -> page.path(member).forEach(out::add));
        } else {
            pagesOrResponse.path(member).forEach(out::add);
        }
        return out;
    }

    List<JsonNode> items(String key, String member) {
        return json(key).map(n -> items(n, member)).orElse(List.of());
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    /** The error code a read recorded as evidence of "not configured", or empty for a normal answer. */
    static Optional<String> unset(JsonNode n) {
        return n.has("Error") ? Optional.of(n.path("Error").path("Code").asString()) : Optional.empty();
    }

    /** Whether tags (a list of key/value pairs in any of AWS's spellings, or a map) carry this rack's tag. */
    static boolean taggedFor(JsonNode tags, String rack) {
        return tagValue(tags).map(rack::equals).orElse(false);
    }

    /** The rack a resource's tags name, if any. */
    static Optional<String> tagValue(JsonNode tags) {
        if (tags == null || tags.isMissingNode() || tags.isNull()) {
            return Optional.empty();
        }
        if (tags.isArray()) {
            for (JsonNode t : tags) {
                // EC2, RDS, S3 and Secrets Manager say Key/Value, ECR key/value, KMS TagKey/TagValue.
                String k = first(t, "Key", "key", "TagKey");
                if (TAG_KEYS.contains(k)) {
                    return Optional.of(first(t, "Value", "value", "TagValue"));
                }
            }
            return Optional.empty();
        }
        for (String k : TAG_KEYS) {
            if (tags.has(k)) {
                return Optional.of(tags.path(k).asString());
            }
        }
        return Optional.empty();
    }

    /** The first of {@code fields} the node has, as text; empty when it has none. */
    static String first(JsonNode n, String... fields) {
        for (String f : fields) {
            if (n.has(f)) {
                return n.path(f).asString();
            }
        }
        return "";
    }

    // ---- EKS and the VPC

    String clusterKey(Scope s) {
        return Keys.of(s.region(), "eks:DescribeCluster", s.rack());
    }

    Optional<JsonNode> cluster(Scope s) {
        return json(clusterKey(s)).filter(n -> unset(n).isEmpty()).map(n -> n.path("cluster"));
    }

    /** The rack cluster's VPC. */
    Optional<String> vpcId(Scope s) {
        return vpcOf(s, s.rack());
    }

    /** A cluster's VPC: {@code resourcesVpcConfig.vpcId}, else the VPC of its subnets. */
    Optional<String> vpcOf(Scope s, String clusterName) {
        Optional<JsonNode> c = json(Keys.of(s.region(), "eks:DescribeCluster", clusterName))
                .filter(n -> unset(n).isEmpty()).map(n -> n.path("cluster"));
        if (c.isEmpty()) {
            return Optional.empty();
        }
        String direct = c.get().path("resourcesVpcConfig").path("vpcId").asString("");
        if (!direct.isEmpty()) {
            return Optional.of(direct);
        }
        return items(Keys.of(s.region(), "ec2:DescribeSubnets", clusterName), "Subnets").stream()
                .map(n -> n.path("VpcId").asString("")).filter(v -> !v.isEmpty()).findFirst();
    }

    /** The names of the region's clusters. */
    List<String> clusters(Scope s) {
        return items(Keys.of(s.region(), "eks:ListClusters"), "clusters").stream().map(JsonNode::asString).toList();
    }

    static List<String> subnetsOf(JsonNode cluster) {
        return strings(cluster.path("resourcesVpcConfig").path("subnetIds"));
    }

    List<String> clusterSubnets(Scope s) {
        return cluster(s).map(AwsFacts::subnetsOf).orElse(List.of());
    }

    // ---- RDS

    List<JsonNode> dbInstances(Scope s) {
        Optional<String> vpc = vpcId(s);
        return items(Keys.of(s.region(), "rds:DescribeDBInstances"), "DBInstances").stream()
                .filter(d -> taggedFor(d.path("TagList"), s.rack()) || vpc.map(v -> v.equals(
                        d.path("DBSubnetGroup").path("VpcId").asString(""))).orElse(false))
                .toList();
    }

    List<JsonNode> dbClusters(Scope s) {
        Set<String> members = new LinkedHashSet<>();
        dbInstances(s).forEach(d -> members.add(d.path("DBClusterIdentifier").asString("")));
        return items(Keys.of(s.region(), "rds:DescribeDBClusters"), "DBClusters").stream()
                .filter(c -> taggedFor(c.path("TagList"), s.rack())
                        || members.contains(c.path("DBClusterIdentifier").asString()))
                .toList();
    }

    List<JsonNode> dbSnapshots(Scope s) {
        Set<String> ids = new LinkedHashSet<>();
        dbInstances(s).forEach(d -> ids.add(d.path("DBInstanceIdentifier").asString()));
        return items(Keys.of(s.region(), "rds:DescribeDBSnapshots"), "DBSnapshots").stream()
                .filter(x -> taggedFor(x.path("TagList"), s.rack())
                        || ids.contains(x.path("DBInstanceIdentifier").asString()))
                .toList();
    }

    List<JsonNode> dbClusterSnapshots(Scope s) {
        Set<String> ids = new LinkedHashSet<>();
        dbClusters(s).forEach(d -> ids.add(d.path("DBClusterIdentifier").asString()));
        return items(Keys.of(s.region(), "rds:DescribeDBClusterSnapshots"), "DBClusterSnapshots").stream()
                .filter(x -> taggedFor(x.path("TagList"), s.rack())
                        || ids.contains(x.path("DBClusterIdentifier").asString()))
                .toList();
    }

    // ---- S3

    /** Every bucket of the account, by name, with the region ListBuckets gave (may be empty). */
    Map<String, String> buckets() {
        Map<String, String> out = new LinkedHashMap<>();
        items(Keys.of(Keys.GLOBAL, "s3:ListBuckets"), "Buckets").forEach(b -> out.put(b.path("Name").asString(),
                b.path("BucketRegion").asString("")));
        return out;
    }

    /** The rack's buckets: those tagged for it. */
    List<String> rackBuckets(Scope s) {
        return buckets().keySet().stream().filter(b -> json(Keys.of(Keys.GLOBAL, "s3:GetBucketTagging", b))
                .map(n -> taggedFor(n.path("TagSet"), s.rack())).orElse(false)).toList();
    }

    /**
     * A bucket's region: ListBuckets' BucketRegion, else GetBucketLocation's. (HeadBucket would need
     * {@code s3:ListBucket}, which the least-privilege policy does not grant.)
     */
    Optional<String> bucketRegion(String bucket) {
        String listed = buckets().getOrDefault(bucket, "");
        if (!listed.isEmpty()) {
            return Optional.of(listed);
        }
        String partition = scope().map(Scope::partition).orElse("aws");
        return json(Keys.of(Keys.GLOBAL, "s3:GetBucketLocation", bucket)).filter(n -> unset(n).isEmpty())
                .flatMap(n -> location(n.path("LocationConstraint").asString(""), partition));
    }

    /**
     * GetBucketLocation's answer as a region: empty means us-east-1 in the commercial partition only (the
     * GovCloud API names its region; Prowler maps empty to us-east-1 everywhere), {@code EU} is eu-west-1.
     */
    private static Optional<String> location(String constraint, String partition) {
        if (constraint.isEmpty()) {
            return "aws".equals(partition) ? Optional.of("us-east-1") : Optional.empty();
        }
        return Optional.of("EU".equals(constraint) ? "eu-west-1" : constraint);
    }

    // ---- CloudTrail

    List<JsonNode> trails(Scope s) {
        return items(Keys.of(s.region(), "cloudtrail:DescribeTrails"), "trailList");
    }

    // ---- Secrets, ECR, logs

    List<JsonNode> secrets(Scope s) {
        return items(Keys.of(s.region(), "secretsmanager:ListSecrets"), "SecretList").stream()
                .filter(x -> taggedFor(x.path("Tags"), s.rack())).toList();
    }

    List<JsonNode> repositories(Scope s) {
        return items(Keys.of(s.region(), "ecr:DescribeRepositories"), "repositories").stream()
                .filter(r -> r.path("repositoryName").asString().startsWith(s.rack() + "/")).toList();
    }

    /** The log group prefixes read: the rack's app groups, the cluster's, the flow logs' and the trails'. */
    List<String> logGroupPrefixes(Scope s) {
        Set<String> out = new LinkedHashSet<>(List.of("/convox/" + s.rack() + "/", "/aws/eks/" + s.rack()
                + "/cluster"));
        vpcId(s).ifPresent(v -> items(Keys.of(s.region(), "ec2:DescribeFlowLogs", v), "FlowLogs")
                .forEach(f -> {
                    String g = f.path("LogGroupName").asString("");
                    if (!g.isEmpty()) {
                        out.add(g);
                    }
                }));
        for (JsonNode t : trails(s)) {
            // log-group:<name>:* in the trail's ARN for its group
            Arn.parse(t.path("CloudWatchLogsLogGroupArn").asString("")).filter(a -> a.region().equals(s.region()))
                    .map(a -> a.resource().split(":")).filter(r -> r.length > 1).ifPresent(r -> out.add(r[1]));
        }
        return List.copyOf(out);
    }

    /** The rack's log groups (every group under the prefixes), de-duplicated by name. */
    List<JsonNode> logGroups(Scope s) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String p : logGroupPrefixes(s)) {
            items(Keys.of(s.region(), "logs:DescribeLogGroups", p), "logGroups")
                    .forEach(g -> out.putIfAbsent(g.path("logGroupName").asString(), g));
        }
        return List.copyOf(out.values());
    }
}
