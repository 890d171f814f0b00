package dev.rackside.services.compliance.aws;

import dev.rackside.services.model.compliance.Inventory;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What of an AWS account is the rack's, as the compliance checks decide it ({@link AwsFacts}, {@link KeyFacts}):
 * its EKS cluster (name, ARN, role), the cluster's VPC, subnets and security groups, the KMS keys its resources
 * reference or that are tagged for it, its tagged buckets and secrets, its registry repositories, databases and
 * log groups. The audit trail keeps the CloudTrail events that name any of these, so "administrative access to
 * the rack" means the same set the checks judged.
 *
 * @param identifiers every name, id and ARN of the rack's resources, exactly as AWS writes them
 * @param key         the rack's own KMS key: the one its cluster encrypts Secrets with, where it has one
 */
public record RackScope(String rack, String account, String partition, String region, List<String> regions,
        Set<String> identifiers, Optional<String> key) {

    public RackScope {
        regions = List.copyOf(regions);
        identifiers = Set.copyOf(identifiers);
    }

    /** The scope of the inventory the collector read; empty when it could not tell the account. */
    public static Optional<RackScope> of(Inventory inv) {
        AwsFacts facts = new AwsFacts(inv);
        Optional<AwsFacts.Scope> scope = facts.scope().filter(s -> !s.account().isEmpty());
        if (scope.isEmpty()) {
            return Optional.empty();
        }
        AwsFacts.Scope s = scope.get();
        Set<String> ids = new LinkedHashSet<>();
        facts.cluster(s).ifPresent(c -> {
            add(ids, c, "name", "arn", "roleArn");
            JsonNode vpc = c.path("resourcesVpcConfig");
            add(ids, vpc.path("clusterSecurityGroupId"));
            vpc.path("securityGroupIds").forEach(n -> add(ids, n));
            vpc.path("subnetIds").forEach(n -> add(ids, n));
        });
        ids.add(s.rack());
        facts.vpcId(s).ifPresent(ids::add);
        KeyFacts keys = new KeyFacts(facts);
        for (KeyFacts.Ref r : keys.inScope(s)) {
            ids.add(r.ref());
            keys.keyId(r).ifPresent(ids::add);
        }
        ids.addAll(facts.rackBuckets(s));
        facts.secrets(s).forEach(x -> add(ids, x, "ARN", "Name"));
        facts.repositories(s).forEach(r -> add(ids, r, "repositoryArn", "repositoryName"));
        facts.dbInstances(s).forEach(d -> add(ids, d, "DBInstanceIdentifier", "DBInstanceArn"));
        facts.dbClusters(s).forEach(d -> add(ids, d, "DBClusterIdentifier", "DBClusterArn"));
        facts.logGroups(s).forEach(g -> add(ids, g, "logGroupName", "arn"));
        ids.remove("");
        Optional<String> key = facts.cluster(s).flatMap(c -> {
            for (JsonNode e : c.path("encryptionConfig")) {
                String arn = e.path("provider").path("keyArn").asString("");
                if (!arn.isEmpty()) {
                    return Optional.of(arn);
                }
            }
            return Optional.empty();
        });
        return Optional.of(new RackScope(s.rack(), s.account(), s.partition(), s.region(), s.approved(), ids, key));
    }

    /** Why the scope is unknown: what STS answered in {@code region} when asked who the credentials are. */
    public static String whyUnknown(Inventory inv, String region) {
        String key = Keys.of(region, "sts:GetCallerIdentity");
        return inv.failure(key).or(() -> inv.absence(key)).orElse("no answer");
    }

    private static void add(Set<String> ids, JsonNode n, String... fields) {
        for (String f : fields) {
            add(ids, n.path(f));
        }
    }

    private static void add(Set<String> ids, JsonNode n) {
        String v = n.asString("");
        if (!v.isEmpty()) {
            ids.add(v);
        }
    }
}
