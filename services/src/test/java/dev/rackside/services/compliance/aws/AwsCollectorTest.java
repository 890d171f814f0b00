package dev.rackside.services.compliance.aws;

import static dev.rackside.services.compliance.aws.AwsRack.assertFinding;
import static dev.rackside.services.compliance.aws.AwsRack.of;
import static dev.rackside.services.compliance.aws.AwsRack.only;
import static dev.rackside.services.compliance.aws.IsolationChecksTest.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.model.compliance.Finding;
import dev.rackside.services.model.compliance.Inventory;
import dev.rackside.services.compliance.Permissions;
import dev.rackside.services.model.compliance.Status;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.RackStatus;
import dev.rackside.services.model.Tier;
import dev.rackside.services.testing.AwsStub;
import dev.rackside.services.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.endpoints.CloudTrailEndpointParams;
import software.amazon.awssdk.services.cloudtrail.endpoints.CloudTrailEndpointProvider;
import software.amazon.awssdk.services.cloudwatchlogs.endpoints.CloudWatchLogsEndpointParams;
import software.amazon.awssdk.services.cloudwatchlogs.endpoints.CloudWatchLogsEndpointProvider;
import software.amazon.awssdk.services.ec2.endpoints.Ec2EndpointParams;
import software.amazon.awssdk.services.ec2.endpoints.Ec2EndpointProvider;
import software.amazon.awssdk.services.ecr.endpoints.EcrEndpointParams;
import software.amazon.awssdk.services.ecr.endpoints.EcrEndpointProvider;
import software.amazon.awssdk.services.eks.endpoints.EksEndpointParams;
import software.amazon.awssdk.services.eks.endpoints.EksEndpointProvider;
import software.amazon.awssdk.services.kms.endpoints.KmsEndpointParams;
import software.amazon.awssdk.services.kms.endpoints.KmsEndpointProvider;
import software.amazon.awssdk.services.rds.endpoints.RdsEndpointParams;
import software.amazon.awssdk.services.rds.endpoints.RdsEndpointProvider;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointParams;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider;
import software.amazon.awssdk.services.s3control.endpoints.S3ControlEndpointParams;
import software.amazon.awssdk.services.s3control.endpoints.S3ControlEndpointProvider;
import software.amazon.awssdk.services.secretsmanager.endpoints.SecretsManagerEndpointParams;
import software.amazon.awssdk.services.secretsmanager.endpoints.SecretsManagerEndpointProvider;
import software.amazon.awssdk.services.sts.endpoints.StsEndpointParams;
import software.amazon.awssdk.services.sts.endpoints.StsEndpointProvider;

