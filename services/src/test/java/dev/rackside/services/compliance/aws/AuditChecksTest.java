package dev.rackside.services.compliance.aws;

import static dev.rackside.services.compliance.aws.AwsRack.assertFinding;
import static dev.rackside.services.compliance.aws.AwsRack.of;
import static dev.rackside.services.compliance.aws.AwsRack.only;
import static dev.rackside.services.compliance.aws.IsolationChecksTest.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.model.compliance.Finding;
import dev.rackside.services.model.compliance.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.model.FlowLogsResourceType;
import software.amazon.awssdk.services.ec2.model.LogDestinationType;
import software.amazon.awssdk.services.ec2.model.TrafficType;
import software.amazon.awssdk.services.ecr.model.GetRegistryScanningConfigurationResponse;
import software.amazon.awssdk.services.eks.model.LogType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** The audit trail checks of catalog section 1d. */
class AuditChecksTest extends AwsCheckTest {
    CloudTrailClient ct;

    @BeforeEach
    void trailClient() {
        ct = r.aws.cloudTrail(r.rack, r.region);
    }

    private void trail(boolean validation, boolean logging) {
        r.bucket("prod-trail", false);
        ct.createTrail(t -> t.name("main").s3BucketName("prod-trail").isMultiRegionTrail(true)
                .enableLogFileValidation(validation));
        if (logging) {
            ct.startLogging(s -> s.name("main"));
        }
    }

    private String trailArn() {
        return "arn:aws-us-gov:cloudtrail:us-gov-west-1:123456789012:trail/main";
    }

    @Test
    void withoutTrailsNoRegionIsCoveredAndTheTrailChecksAreNotApplicable() {
        List<Finding> all = r.run();
        assertFinding(only(all, "aud-trail-multiregion"), Status.FAIL, "no trail covers us-gov-west-1");
        for (String id : List.of("aud-trail-validation", "aud-trail-cmk", "aud-trail-cwlogs", "aud-trail-bucket")) {
            assertFinding(only(all, id), Status.NOT_APPLICABLE, "no CloudTrail trail covers the approved regions");
        }
        assertFinding(only(all, "aud-eks-controlplane-logs"), Status.NOT_APPLICABLE,
                "no EKS cluster named prod in us-gov-west-1");
        assertFinding(only(all, "aud-log-retention"), Status.NOT_APPLICABLE, "no log groups of rack prod");
    }

    @Test
    void aRegionIsCoveredOnlyByALoggingTrailWithAllManagementEvents() {
        trail(true, false);
        assertFinding(only(r.run(), "aud-trail-multiregion"), Status.FAIL,
                "us-gov-west-1: trail main covers it but is not logging");
        ct.startLogging(s -> s.name("main"));
        ct.putEventSelectors(p -> p.trailName("main").eventSelectors(e -> e.readWriteType(ReadWriteType.WRITE_ONLY)
                .includeManagementEvents(true)));
        assertFinding(only(r.run(), "aud-trail-multiregion"), Status.FAIL,
                "us-gov-west-1: trail main logs only WriteOnly management events");
        ct.putEventSelectors(p -> p.trailName("main").advancedEventSelectors(a -> a.fieldSelectors(
                f -> f.field("eventCategory").equalsValue("Management"),
                f -> f.field("readOnly").equalsValue("false"))));
        assertFinding(only(r.run(), "aud-trail-multiregion"), Status.FAIL,
                "us-gov-west-1: trail main logs management events with readOnly=false only");
        ct.putEventSelectors(p -> p.trailName("main").eventSelectors(e -> e.readWriteType(ReadWriteType.ALL)
                .includeManagementEvents(true)));
        assertFinding(only(r.run(), "aud-trail-multiregion"), Status.PASS, "us-gov-west-1 is covered by trail "
                + trailArn() + " (logging, all management events)");
    }

