package dev.rackside.services.compliance.aws;

import static dev.rackside.services.compliance.aws.AwsRack.assertFinding;
import static dev.rackside.services.compliance.aws.AwsRack.of;
import static dev.rackside.services.compliance.aws.AwsRack.only;
import static dev.rackside.services.compliance.aws.IsolationChecksTest.find;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rackside.services.model.compliance.Finding;
import dev.rackside.services.model.compliance.Status;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.model.GetEbsDefaultKmsKeyIdResponse;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.eks.model.LogType;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The key management checks of catalog section 1c: encrypted is not enough, the key must be the customer's. */
class KeyChecksTest extends AwsCheckTest {

    @Test
    void nothingInScopeIsNotApplicable() {
        List<Finding> all = r.run();
        assertFinding(only(all, "key-cmk-rotation"), Status.NOT_APPLICABLE,
                "no customer KMS keys used by or tagged for rack prod");
        assertFinding(only(all, "key-cmk-state-policy"), Status.NOT_APPLICABLE,
                "no customer KMS keys used by or tagged for rack prod");
        assertFinding(only(all, "key-eks-secrets-cmk"), Status.NOT_APPLICABLE,
                "no EKS cluster named prod in us-gov-west-1");
        assertFinding(only(all, "key-rds-cmk"), Status.NOT_APPLICABLE,
                "no RDS databases or snapshots of rack prod in us-gov-west-1");
        assertFinding(only(all, "key-s3-cmk"), Status.NOT_APPLICABLE, "no S3 buckets tagged for rack prod");
        assertFinding(only(all, "key-secrets-cmk"), Status.NOT_APPLICABLE,
                "no Secrets Manager secrets tagged for rack prod");
        assertFinding(only(all, "key-ecr-cmk"), Status.NOT_APPLICABLE, "no ECR repositories named prod/...");
        assertFinding(only(all, "key-logs-cmk"), Status.NOT_APPLICABLE, "no log groups of rack prod");
    }

    @Test
    void rotationOnPassesOffFailsLongPeriodsFailAndAsymmetricKeysAreNotApplicable() {
        r.cluster();
        String off = tagged(r.kms().createKey(k -> k.description("off")).keyMetadata().keyId());
        String rsa = tagged(r.kms().createKey(k -> k.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.SIGN_VERIFY))
                .keyMetadata().keyId());
        List<Finding> got = of(r.run(), "key-cmk-rotation");
        assertFinding(find(got, r.cmk), Status.PASS, "key " + r.cmk
                + " rotates automatically (period not reported: AWS's default is 365 days)");
        assertFinding(find(got, off), Status.FAIL, "key " + arn(off)
                + " has automatic rotation off (KeyRotationEnabled=false)");
        assertFinding(find(got, rsa), Status.NOT_APPLICABLE, "key " + arn(rsa) + " (RSA_2048, origin AWS_KMS) cannot"
                + " rotate automatically: keep evidence of manual rotation");