/** What holds for every AWS check: failures stay local, partitions, pagination, endpoints, least privilege. */
class AwsCollectorTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    @RegisterExtension
    static final AwsStub STUB = new AwsStub();

    @Test
    void accessDeniedOnOneReadMakesOnlyTheChecksThatNeedItError() {
        try (AwsRack r = new AwsRack(MOTO, STUB)) {
            r.cluster();
            STUB.error("kms", "GetKeyRotationStatus", 400, "AccessDeniedException", "User: arn:aws-us-gov:iam::"
                    + "123456789012:user/auditor is not authorized to perform: kms:GetKeyRotationStatus");
            STUB.error("ec2", "DescribeSecurityGroups", 403, "UnauthorizedOperation",
                    "You are not authorized to perform this operation.");
            List<Finding> all = r.run();
            assertFinding(find(of(all, "key-cmk-rotation"), r.cmk), Status.ERROR, "kms:GetKeyRotationStatus failed: "
                    + "AccessDeniedException: User: arn:aws-us-gov:iam::123456789012:user/auditor is not authorized"
                    + " to perform: kms:GetKeyRotationStatus");
            assertFinding(only(all, "iso-sg-restricted"), Status.ERROR, "ec2:DescribeSecurityGroups failed: "
                    + "UnauthorizedOperation: You are not authorized to perform this operation.");
            assertEquals(Status.PASS, find(of(all, "key-cmk-state-policy"), r.cmk).status());
            assertEquals(Status.PASS, only(all, "iso-vpc-no-foreign-links").status());
            assertEquals(Status.PASS, only(all, "key-eks-secrets-cmk").status());
            assertEquals(2, all.stream().filter(f -> f.status() == Status.ERROR).count(), AwsRack.describe(all));
        }
    }

    /** A read refused with AccessDenied makes the check that needs it ERROR (or says so in a certain FAIL). */
    @ParameterizedTest(name = "{0}:{1} → {2}")
    @CsvSource({
        "eks, DescribeCluster, iso-eks-endpoint-private, eks:DescribeCluster",
        "ec2, DescribeFlowLogs, aud-vpc-flow-logs, ec2:DescribeFlowLogs",
        "ec2, GetEbsEncryptionByDefault, key-ebs-encryption, ec2:GetEbsEncryptionByDefault",
        "rds, DescribeDBInstances, iso-rds-private, rds:DescribeDBInstances",
        "s3, GetBucketEncryption, key-s3-cmk, s3:GetBucketEncryption",
        "s3, GetBucketVersioning, aud-trail-bucket, s3:GetBucketVersioning",
        "cloudtrail, DescribeTrails, aud-trail-multiregion, cloudtrail:DescribeTrails",
        "secretsmanager, DescribeSecret, res-replication-targets, secretsmanager:DescribeSecret",
        "ecr, DescribeRepositories, key-ecr-cmk, ecr:DescribeRepositories",
        "ecr, GetRegistryScanningConfiguration, aud-ecr-scanning, ecr:GetRegistryScanningConfiguration",
        "cloudwatchlogs, DescribeLogGroups, aud-log-retention, logs:DescribeLogGroups",
        "kms, GetKeyPolicy, key-cmk-state-policy, kms:GetKeyPolicy",
        "backup, ListBackupPlans, res-replication-targets, backup:ListBackupPlans",
    })
    void accessDeniedMakesTheCheckThatNeedsTheReadError(String service, String operation, String check,
            String action) {
        try (AwsRack r = new AwsRack(MOTO, STUB).everything()) {
            String code = switch (service) {
                case "ec2" -> "UnauthorizedOperation";
                case "s3" -> "AccessDenied";
                default -> "AccessDeniedException";
            };
            STUB.error(service, operation, 403, code, "not authorized to perform " + action);
            List<Finding> all = r.run();
            String denied = action + " failed: " + code + ": not authorized to perform " + action;
            // ERROR with the refusal, or, where another part already fails for certain, a FAIL that names it.
            assertTrue(of(all, check).stream().anyMatch(f -> f.status() == Status.ERROR && f.message().equals(denied)
                    || f.status() == Status.FAIL && f.message().endsWith("; not read: " + denied)),
                    AwsRack.describe(of(all, check)));
            assertTrue(of(all, check).stream().noneMatch(f -> f.status() == Status.ERROR && !f.message()
                    .equals(denied)), AwsRack.describe(of(all, check)));
            assertTrue(all.stream().anyMatch(f -> f.status() == Status.PASS || f.status() == Status.FAIL),
                    "the other checks still evaluate");
        }
    }

    @Test
    void expiredCredentialsMakeEveryAwsCheckErrorNeverPass() {
        try (AwsRack r = new AwsRack(MOTO, STUB)) {
            STUB.error("sts", "GetCallerIdentity", 403, "ExpiredToken", "The security token included in the"
                    + " request is expired");
            Inventory inv = r.collect();
            assertEquals(List.of("aws:us-gov-west-1:sts:GetCallerIdentity"), List.copyOf(inv.failures().keySet()),
                    "nothing else is tried without an identity");
            List<Finding> all = AwsRules.evaluate(inv);
            assertEquals(AwsChecks.ALL.size(), all.size());
            all.forEach(f -> assertFinding(f, Status.ERROR, "could not tell which AWS account the credentials belong"
                    + " to (STS): ExpiredToken: The security token included in the request is expired"));
        }
    }

    @Test
    void aServiceTheEndpointDoesNotKnowIsNotApplicableNotFailed() {
        try (AwsRack r = new AwsRack(MOTO, STUB)) {
            STUB.error("ecr", "GetRegistryScanningConfiguration", 400, "UnrecognizedClientException",
                    "The security token included in the request is invalid.");
            assertFinding(only(r.run(), "aud-ecr-scanning"), Status.NOT_APPLICABLE, "not available in partition"
                    + " aws-us-gov: ecr:GetRegistryScanningConfiguration (UnrecognizedClientException: The security"
                    + " token included in the request is invalid.)");
        }
    }

    @Test
    void everyPageIsRead() {
        try (AwsRack r = new AwsRack(MOTO, STUB)) {
            var sm = r.aws.secretsManager(r.rack, r.region);
            for (int i = 0; i < 105; i++) {
                int n = i;
                sm.createSecret(s -> s.name(String.format("other/%03d", n)).secretString("x"));
            }
            sm.createSecret(s -> s.name("prod/last").secretString("x").tags(t -> t.key("Rack").value("prod")));
            Inventory inv = r.collect();
            String pages = inv.get(Keys.of("us-gov-west-1", "secretsmanager:ListSecrets")).orElseThrow().body();
            assertTrue(Wire.JSON.readTree(pages).size() >= 2, "ListSecrets pages: " + Wire.JSON.readTree(pages)
                    .size());
            assertFinding(only(AwsRules.evaluate(inv), "key-secrets-cmk"), Status.FAIL, "secret prod/last has no KMS"
                    + " key id: the AWS-managed key aws/secretsmanager is used");
        }
    }

    @Test
    void aCommercialRackIsSweptAcrossItsPartitionWithCommercialArns() {
        try (AwsRack r = new AwsRack(MOTO, STUB, "us-east-1", "us-east-1", "us-east-2")) {
            r.aws.eks(r.rack, Region.EU_WEST_1).createCluster(c -> c.name("prod")
                    .roleArn("arn:aws:iam::123456789012:role/eks").resourcesVpcConfig(v -> v.subnetIds("subnet-1")));
            List<Finding> all = r.run();
            assertFinding(find(of(all, "res-rack-regions"), ":eu-west-1:"), Status.FAIL, "1 resource(s) of rack prod"
                    + " in eu-west-1, not an approved region: arn:aws:eks:eu-west-1:123456789012:cluster/prod");
            Finding clean = find(of(all, "res-rack-regions"), ":regions");
            assertEquals(Status.PASS, clean.status());
            assertFalse(clean.message().contains("us-gov") || clean.message().contains("cn-"), clean.message());
            assertTrue(all.stream().allMatch(f -> f.resource().startsWith("arn:aws:")), AwsRack.describe(all));
            assertEquals(2, of(all, "key-ebs-encryption").size(), "one EBS finding per approved region");
        }
    }

    @Test
    void govCloudUsesTheFipsEndpointTheSdkResolvesForEveryService() {
        Region gov = Region.US_GOV_WEST_1;
        Map<String, String> hosts = new LinkedHashMap<>();
        hosts.put("eks", EksEndpointProvider.defaultProvider().resolveEndpoint(EksEndpointParams.builder()
                .region(gov).useFips(true).build()).join().url().getHost());
        hosts.put("ec2", Ec2EndpointProvider.defaultProvider().resolveEndpoint(Ec2EndpointParams.builder()
                .region(gov).useFips(true).build()).join().url().getHost());
        hosts.put("kms", KmsEndpointProvider.defaultProvider().resolveEndpoint(KmsEndpointParams.builder()
                .region(gov).useFips(true).build()).join().url().getHost());
        hosts.put("rds", RdsEndpointProvider.defaultProvider().resolveEndpoint(RdsEndpointParams.builder()
                .region(gov).useFips(true).build()).join().url().getHost());
        hosts.put("s3", S3EndpointProvider.defaultProvider().resolveEndpoint(S3EndpointParams.builder()
                .region(gov).useFips(true).build()).join().url().getHost());
        hosts.put("s3control", S3ControlEndpointProvider.defaultProvider().resolveEndpoint(S3ControlEndpointParams
                .builder().region(gov).useFips(true).accountId("123456789012").requiresAccountId(true).build()).join()
                .url().getHost());
        hosts.put("cloudtrail", CloudTrailEndpointProvider.defaultProvider().resolveEndpoint(CloudTrailEndpointParams
                .builder().region(gov).useFips(true).build()).join().url().getHost());
        hosts.put("secretsmanager", SecretsManagerEndpointProvider.defaultProvider().resolveEndpoint(
                SecretsManagerEndpointParams.builder().region(gov).useFips(true).build()).join().url().getHost());
        hosts.put("ecr", EcrEndpointProvider.defaultProvider().resolveEndpoint(EcrEndpointParams.builder()
                .region(gov).useFips(true).build()).join().url().getHost());
        hosts.put("logs", CloudWatchLogsEndpointProvider.defaultProvider().resolveEndpoint(
                CloudWatchLogsEndpointParams.builder().region(gov).useFips(true).build()).join().url().getHost());
        hosts.put("sts", StsEndpointProvider.defaultProvider().resolveEndpoint(StsEndpointParams.builder()
                .region(gov).useFips(true).build()).join().url().getHost());
        try (AwsRack r = new AwsRack(MOTO, STUB); AwsClients plain = new AwsClients(Map.of("AWS_ACCESS_KEY_ID", "x",
                "AWS_SECRET_ACCESS_KEY", "y"))) {
            assertTrue(plain.fips(r.rack), "FIPS is the default in aws-us-gov");
            hosts.put("tagging", plain.signedJson(r.rack, gov, "tagging", "RESOURCE_GROUPS_TAGGING_API").endpoint()
                    .getHost());
            hosts.put("backup", plain.signedJson(r.rack, gov, "backup", "BACKUP").endpoint().getHost());
        }
        // compliance-catalog.md section 4: the standard host already is the FIPS host for EKS, EC2, CloudTrail,
        // RDS, Logs and STS; KMS, S3, S3 Control, ECR and Secrets Manager have -fips hosts.
        assertEquals(Map.ofEntries(Map.entry("eks", "eks.us-gov-west-1.amazonaws.com"),
                Map.entry("ec2", "ec2.us-gov-west-1.amazonaws.com"),
                Map.entry("kms", "kms-fips.us-gov-west-1.amazonaws.com"),
                Map.entry("rds", "rds.us-gov-west-1.amazonaws.com"),
                Map.entry("s3", "s3-fips.us-gov-west-1.amazonaws.com"),
                Map.entry("s3control", "123456789012.s3-control-fips.us-gov-west-1.amazonaws.com"),
                Map.entry("cloudtrail", "cloudtrail.us-gov-west-1.amazonaws.com"),
                Map.entry("secretsmanager", "secretsmanager-fips.us-gov-west-1.amazonaws.com"),
                Map.entry("ecr", "api.ecr-fips.us-gov-west-1.amazonaws.com"),
                Map.entry("logs", "logs.us-gov-west-1.amazonaws.com"),
                Map.entry("sts", "sts.us-gov-west-1.amazonaws.com"),
                Map.entry("tagging", "tagging-fips.us-gov-west-1.amazonaws.com"),
                Map.entry("backup", "backup-fips.us-gov-west-1.amazonaws.com")), hosts);
    }

    @Test
    void fipsCanBeTurnedOffPerRackInItsAwsProfile(@TempDir Path dir)
            throws Exception {
        Path config = dir.resolve("config");
        Files.writeString(config, "[profile gov-lab]\nregion = us-gov-west-1\nuse_fips_endpoint = false\n"
                + "[profile gov-prod]\nregion = us-gov-west-1\n");
        try (AwsClients aws = new AwsClients(Map.of("AWS_CONFIG_FILE", config.toString()))) {
            assertFalse(aws.fips(govRack("gov-lab")), "use_fips_endpoint = false in the rack's profile");
            assertTrue(aws.fips(govRack("gov-prod")), "GovCloud's default");
        }
        try (AwsClients aws = new AwsClients(Map.of("AWS_CONFIG_FILE", config.toString(), "AWS_USE_FIPS_ENDPOINT",
                "true"))) {
            assertTrue(aws.fips(govRack("gov-lab")), "the environment variable comes first, as in the SDK");
        }
    }

    private static Rack govRack(String profile) {
        return new Rack("gov", "gov", Optional.empty(), Optional.empty(), Optional.of(profile),
                Optional.of("us-gov-west-1"), List.of(), Tier.PRODUCTION, false, Optional.empty(), RackStatus.RUNNING,
                Optional.empty(), List.of());
    }

    @Test
    void theLoopbackGuardRefusesARealEndpoint() {
        try (AwsRack r = new AwsRack(MOTO, STUB); AwsClients real = new AwsClients(Map.of("AWS_ACCESS_KEY_ID", "x",
                "AWS_SECRET_ACCESS_KEY", "y"), STUB.interceptors())) {
            assertThrows(IllegalStateException.class, () -> real.kms(r.rack, r.region).listKeys());
            assertEquals(List.of("kms-fips.us-gov-west-1.amazonaws.com (ListKeys)"), STUB.leaks());
            STUB.forgiveLeaks();
        }
    }

    /** S3 and S3 Control operations whose IAM action has another name (compliance-catalog.md section 3). */
    private static final Map<String, String> IAM_NAMES = Map.of("s3:ListBuckets", "s3:ListAllMyBuckets",
            "s3:GetBucketEncryption", "s3:GetEncryptionConfiguration", "s3:GetPublicAccessBlock",
            "s3:GetBucketPublicAccessBlock", "s3:GetBucketReplication", "s3:GetReplicationConfiguration",
            "s3:GetObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration", "s3control:GetPublicAccessBlock",
            "s3:GetAccountPublicAccessBlock");

    @Test
    void theGeneratedPolicyGrantsEveryReadTheCollectorsMakeAndNothingThatReadsData() {
        try (AwsRack r = new AwsRack(MOTO, STUB)) {
            r.cluster();
            r.bucket("prod-b", true);
            r.aws.cloudTrail(r.rack, r.region).createTrail(t -> t.name("main").s3BucketName("prod-b"));
            r.aws.secretsManager(r.rack, r.region).createSecret(s -> s.name("prod/x").secretString("x")
                    .tags(t -> t.key("Rack").value("prod")));
            r.aws.logs(r.rack, r.region).createLogGroup(g -> g.logGroupName("/convox/prod/web"));
            Inventory inv = r.collect();
            String policy = Permissions.iamPolicy(AwsChecks.ALL);
            TreeSet<String> used = new TreeSet<>();
            for (String key : inv.entries().keySet()) {
                if (key.startsWith("aws:") && !key.contains(":sts:GetCallerIdentity")) {
                    String op = RuleKit.operation(key);
                    used.add(IAM_NAMES.getOrDefault(op, op));
                }
            }
            assertTrue(used.size() > 40, used.toString());
            for (String action : used) {
                assertTrue(policy.contains("\"" + action + "\""), action + " is read but not in the policy:\n"
                        + policy);
            }
            for (String never : List.of("secretsmanager:GetSecretValue", "kms:Decrypt", "s3:GetObject",
                    "logs:GetLogEvents", "s3:ListBucket\"")) {
                assertFalse(policy.contains(never), never);
            }
        }
    }
}