    @Test
    void validationNeedsARecentDigest() {
        trail(false, true);
        assertFinding(only(r.run(), "aud-trail-validation"), Status.FAIL, "trail main has log file validation off");
        ct.updateTrail(u -> u.name("main").enableLogFileValidation(true));
        // moto reports no digest times at all: that is what a trail that never delivered one looks like.
        assertFinding(only(r.run(), "aud-trail-validation"), Status.FAIL,
                "trail main: no digest delivered (LatestDigestDeliveryTime is empty)");
        status("fixtures/aud-trail-validation/status-delivered.json", Duration.ofHours(2));
        assertFinding(only(r.run(), "aud-trail-validation"), Status.PASS,
                "trail main validates log files; a digest was delivered within 24 h");
        status("fixtures/aud-trail-validation/status-delivered.json", Duration.ofHours(30));
        Finding stale = only(r.run(), "aud-trail-validation");
        assertEquals(Status.FAIL, stale.status());
        assertTrue(stale.message().matches("trail main: last digest delivered \\S+, 30 h before the status was read"),
                stale.message());
    }

    @Test
    void trailsNeedACustomerKeyAndCloudWatchDeliveryWithoutErrors() {
        trail(true, true);
        List<Finding> all = r.run();
        assertFinding(only(all, "aud-trail-cmk"), Status.FAIL, "trail main has no KmsKeyId: its logs use SSE-S3");
        assertFinding(only(all, "aud-trail-cwlogs"), Status.FAIL, "trail main delivers to no CloudWatch Logs group");

        String key = r.customerKey();
        CloudWatchLogsClient logs = r.aws.logs(r.rack, r.region);
        logs.createLogGroup(g -> g.logGroupName("cloudtrail/main"));
        ct.updateTrail(u -> u.name("main").kmsKeyId(key)
                .cloudWatchLogsLogGroupArn("arn:aws-us-gov:logs:us-gov-west-1:123456789012:log-group:cloudtrail/main:*")
                .cloudWatchLogsRoleArn("arn:aws-us-gov:iam::123456789012:role/trail-logs"));
        status("fixtures/aud-trail-cwlogs/status-delivery-error.json", Duration.ofHours(1));
        all = r.run();
        assertFinding(only(all, "aud-trail-cmk"), Status.PASS, "trail main encrypts with customer key " + key);
        assertFinding(only(all, "aud-trail-cwlogs"), Status.FAIL, "trail main CloudWatch Logs delivery error: "
                + "AccessDenied: the role does not allow logs:PutLogEvents");

        STUB.answerFile("cloudtrail", "GetTrailStatus", 200, "fixtures/aud-trail-cwlogs/status-delivered.json",
                GetTrailStatusResponse.class, java.util.Map.of("DELIVERY_TIME", String.valueOf(Instant.now()
                        .minusSeconds(600).getEpochSecond())));
        assertFinding(only(r.run(), "aud-trail-cwlogs"), Status.PASS, "trail main delivered to arn:aws-us-gov:logs:"
                + "us-gov-west-1:123456789012:log-group:cloudtrail/main:* within 24 h, without errors");
    }

