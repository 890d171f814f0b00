package dev.rackside.services.compliance.aws;

import dev.rackside.services.aws.Arn;
import dev.rackside.services.compliance.aws.AwsFacts.Scope;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * KMS keys as the inventory knows them: the references the rack's resources make (ARNs, key ids, aliases,
 * alias ARNs), resolved to key ids through ListAliases, and the CMK test of compliance-catalog.md section 0:
 * {@code KeyManager=CUSTOMER} and {@code KeyState=Enabled}. A key behind an {@code alias/aws/...} alias is
 * AWS-managed whatever DescribeKey says (that namespace is reserved to AWS; moto reports such keys as
 * CUSTOMER).
 */
final class KeyFacts {
    /** A key reference as a resource holds it, and the region it is resolved in. */
    record Ref(String region, String ref) {
        /** A reference as a resource holds it: an ARN says its region, anything else is in {@code region}. */
        static Ref of(String ref, String region) {
            return new Ref(Arn.regionOr(ref, region), ref);
        }
    }

    private final AwsFacts facts;

    KeyFacts(AwsFacts facts) {
        this.facts = facts;
    }

    /** Every key the rack's resources reference. */
    List<Ref> referenced(Scope s) {
        Set<Ref> out = new LinkedHashSet<>();
        String home = s.region();
        facts.cluster(s).ifPresent(c -> c.path("encryptionConfig").forEach(e -> add(out, home,
                e.path("provider").path("keyArn"))));
        facts.dbInstances(s).forEach(d -> add(out, home, d.path("KmsKeyId")));
        facts.dbClusters(s).forEach(d -> add(out, home, d.path("KmsKeyId")));
        facts.dbSnapshots(s).forEach(d -> add(out, home, d.path("KmsKeyId")));
        facts.dbClusterSnapshots(s).forEach(d -> add(out, home, d.path("KmsKeyId")));
        for (String b : facts.rackBuckets(s)) {
            String region = facts.bucketRegion(b).orElse(home);
            facts.json(Keys.of(Keys.GLOBAL, "s3:GetBucketEncryption", b)).ifPresent(n -> AwsFacts.items(
                    n.path("ServerSideEncryptionConfiguration"), "Rules").forEach(r -> add(out, region,
                    r.path("ApplyServerSideEncryptionByDefault").path("KMSMasterKeyID"))));
        }
        facts.secrets(s).forEach(x -> add(out, home, x.path("KmsKeyId")));
        facts.repositories(s).forEach(r -> add(out, home, r.path("encryptionConfiguration").path("kmsKey")));
        facts.logGroups(s).forEach(g -> add(out, home, g.path("kmsKeyId")));
        facts.trails(s).forEach(t -> add(out, t.path("HomeRegion").asString(home), t.path("KmsKeyId")));
        for (String region : s.approved()) {
            facts.json(Keys.of(region, "ec2:GetEbsDefaultKmsKeyId")).ifPresent(n -> add(out, region,
                    n.path("KmsKeyId")));
        }
        volumes(s).forEach(v -> add(out, home, v.path("KmsKeyId")));
        snapshots(s).forEach(v -> add(out, home, v.path("KmsKeyId")));
        return List.copyOf(out);
    }

    List<JsonNode> volumes(Scope s) {
        return distinct(facts.items(Keys.of(s.region(), "ec2:DescribeVolumes", "tag"), "Volumes"),
                facts.items(Keys.of(s.region(), "ec2:DescribeVolumes", "cluster"), "Volumes"), "VolumeId");
    }

    List<JsonNode> snapshots(Scope s) {
        return distinct(facts.items(Keys.of(s.region(), "ec2:DescribeSnapshots", "Rack"), "Snapshots"),
                facts.items(Keys.of(s.region(), "ec2:DescribeSnapshots", "rack-id"), "Snapshots"), "SnapshotId");
    }

    private static List<JsonNode> distinct(List<JsonNode> a, List<JsonNode> b, String id) {
        List<JsonNode> out = new ArrayList<>(a);
        Set<String> seen = new LinkedHashSet<>();
        a.forEach(n -> seen.add(n.path(id).asString()));
        b.stream().filter(n -> seen.add(n.path(id).asString())).forEach(out::add);
        return out;
    }

