package dev.rackside.services.compliance.aws;

import static dev.rackside.services.compliance.aws.AwsFacts.items;

import dev.rackside.services.compliance.aws.AwsFacts.Scope;
import dev.rackside.services.compliance.aws.RuleKit.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The encryption key management checks (compliance-catalog.md section 1c). "Encrypted" is not enough: the
 * key must pass the CMK test (customer-managed and enabled), which AWS-managed keys such as {@code aws/s3}
 * fail although the data is encrypted. Prowler's EKS, RDS and log-group checks accept any key.
 */
final class KeyRules {
    private static final int MAX_ROTATION_DAYS = 365;

    private KeyRules() {
    }

    static void evaluate(RuleKit kit) {
        Scope s = kit.scope;
        AwsFacts f = kit.facts;
        List<KeyFacts.Ref> keys = kit.each(AwsChecks.KEY_CMK_ROTATION, s.arn("kms", s.region(), "key/*"), ev -> {
            ev.need(Keys.of(s.region(), "kms:ListKeys"));
            return customerKeys(kit, ev);
        }, "no customer KMS keys used by or tagged for rack " + s.rack());
        keys.forEach(ref -> kit.judge(AwsChecks.KEY_CMK_ROTATION, ResidencyRules.keyArn(kit, ref), ref.region(),
                ev -> rotation(kit, ev, ref)));
        if (keys.isEmpty()) {
            kit.each(AwsChecks.KEY_CMK_STATE_POLICY, s.arn("kms", s.region(), "key/*"), ev -> customerKeys(kit, ev),
                    "no customer KMS keys used by or tagged for rack " + s.rack());
        }
        keys.forEach(ref -> kit.judge(AwsChecks.KEY_CMK_STATE_POLICY, ResidencyRules.keyArn(kit, ref),
                ref.region(), ev -> statePolicy(kit, ev, ref)));
        for (String region : s.approved()) {
            kit.judge(AwsChecks.KEY_EBS_ENCRYPTION, s.arn("ec2", region, "account"), region, ev -> ebs(kit, ev,
                    region));
        }
        String cluster = kit.clusterArn();
        kit.judge(AwsChecks.KEY_EKS_SECRETS_CMK, cluster, s.region(), ev -> eksSecrets(kit, ev));
        rds(kit);
        for (String b : kit.each(AwsChecks.KEY_S3_CMK, "arn:" + s.partition() + ":s3:::*",
                ev -> IsolationRules.rackBuckets(kit, ev), "no S3 buckets tagged for rack " + s.rack())) {
            String region = f.bucketRegion(b).orElse(s.region());
            kit.judge(AwsChecks.KEY_S3_CMK, "arn:" + s.partition() + ":s3:::" + b, region, ev -> bucket(kit, ev, b,
                    region));
        }
        String secrets = Keys.of(s.region(), "secretsmanager:ListSecrets");
        for (JsonNode x : kit.each(AwsChecks.KEY_SECRETS_CMK, s.arn("secretsmanager", s.region(), "secret:*"),
                ev -> {
                    ev.need(secrets);
                    return f.secrets(s);
                }, "no Secrets Manager secrets tagged for rack " + s.rack())) {
            kit.judge(AwsChecks.KEY_SECRETS_CMK, x.path("ARN").asString(), s.region(), ev -> {
                ev.need(secrets);
                return keyed(kit, ev, "secret " + x.path("Name").asString(), x.path("KmsKeyId").asString(""),
                        s.region(), "aws/secretsmanager");
            });
        }
        String repos = Keys.of(s.region(), "ecr:DescribeRepositories");
        for (JsonNode r : kit.each(AwsChecks.KEY_ECR_CMK, s.arn("ecr", s.region(), "repository/" + s.rack() + "/*"),
                ev -> {
                    ev.need(repos);
                    return f.repositories(s);
                }, "no ECR repositories named " + s.rack() + "/...")) {
            kit.judge(AwsChecks.KEY_ECR_CMK, r.path("repositoryArn").asString(), s.region(), ev -> {
                ev.need(repos);
                JsonNode enc = r.path("encryptionConfiguration");
                String type = enc.path("encryptionType").asString("AES256");
                String what = "repository " + r.path("repositoryName").asString();
                if ("AES256".equals(type)) {
                    return Verdict.fail(what + " uses AES256 (an AWS-owned key)");
                }
                return keyed(kit, ev, what, enc.path("kmsKey").asString(""), s.region(), "aws/ecr");
            });
        }
        for (JsonNode g : kit.each(AwsChecks.KEY_LOGS_CMK, s.arn("logs", s.region(), "log-group:*"),
                ev -> logGroups(kit, ev), "no log groups of rack " + s.rack())) {
            kit.judge(AwsChecks.KEY_LOGS_CMK, groupArn(g), s.region(), ev -> {
                logGroups(kit, ev);
                String key = g.path("kmsKeyId").asString("");
                String what = "log group " + g.path("logGroupName").asString();
                return key.isEmpty() ? Verdict.fail(what + " has no kmsKeyId: CloudWatch Logs' own key is used")
                        : keyed(kit, ev, what, key, s.region(), "");
            });
        }
    }