    @Test
    void theTrailBucketIsNotPublicAndKeepsVersions() {
        trail(true, true);
        assertFinding(only(r.run(), "aud-trail-bucket"), Status.FAIL, "bucket prod-trail does not block public access:"
                + " BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets off for the bucket and"
                + " the account; bucket prod-trail versioning is off");
        S3Client s3 = r.aws.s3(r.rack);
        s3.putPublicAccessBlock(p -> p.bucket("prod-trail").publicAccessBlockConfiguration(c -> c
                .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
        s3.putBucketVersioning(v -> v.bucket("prod-trail").versioningConfiguration(c -> c.status(
                BucketVersioningStatus.ENABLED)));
        assertFinding(only(r.run(), "aud-trail-bucket"), Status.PASS, "trail bucket prod-trail is not public and keeps"
                + " versions; object lock is off (recommended)");
    }

    @Test
    void everyControlPlaneLoggingEntryIsRead() {
        r.network();
        // Enabled and disabled types come back as separate entries; the audit entry is not the first.
        r.eks().createCluster(c -> c.name("prod").roleArn("arn:aws-us-gov:iam::123456789012:role/eks")
                .resourcesVpcConfig(v -> v.subnetIds(r.subnets))
                .logging(l -> l.clusterLogging(x -> x.types(LogType.API, LogType.AUTHENTICATOR).enabled(false),
                        x -> x.types(LogType.AUDIT).enabled(true))));
        assertFinding(only(r.run(), "aud-eks-controlplane-logs"), Status.PASS,
                "cluster prod logs audit (recommended too: api, authenticator)");
    }

    @Test
    void anAuditLogThatIsOffFails() {
        r.network();
        r.eks().createCluster(c -> c.name("prod").roleArn("arn:aws-us-gov:iam::123456789012:role/eks")
                .resourcesVpcConfig(v -> v.subnetIds(r.subnets))
                .logging(l -> l.clusterLogging(x -> x.types(LogType.API).enabled(true),
                        x -> x.types(LogType.AUDIT).enabled(false))));
        assertFinding(only(r.run(), "aud-eks-controlplane-logs"), Status.FAIL,
                "cluster prod has the audit log off (enabled: api)");
    }

    @Test
    void flowLogsMustRecordAllTraffic() {
        r.cluster();
        r.bucket("prod-flow", false);
        r.bucket("prod-flow-all", false);
        assertFinding(only(r.run(), "aud-vpc-flow-logs"), Status.FAIL, "VPC " + r.vpc + " has no flow log");
        String rejected = r.ec2().createFlowLogs(f -> f.resourceIds(r.vpc).resourceType(FlowLogsResourceType.VPC)
                .trafficType(TrafficType.REJECT).logDestinationType(LogDestinationType.S3)
                .logDestination("arn:aws-us-gov:s3:::prod-flow")).flowLogIds().get(0);
        assertFinding(only(r.run(), "aud-vpc-flow-logs"), Status.FAIL, "no flow log of " + r.vpc + " is ACTIVE with"
                + " ALL traffic and SUCCESS delivery: " + rejected + " is ACTIVE, REJECT, delivery SUCCESS");
        String all = r.ec2().createFlowLogs(f -> f.resourceIds(r.vpc).resourceType(FlowLogsResourceType.VPC)
                .trafficType(TrafficType.ALL).logDestinationType(LogDestinationType.S3)
                .logDestination("arn:aws-us-gov:s3:::prod-flow-all")).flowLogIds().get(0);
        assertFinding(only(r.run(), "aud-vpc-flow-logs"), Status.PASS, "flow log " + all + " records ALL traffic of "
                + r.vpc + " to arn:aws-us-gov:s3:::prod-flow-all");
    }

    @Test
    void logGroupsKeepAYearOrNeverExpire() {
        CloudWatchLogsClient logs = r.aws.logs(r.rack, r.region);
        logs.createLogGroup(g -> g.logGroupName("/convox/prod/web"));
        logs.putRetentionPolicy(p -> p.logGroupName("/convox/prod/web").retentionInDays(7));
        logs.createLogGroup(g -> g.logGroupName("/convox/prod/worker"));
        logs.createLogGroup(g -> g.logGroupName("/convox/prod/system"));
        logs.putRetentionPolicy(p -> p.logGroupName("/convox/prod/system").retentionInDays(400));
        List<Finding> got = of(r.run(), "aud-log-retention");
        assertFinding(find(got, "/convox/prod/web"), Status.FAIL, "log group /convox/prod/web keeps logs 7 days, less"
                + " than 365");
        assertFinding(find(got, "/convox/prod/worker"), Status.PASS, "log group /convox/prod/worker never expires");
        assertFinding(find(got, "/convox/prod/system"), Status.PASS, "log group /convox/prod/system keeps 400 days");
    }

    @Test
    void imagesAreScannedOnPush() {
        assertFinding(only(r.run(), "aud-ecr-scanning"), Status.FAIL,
                "registry scanning is BASIC with no scan-on-push rule for '*'");
        STUB.answerFile("ecr", "GetRegistryScanningConfiguration", 200, "fixtures/aud-ecr-scanning/enhanced.json",
                GetRegistryScanningConfigurationResponse.class);
        assertFinding(only(r.run(), "aud-ecr-scanning"), Status.PASS, "registry scanning is ENHANCED");
    }

    /** GetTrailStatus as CloudTrail sends it, with delivery times {@code ago} before now (moto sends none). */
    private void status(String fixture, Duration ago) {
        String at = String.valueOf(Instant.now().minus(ago).getEpochSecond());
        STUB.answerFile("cloudtrail", "GetTrailStatus", 200, fixture, GetTrailStatusResponse.class,
                java.util.Map.of("DIGEST_TIME", at, "DELIVERY_TIME", at));
    }
}