    private static void add(Set<Ref> out, String region, JsonNode ref) {
        String r = ref.asString("");
        if (!r.isBlank()) {
            out.add(Ref.of(r, region));
        }
    }

    /** The key id a reference names, when it can be told from the inventory. */
    Optional<String> keyId(Ref r) {
        String ref = r.ref();
        Optional<Arn> arn = Arn.parse(ref);
        if (arn.isPresent()) {
            String resource = arn.get().resource();
            if (resource.startsWith("key/")) {
                return Optional.of(resource.substring(4));
            }
            return aliasTarget(r.region(), resource);
        }
        if (ref.startsWith("alias/")) {
            return aliasTarget(r.region(), ref);
        }
        return Optional.of(ref);
    }

    /** The alias names pointing at a key. */
    List<String> aliases(String region, String keyId) {
        return facts.items(Keys.of(region, "kms:ListAliases"), "Aliases").stream()
                .filter(a -> keyId.equals(a.path("TargetKeyId").asString()))
                .map(a -> a.path("AliasName").asString()).toList();
    }

    private Optional<String> aliasTarget(String region, String alias) {
        return facts.items(Keys.of(region, "kms:ListAliases"), "Aliases").stream()
                .filter(a -> alias.equals(a.path("AliasName").asString()))
                .map(a -> a.path("TargetKeyId").asString("")).filter(t -> !t.isEmpty()).findFirst();
    }

    static String describeKey(String region, String keyId) {
        return Keys.of(region, "kms:DescribeKey", keyId);
    }

    /** Where the DescribeKey answer for a reference is kept. */
    String describeKey(Ref r) {
        return describeKey(r.region(), keyId(r).orElse(r.ref()));
    }

    /** The rack's keys: every key its resources reference, and the home region's keys tagged for it. */
    List<Ref> inScope(Scope s) {
        Set<Ref> out = new LinkedHashSet<>(referenced(s));
        Set<String> ids = new LinkedHashSet<>();
        out.forEach(r -> keyId(r).ifPresent(ids::add));
        taggedKeys(s).stream().filter(ids::add).forEach(id -> out.add(new Ref(s.region(), id)));
        return List.copyOf(out);
    }

    /** The key ids of this region's customer keys tagged for the rack. */
    List<String> taggedKeys(Scope s) {
        List<String> out = new ArrayList<>();
        for (JsonNode k : facts.items(Keys.of(s.region(), "kms:ListKeys"), "Keys")) {
            String id = k.path("KeyId").asString();
            boolean tagged = facts.json(Keys.of(s.region(), "kms:ListResourceTags", id))
                    .map(n -> AwsFacts.taggedFor(n.path("Tags").isMissingNode() ? n : n.path("Tags"), s.rack()))
                    .orElse(false);
            if (tagged) {
                out.add(id);
            }
        }
        return out;
    }

    /**
     * Why a reference fails the CMK test, or empty when it passes. {@code describe} gives the key's
     * DescribeKey answer (the caller decides what a missing answer means).
     */
    Optional<String> notCustomerManaged(Ref r, JsonNode describe) {
        Optional<String> missing = AwsFacts.unset(describe);
        if (missing.isPresent()) {
            return Optional.of("key " + r.ref() + " does not exist (" + missing.get() + ")");
        }
        JsonNode m = describe.path("KeyMetadata");
        String arn = m.path("Arn").asString(r.ref());
        String id = m.path("KeyId").asString("");
        if (r.ref().contains("alias/aws/") || aliases(r.region(), id).stream().anyMatch(a -> a.startsWith(
                "alias/aws/"))) {
            return Optional.of("key " + arn + " is AWS-managed (" + aliasesOr(r, id) + "), not a customer key");
        }
        String manager = m.path("KeyManager").asString("");
        if (!"CUSTOMER".equals(manager)) {
            return Optional.of("key " + arn + " has KeyManager=" + manager + ", not CUSTOMER");
        }
        String state = m.path("KeyState").asString("");
        if (!"Enabled".equals(state)) {
            return Optional.of("key " + arn + " is " + state);
        }
        return Optional.empty();
    }

    private String aliasesOr(Ref r, String id) {
        List<String> a = aliases(r.region(), id);
        return a.isEmpty() ? r.ref() : String.join(", ", a);
    }
}