    static String groupArn(JsonNode g) {
        return g.path("logGroupArn").asString(g.path("arn").asString());
    }

    /** The rack's log groups, with every prefix read as evidence. */
    static List<JsonNode> logGroups(RuleKit kit, RuleKit.Ev ev) {
        for (String p : kit.facts.logGroupPrefixes(kit.scope)) {
            ev.need(Keys.of(kit.scope.region(), "logs:DescribeLogGroups", p));
        }
        return kit.facts.logGroups(kit.scope);
    }

    /** The rack's keys that are customer-managed (AWS-managed keys are AWS's to rotate and police). */
    static List<KeyFacts.Ref> customerKeys(RuleKit kit, RuleKit.Ev ev) {
        List<KeyFacts.Ref> out = new ArrayList<>();
        for (KeyFacts.Ref ref : kit.keys.inScope(kit.scope)) {
            Optional<JsonNode> d = kit.facts.json(kit.keys.describeKey(ref));
            if (d.isEmpty()) {
                out.add(ref); // undescribed: judged, and the missing read shows as ERROR
            } else if (kit.keys.notCustomerManaged(ref, d.get()).filter(m -> m.contains("AWS-managed")
                    || m.contains("KeyManager")).isEmpty()) {
                out.add(ref);
            }
        }
        return out;
    }

    private static Verdict rotation(RuleKit kit, RuleKit.Ev ev, KeyFacts.Ref ref) {
        JsonNode m = ev.need(kit.keys.describeKey(ref)).path("KeyMetadata");
        String arn = m.path("Arn").asString();
        String spec = m.path("KeySpec").asString("SYMMETRIC_DEFAULT");
        String origin = m.path("Origin").asString("AWS_KMS");
        String store = m.path("CustomKeyStoreId").asString("");
        if (!"SYMMETRIC_DEFAULT".equals(spec) || !"AWS_KMS".equals(origin) || !store.isEmpty()) {
            return Verdict.notApplicable("key " + arn + " (" + spec + ", origin " + origin
                    + (store.isEmpty() ? "" : ", custom key store " + store)
                    + ") cannot rotate automatically: keep evidence of manual rotation");
        }
        JsonNode r = ev.need(Keys.of(ref.region(), "kms:GetKeyRotationStatus", m.path("KeyId").asString()));
        if (!r.path("KeyRotationEnabled").asBoolean(false)) {
            return Verdict.fail("key " + arn + " has automatic rotation off (KeyRotationEnabled=false)");
        }
        if (!r.has("RotationPeriodInDays")) {
            return Verdict.pass("key " + arn + " rotates automatically (period not reported: AWS's default is 365"
                    + " days)");
        }
        int days = r.path("RotationPeriodInDays").asInt();
        return days <= MAX_ROTATION_DAYS ? Verdict.pass("key " + arn + " rotates every " + days + " days")
                : Verdict.fail("key " + arn + " rotates every " + days + " days, more than " + MAX_ROTATION_DAYS);
    }