        // moto does not model RotationPeriodInDays: a wire-format answer does.
        STUB.answerFile("kms", "GetKeyRotationStatus", 200, "fixtures/key-cmk-rotation/period-730-days.json",
                GetKeyRotationStatusResponse.class);
        assertFinding(find(of(r.run(), "key-cmk-rotation"), r.cmk), Status.FAIL, "key " + r.cmk
                + " rotates every 730 days, more than 365");
    }

    @Test
    void keysPendingDeletionOrOpenToEveryoneFail() {
        r.cluster();
        String doomed = tagged(r.kms().createKey(k -> k.description("doomed")).keyMetadata().keyId());
        r.kms().scheduleKeyDeletion(d -> d.keyId(doomed).pendingWindowInDays(7));
        r.kms().putKeyPolicy(p -> p.keyId(r.cmk).policyName("default").policy("{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Sid\":\"Open\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
                + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}"));
        List<Finding> got = of(r.run(), "key-cmk-state-policy");
        assertFinding(find(got, r.cmk), Status.FAIL, "key " + r.cmk
                + " policy statement Open allows Principal \"*\" without a Condition");
        Finding pending = find(got, doomed);
        assertEquals(Status.FAIL, pending.status());
        org.junit.jupiter.api.Assertions.assertTrue(pending.message().startsWith("key " + arn(doomed)
                + " is PendingDeletion (deleted on "), pending.message());
    }

    @Test
    void ebsNeedsDefaultEncryptionWithACustomerKeyAndEncryptedVolumes() {
        r.cluster();
        r.ec2().createVolume(v -> v.availabilityZone("us-gov-west-1a").size(8).tagSpecifications(AwsRack.tags(
                ResourceType.VOLUME, "prod")));
        assertFinding(only(r.run(), "key-ebs-encryption"), Status.FAIL, "EBS encryption by default is off in "
                + "us-gov-west-1; the default EBS key: key " + awsManaged("alias/aws/ebs") + " is AWS-managed "
                + "(alias/aws/ebs), not a customer key; unencrypted volumes and snapshots of rack prod: "
                + volumes().get(0));

        r.ec2().enableEbsEncryptionByDefault(e -> { });
        r.ec2().deleteVolume(d -> d.volumeId(volumes().get(0)));
        STUB.answerFile("ec2", "GetEbsDefaultKmsKeyId", 200, "fixtures/key-ebs-encryption/default-key-customer.xml",
                GetEbsDefaultKmsKeyIdResponse.class, java.util.Map.of("KEY_ARN", r.cmk));
        assertFinding(only(r.run(), "key-ebs-encryption"), Status.PASS, "EBS encrypts by default in us-gov-west-1"
                + " with customer key " + r.cmk + "; the rack's 0 volume(s) and 0 snapshot(s) are encrypted");
    }

    @Test
    void aKeyInAnotherApprovedRegionIsDescribedThere() {
        try (AwsRack two = new AwsRack(MOTO, STUB, "us-gov-west-1", "us-gov-west-1", "us-gov-east-1");
                AwsRack east = new AwsRack(MOTO, STUB, "us-gov-east-1", "us-gov-east-1")) {
            String key = east.customerKey();
            two.ec2().enableEbsEncryptionByDefault(e -> { });
            two.aws.ec2(two.rack, east.region).enableEbsEncryptionByDefault(e -> { });
            STUB.answerFile("ec2", "GetEbsDefaultKmsKeyId", 200, "fixtures/key-ebs-encryption/default-key-customer.xml",
                    GetEbsDefaultKmsKeyIdResponse.class, java.util.Map.of("KEY_ARN", key));
            List<Finding> ebs = of(two.run(), "key-ebs-encryption");
            assertEquals(2, ebs.size());
            assertFinding(find(ebs, ":us-gov-east-1:"), Status.PASS, "EBS encrypts by default in us-gov-east-1 with"
                    + " customer key " + key);
            assertEquals(Status.PASS, find(ebs, ":us-gov-west-1:").status(), AwsRack.describe(ebs));
        }
    }

    @Test
    void eksSecretsNeedACustomerKey() {
        r.network();
        r.eks().createCluster(c -> c.name("prod").roleArn("arn:aws-us-gov:iam::123456789012:role/eks")
                .resourcesVpcConfig(v -> v.subnetIds(r.subnets))
                .logging(l -> l.clusterLogging(x -> x.types(LogType.AUDIT).enabled(true))));
        assertFinding(only(r.run(), "key-eks-secrets-cmk"), Status.FAIL, "cluster prod has no encryptionConfig for"
                + " secrets: Kubernetes Secrets use the default AWS-owned key");
    }

    @Test
    void databasesNeedEncryptionWithACustomerKey() {
        r.cluster();
        r.database("plain", d -> d);
        r.database("keyed", d -> d.storageEncrypted(true).kmsKeyId(r.cmk));
        List<Finding> got = of(r.run(), "key-rds-cmk");
        assertFinding(find(got, ":db:plain"), Status.FAIL, "database plain is not encrypted");
        assertFinding(find(got, ":db:keyed"), Status.PASS, "database keyed is encrypted with customer key " + r.cmk);
    }

    @Test
    void bucketsNeedSseKmsWithACustomerKey() {
        S3Client s3 = r.aws.s3(r.rack);
        r.cmk = r.customerKey();
        for (String b : List.of("prod-sse-s3", "prod-aws-kms", "prod-cmk")) {
            r.bucket(b, true);
        }
        s3.putBucketEncryption(e -> e.bucket("prod-sse-s3").serverSideEncryptionConfiguration(c -> c.rules(x -> x
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
        s3.putBucketEncryption(e -> e.bucket("prod-aws-kms").serverSideEncryptionConfiguration(c -> c.rules(x -> x
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS)))));
        s3.putBucketEncryption(e -> e.bucket("prod-cmk").serverSideEncryptionConfiguration(c -> c.rules(x -> x
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS)
                        .kmsMasterKeyID(r.cmk)))));
        List<Finding> got = of(r.run(), "key-s3-cmk");
        assertFinding(find(got, ":::prod-sse-s3"), Status.FAIL, "bucket prod-sse-s3 encrypts with AES256 (an"
                + " S3-managed key)");
        assertFinding(find(got, ":::prod-aws-kms"), Status.FAIL, "bucket prod-aws-kms has no KMS key id: the"
                + " AWS-managed key aws/s3 is used");
        assertFinding(find(got, ":::prod-cmk"), Status.PASS, "bucket prod-cmk is encrypted with customer key "
                + r.cmk);
    }

    @Test
    void secretsRepositoriesAndLogGroupsNeedACustomerKey() {
        r.cmk = r.customerKey();
        SecretsManagerClient sm = r.aws.secretsManager(r.rack, r.region);
        sm.createSecret(s -> s.name("prod/db-default").secretString("x").tags(t -> t.key("Rack").value("prod")));
        sm.createSecret(s -> s.name("prod/db-cmk").secretString("x").kmsKeyId(r.cmk)
                .tags(t -> t.key("Rack").value("prod")));
        EcrClient ecr = r.aws.ecr(r.rack, r.region);
        ecr.createRepository(c -> c.repositoryName("prod/web"));
        ecr.createRepository(c -> c.repositoryName("prod/worker").encryptionConfiguration(e -> e
                .encryptionType(EncryptionType.KMS).kmsKey(r.cmk)));
        CloudWatchLogsClient logs = r.aws.logs(r.rack, r.region);
        logs.createLogGroup(g -> g.logGroupName("/convox/prod/web"));
        logs.createLogGroup(g -> g.logGroupName("/convox/prod/worker").kmsKeyId(r.cmk));
        List<Finding> all = r.run();
        List<Finding> secrets = of(all, "key-secrets-cmk");
        assertFinding(find(secrets, "prod/db-default"), Status.FAIL, "secret prod/db-default has no KMS key id: the"
                + " AWS-managed key aws/secretsmanager is used");
        assertFinding(find(secrets, "prod/db-cmk"), Status.PASS, "secret prod/db-cmk is encrypted with customer key "
                + r.cmk);
        List<Finding> repos = of(all, "key-ecr-cmk");
        assertFinding(find(repos, "prod/web"), Status.FAIL, "repository prod/web uses AES256 (an AWS-owned key)");
        assertFinding(find(repos, "prod/worker"), Status.PASS, "repository prod/worker is encrypted with customer key "
                + r.cmk);
        List<Finding> groups = of(all, "key-logs-cmk");
        assertFinding(find(groups, "/convox/prod/web"), Status.FAIL, "log group /convox/prod/web has no kmsKeyId:"
                + " CloudWatch Logs' own key is used");
        assertFinding(find(groups, "/convox/prod/worker"), Status.PASS, "log group /convox/prod/worker is encrypted"
                + " with customer key " + r.cmk);
    }

    private String tagged(String keyId) {
        r.kms().tagResource(t -> t.keyId(keyId).tags(x -> x.tagKey("Rack").tagValue("prod")));
        return keyId;
    }

    private String arn(String keyId) {
        return r.kms().describeKey(d -> d.keyId(keyId)).keyMetadata().arn();
    }

    private String awsManaged(String alias) {
        return r.kms().describeKey(d -> d.keyId(alias)).keyMetadata().arn();
    }

    private List<String> volumes() {
        return r.ec2().describeVolumes(v -> v.filters(f -> f.name("tag:Rack").values("prod"))).volumes().stream()
                .map(v -> v.volumeId()).toList();
    }
}
