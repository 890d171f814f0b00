package dev.rackside.services.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.model.compliance.Finding;
import dev.rackside.services.model.compliance.Inventory;
import dev.rackside.services.model.compliance.Status;
import dev.rackside.services.compliance.aws.AwsChecks;
import dev.rackside.services.compliance.aws.AwsCollector;
import dev.rackside.services.compliance.aws.AwsRules;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.RackStatus;
import dev.rackside.services.model.Tier;
import dev.rackside.services.testing.AwsStub;
import dev.rackside.services.testing.MotoServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.ec2.model.FlowLogsResourceType;
import software.amazon.awssdk.services.ec2.model.GetEbsDefaultKmsKeyIdResponse;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.LogDestinationType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.TrafficType;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.eks.model.LogType;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The sandbox's recorded AWS inventory: what it judges to, and how it is made. Recording runs rackside's own
 * collectors against moto seeded as a Convox rack named {@code sandbox} (with the stubs for moto's gaps), so
 * the recording has exactly the shape a live account gives. Re-record with
 * {@code mvn -pl services test -Dtest=RecordedInventoryTest -Drackside.recorded=update}.
 */
class RecordedInventoryTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    @RegisterExtension
    static final AwsStub STUB = new AwsStub();

    @Test
    void theRecordingJudgesToARealisticMixOfEveryAwsCheck() {
        Inventory inv = new Inventory();
        RecordedInventory.load(inv);
        List<Finding> findings = AwsRules.evaluate(inv);
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        findings.forEach(f -> counts.merge(f.status(), 1L, Long::sum));
        String all = findings.stream().map(f -> f.check().id() + " " + f.status() + " " + f.message())
                .collect(Collectors.joining("\n"));
        assertTrue(counts.getOrDefault(Status.PASS, 0L) >= 15, all);
        assertTrue(counts.getOrDefault(Status.FAIL, 0L) >= 8, all);
        assertTrue(counts.getOrDefault(Status.NOT_APPLICABLE, 0L) >= 1, all);
        assertEquals(0, counts.getOrDefault(Status.ERROR, 0L), all);
        assertEquals(AwsChecks.ALL.size(), findings.stream().map(Finding::check).distinct().count(), all);
        assertTrue(findings.stream().allMatch(f -> f.resource().startsWith("arn:aws-us-gov:")), all);
        assertEquals(Optional.of("123456789012"), AwsRules.account(inv));
    }

    @Test
    @EnabledIfSystemProperty(named = "rackside.recorded", matches = "update")
    void record() throws Exception {
        Rack rack = new Rack("sandbox", "sandbox", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("us-gov-west-1"), List.of("us-gov-west-1"), Tier.PRODUCTION, false, Optional.empty(),
                RackStatus.RUNNING, Optional.empty(), List.of());
        try (AwsClients aws = new AwsClients(MOTO.env(), STUB.interceptors())) {
            try {
                seed(rack, aws);
            } catch (RuntimeException e) {
                throw new AssertionError("seeding failed; moto says:\n" + MOTO.log(), e);
            }
            Inventory inv = new Inventory();
            AwsCollector.collect(rack, aws, inv, Clock.systemUTC(), p -> { });
            Path to = Path.of("src/main/resources/dev/rackside/services/compliance", RecordedInventory.RESOURCE);
            RecordedInventory.write(inv, "The sandbox rack's AWS side, recorded " + Instant.now().toString()
                    .substring(0, 10) + " by rackside's own collectors against moto 5.2.1 seeded as a Convox rack "
                    + "named sandbox in us-gov-west-1 (stubs for what moto lacks). Not a real account.", to);
        }
    }

    private static TagSpecification tags(ResourceType type) {
        return TagSpecification.builder().resourceType(type).tags(Tag.builder().key("Rack").value("sandbox").build(),
                Tag.builder().key("Name").value("sandbox").build()).build();
    }

    /** A Convox rack's AWS side as an operator would find it: mostly right, with the usual gaps. */
    private static void seed(Rack rack, AwsClients aws) {
        Region gov = Region.US_GOV_WEST_1;
        var kms = aws.kms(rack, gov);
        String eksKey = kms.createKey(k -> k.description("sandbox EKS secrets")).keyMetadata().arn();
        kms.enableKeyRotation(r -> r.keyId(eksKey));
        var data = kms.createKey(k -> k.description("sandbox data (rotation never turned on)")
                .tags(t -> t.tagKey("Rack").tagValue("sandbox"))).keyMetadata();
        String dataKey = data.arn();
        kms.createAlias(a -> a.aliasName("alias/sandbox-data").targetKeyId(data.keyId()));

        var ec2 = aws.ec2(rack, gov);
        String vpc = ec2.createVpc(v -> v.cidrBlock("10.20.0.0/16").tagSpecifications(tags(ResourceType.VPC))).vpc()
                .vpcId();
        List<String> subnets = List.of("10.20.1.0/24", "10.20.2.0/24").stream().map(c -> ec2.createSubnet(s -> s
                .vpcId(vpc).cidrBlock(c).tagSpecifications(tags(ResourceType.SUBNET))).subnet().subnetId()).toList();
        String router = ec2.createSecurityGroup(g -> g.groupName("sandbox-router").description("router").vpcId(vpc))
                .groupId();
        for (int port : List.of(80, 443)) {
            ec2.authorizeSecurityGroupIngress(a -> a.groupId(router).ipPermissions(IpPermission.builder()
                    .ipProtocol("tcp").fromPort(port).toPort(port).ipRanges(x -> x.cidrIp("0.0.0.0/0")).build()));
        }
        String debug = ec2.createSecurityGroup(g -> g.groupName("sandbox-debug-ssh").description("left from an"
                + " incident").vpcId(vpc)).groupId();
        ec2.authorizeSecurityGroupIngress(a -> a.groupId(debug).ipPermissions(IpPermission.builder()
                .ipProtocol("tcp").fromPort(22).toPort(22).ipRanges(x -> x.cidrIp("0.0.0.0/0")).build()));
        var s3 = aws.s3(rack);
        for (String b : List.of("sandbox-flow-logs", "sandbox-audit-trail", "sandbox-rack-storage",
                "sandbox-build-cache")) {
            s3.createBucket(c -> c.bucket(b).createBucketConfiguration(x -> x.locationConstraint("us-gov-west-1")));
        }
        ec2.createFlowLogs(f -> f.resourceIds(vpc).resourceType(FlowLogsResourceType.VPC).trafficType(TrafficType.ALL)
                .logDestinationType(LogDestinationType.S3).logDestination("arn:aws-us-gov:s3:::sandbox-flow-logs"));
        ec2.enableEbsEncryptionByDefault(e -> { });
        STUB.answerFile("ec2", "GetEbsDefaultKmsKeyId", 200, "fixtures/key-ebs-encryption/default-key-customer.xml",
                GetEbsDefaultKmsKeyIdResponse.class, Map.of("KEY_ARN", dataKey));

        aws.eks(rack, gov).createCluster(c -> c.name("sandbox").roleArn("arn:aws-us-gov:iam::123456789012:role/"
                + "sandbox-eks").resourcesVpcConfig(v -> v.subnetIds(subnets).endpointPrivateAccess(true)
                .endpointPublicAccess(true).publicAccessCidrs("203.0.113.0/24"))
                .encryptionConfig(e -> e.resources("secrets").provider(p -> p.keyArn(eksKey)))
                .logging(l -> l.clusterLogging(x -> x.types(LogType.API, LogType.AUDIT).enabled(true),
                        x -> x.types(LogType.AUTHENTICATOR, LogType.CONTROLLER_MANAGER, LogType.SCHEDULER)
                                .enabled(false))));

        var rds = aws.rds(rack, gov);
        rds.createDBSubnetGroup(g -> g.dbSubnetGroupName("sandbox").dbSubnetGroupDescription("sandbox")
                .subnetIds(subnets));
        rds.createDBInstance(d -> d.dbInstanceIdentifier("storefront-db-r1a2b3c").dbInstanceClass("db.t3.medium")
                .engine("postgres").engineVersion("16.4").masterUsername("app").masterUserPassword("recorded-not-real")
                .allocatedStorage(20).dbSubnetGroupName("sandbox").publiclyAccessible(false).storageEncrypted(true)
                .kmsKeyId(dataKey).tags(t -> t.key("Rack").value("sandbox")));

        for (String b : List.of("sandbox-rack-storage", "sandbox-build-cache")) {
            s3.putBucketTagging(t -> t.bucket(b).tagging(x -> x.tagSet(s -> s.key("Rack").value("sandbox"))));
        }
        for (String b : List.of("sandbox-rack-storage", "sandbox-audit-trail")) {
            s3.putPublicAccessBlock(p -> p.bucket(b).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)
                    .ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
        }
        s3.putBucketEncryption(e -> e.bucket("sandbox-rack-storage").serverSideEncryptionConfiguration(c -> c.rules(
                x -> x.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS)
                        .kmsMasterKeyID(dataKey)))));
        s3.putBucketEncryption(e -> e.bucket("sandbox-build-cache").serverSideEncryptionConfiguration(c -> c.rules(
                x -> x.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
        s3.putBucketVersioning(v -> v.bucket("sandbox-audit-trail").versioningConfiguration(c -> c.status(
                BucketVersioningStatus.ENABLED)));

        var logs = aws.logs(rack, gov);
        for (String g : List.of("/convox/sandbox/storefront", "/convox/sandbox/api", "/convox/sandbox/system")) {
            logs.createLogGroup(x -> x.logGroupName(g));
            logs.putRetentionPolicy(p -> p.logGroupName(g).retentionInDays(7));
        }
        logs.createLogGroup(x -> x.logGroupName("/aws/eks/sandbox/cluster").kmsKeyId(eksKey));
        logs.putRetentionPolicy(p -> p.logGroupName("/aws/eks/sandbox/cluster").retentionInDays(400));
        logs.createLogGroup(x -> x.logGroupName("sandbox-cloudtrail").kmsKeyId(eksKey));

        var ct = aws.cloudTrail(rack, gov);
        ct.createTrail(t -> t.name("sandbox-audit").s3BucketName("sandbox-audit-trail").isMultiRegionTrail(true)
                .enableLogFileValidation(true).kmsKeyId(eksKey)
                .cloudWatchLogsLogGroupArn("arn:aws-us-gov:logs:us-gov-west-1:123456789012:log-group:"
                        + "sandbox-cloudtrail:*")
                .cloudWatchLogsRoleArn("arn:aws-us-gov:iam::123456789012:role/sandbox-trail-logs"));
        ct.startLogging(s -> s.name("sandbox-audit"));
        ct.putEventSelectors(p -> p.trailName("sandbox-audit").eventSelectors(e -> e.readWriteType(ReadWriteType.ALL)
                .includeManagementEvents(true)));
        String recent = String.valueOf(Instant.now().minusSeconds(3 * 3600).getEpochSecond());
        STUB.answerFile("cloudtrail", "GetTrailStatus", 200, "fixtures/aud-trail-cwlogs/status-delivered.json",
                GetTrailStatusResponse.class, Map.of("DELIVERY_TIME", recent));

        var sm = aws.secretsManager(rack, gov);
        sm.createSecret(s -> s.name("sandbox/storefront/database-url").secretString("recorded-not-real")
                .kmsKeyId(dataKey).tags(t -> t.key("Rack").value("sandbox")));
        sm.createSecret(s -> s.name("sandbox/api/password").secretString("recorded-not-real")
                .tags(t -> t.key("Rack").value("sandbox")));

        var ecr = aws.ecr(rack, gov);
        ecr.createRepository(c -> c.repositoryName("sandbox/storefront").encryptionConfiguration(e -> e
                .encryptionType(EncryptionType.KMS).kmsKey(dataKey)));
        ecr.createRepository(c -> c.repositoryName("sandbox/api"));
    }
}