    private static Verdict statePolicy(RuleKit kit, RuleKit.Ev ev, KeyFacts.Ref ref) {
        JsonNode m = ev.need(kit.keys.describeKey(ref)).path("KeyMetadata");
        String arn = m.path("Arn").asString();
        List<String> problems = new ArrayList<>();
        String state = m.path("KeyState").asString("");
        if ("PendingDeletion".equals(state) || "PendingReplicaDeletion".equals(state)) {
            problems.add("key " + arn + " is " + state + (m.has("DeletionDate") ? " (deleted on "
                    + m.path("DeletionDate").asString() + ")" : ""));
        } else if (!"Enabled".equals(state)) {
            problems.add("key " + arn + " is " + state);
        }
        JsonNode policy = ev.need(Keys.of(ref.region(), "kms:GetKeyPolicy", m.path("KeyId").asString()));
        problems.addAll(openStatements(arn, policy.path("Policy").asString("{}")));
        return Verdict.of(problems, "key " + arn + " is Enabled and its policy has no unconditioned Principal \"*\"");
    }

    /** Allow statements whose principal is everyone and that carry no Condition. */
    static List<String> openStatements(String arn, String policyJson) {
        JsonNode policy;
        try {
            policy = Wire.JSON.readTree(policyJson);
        } catch (RuntimeException e) {
            return List.of("key " + arn + " has a key policy that is not JSON");
        }
        JsonNode statements = policy.path("Statement");
        List<JsonNode> all = new ArrayList<>();
        if (statements.isArray()) {
            statements.forEach(all::add);
        } else if (statements.isObject()) {
            all.add(statements);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode st : all) {
            if ("Allow".equals(st.path("Effect").asString()) && everyone(st.path("Principal"))
                    && (st.path("Condition").isMissingNode() || st.path("Condition").isEmpty())) {
                out.add("key " + arn + " policy statement " + st.path("Sid").asString("(no Sid)")
                        + " allows Principal \"*\" without a Condition");
            }
        }
        return out;
    }

    private static boolean everyone(JsonNode principal) {
        if (principal.isString()) {
            return "*".equals(principal.asString());
        }
        JsonNode aws = principal.path("AWS");
        if (aws.isString()) {
            return "*".equals(aws.asString());
        }
        for (JsonNode a : aws) {
            if ("*".equals(a.asString())) {
                return true;
            }
        }
        return false;
    }

    private static Verdict ebs(RuleKit kit, RuleKit.Ev ev, String region) {
        Scope s = kit.scope;
        RuleKit.Parts parts = new RuleKit.Parts();
        parts.read(() -> {
            if (!ev.need(Keys.of(region, "ec2:GetEbsEncryptionByDefault")).path("EbsEncryptionByDefault")
                    .asBoolean(false)) {
                parts.problems.add("EBS encryption by default is off in " + region);
            }
        });
        String[] key = {"?"};
        parts.read(() -> {
            key[0] = ev.need(Keys.of(region, "ec2:GetEbsDefaultKmsKeyId")).path("KmsKeyId").asString("alias/aws/ebs");
            kit.notCmk(ev, KeyFacts.Ref.of(key[0], region)).ifPresent(m -> parts.problems.add("the default EBS key: "
                    + m));
        });
        if (region.equals(s.region())) {
            parts.read(() -> {
                ev.need(Keys.of(region, "ec2:DescribeVolumes", "tag"));
                ev.need(Keys.of(region, "ec2:DescribeVolumes", "cluster"));
                for (String tag : AwsFacts.TAG_KEYS) {
                    ev.need(Keys.of(region, "ec2:DescribeSnapshots", tag));
                }
                List<String> plain = new ArrayList<>();
                kit.keys.volumes(s).stream().filter(v -> !v.path("Encrypted").asBoolean(false))
                        .forEach(v -> plain.add(v.path("VolumeId").asString()));
                kit.keys.snapshots(s).stream().filter(v -> !v.path("Encrypted").asBoolean(false))
                        .forEach(v -> plain.add(v.path("SnapshotId").asString()));
                if (!plain.isEmpty()) {
                    parts.problems.add("unencrypted volumes and snapshots of rack " + s.rack() + ": "
                            + String.join(", ", plain));
                }
            });
        }
        return parts.verdict("EBS encrypts by default in " + region + " with customer key " + key[0]
                + (region.equals(s.region()) ? "; the rack's " + kit.keys.volumes(s).size() + " volume(s) and "
                        + kit.keys.snapshots(s).size() + " snapshot(s) are encrypted" : ""));
    }

    private static Verdict eksSecrets(RuleKit kit, RuleKit.Ev ev) {
        JsonNode c = kit.cluster(ev);
        for (JsonNode e : c.path("encryptionConfig")) {
            if (AwsFacts.strings(e.path("resources")).contains("secrets")) {
                String key = e.path("provider").path("keyArn").asString("");
                Optional<String> bad = kit.notCmk(ev, KeyFacts.Ref.of(key, kit.scope.region()));
                return bad.map(m -> Verdict.fail("Secrets are encrypted with " + m))
                        .orElseGet(() -> Verdict.pass("Secrets are envelope-encrypted with customer key " + key));
            }
        }
        return Verdict.fail("cluster " + kit.scope.rack() + " has no encryptionConfig for secrets: Kubernetes"
                + " Secrets use the default AWS-owned key");
    }

    private static void rds(RuleKit kit) {
        Scope s = kit.scope;
        AwsFacts f = kit.facts;
        List<String> reads = List.of("rds:DescribeDBInstances", "rds:DescribeDBClusters", "rds:DescribeDBSnapshots",
                "rds:DescribeDBClusterSnapshots");
        for (JsonNode db : kit.each(AwsChecks.KEY_RDS_CMK, s.arn("rds", s.region(), "db:*"), ev -> {
            reads.forEach(r -> ev.need(Keys.of(s.region(), r)));
            List<JsonNode> all = new ArrayList<>(f.dbInstances(s));
            all.addAll(f.dbClusters(s));
            all.addAll(f.dbSnapshots(s));
            all.addAll(f.dbClusterSnapshots(s));
            return all;
        }, "no RDS databases or snapshots of rack " + s.rack() + " in " + s.region())) {
            String arn = AwsFacts.first(db, "DBInstanceArn", "DBClusterArn", "DBSnapshotArn", "DBClusterSnapshotArn");
            String name = AwsFacts.first(db, "DBSnapshotIdentifier", "DBClusterSnapshotIdentifier",
                    "DBInstanceIdentifier", "DBClusterIdentifier");
            String kind = db.has("DBSnapshotArn") || db.has("DBClusterSnapshotArn") ? "snapshot " : "database ";
            kit.judge(AwsChecks.KEY_RDS_CMK, arn, s.region(), ev -> {
                reads.forEach(r -> ev.need(Keys.of(s.region(), r)));
                boolean encrypted = db.path("StorageEncrypted").asBoolean(db.path("Encrypted").asBoolean(false));
                if (!encrypted) {
                    return Verdict.fail(kind + name + " is not encrypted");
                }
                return keyed(kit, ev, kind + name, db.path("KmsKeyId").asString(""), s.region(), "aws/rds");
            });
        }
    }

    private static Verdict bucket(RuleKit kit, RuleKit.Ev ev, String bucket, String region) {
        JsonNode enc = ev.need(Keys.of(Keys.GLOBAL, "s3:GetBucketEncryption", bucket));
        if (AwsFacts.unset(enc).isPresent()) {
            return Verdict.fail("bucket " + bucket + " has no default encryption configuration (SSE-S3 applies)");
        }
        for (JsonNode rule : items(enc.path("ServerSideEncryptionConfiguration"), "Rules")) {
            JsonNode d = rule.path("ApplyServerSideEncryptionByDefault");
            String alg = d.path("SSEAlgorithm").asString("");
            if (!alg.startsWith("aws:kms")) {
                return Verdict.fail("bucket " + bucket + " encrypts with " + alg + " (an S3-managed key)");
            }
            return keyed(kit, ev, "bucket " + bucket, d.path("KMSMasterKeyID").asString(""), region, "aws/s3");
        }
        return Verdict.fail("bucket " + bucket + " has an encryption configuration without rules");
    }

    /** The CMK test on a resource's key; no key id means the service's AWS-managed key. */
    private static Verdict keyed(RuleKit kit, RuleKit.Ev ev, String what, String key, String region,
            String awsManaged) {
        if (key.isEmpty()) {
            return Verdict.fail(what + " has no KMS key id: " + (awsManaged.isEmpty() ? "an AWS-managed key"
                    : "the AWS-managed key " + awsManaged) + " is used");
        }
        KeyFacts.Ref ref = KeyFacts.Ref.of(key, region);
        return kit.notCmk(ev, ref).map(m -> Verdict.fail(what + ": " + m))
                .orElseGet(() -> Verdict.pass(what + " is encrypted with customer key " + key));
    }
}
