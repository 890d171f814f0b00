package dev.rackside.services.compliance.aws;

import static dev.rackside.services.compliance.aws.AwsRack.assertFinding;
import static dev.rackside.services.compliance.aws.AwsRack.of;
import static dev.rackside.services.compliance.aws.AwsRack.only;
import static dev.rackside.services.compliance.aws.IsolationChecksTest.find;

import dev.rackside.services.model.compliance.Finding;
import dev.rackside.services.model.compliance.Status;
import dev.rackside.services.model.ComplianceSettings;
import dev.rackside.services.testing.AwsStub;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeSubscriptionFiltersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** The data residency checks of catalog section 1b: the rack and every copy of its data in approved regions. */
class ResidencyChecksTest extends AwsCheckTest {

    @Test
    void anEmptyAccountHasNothingOutsideAndNothingToJudge() {
        List<Finding> all = r.run();
        assertFinding(only(all, "res-rack-regions"), Status.PASS,
                "nothing of rack prod in the 1 non-approved region(s) swept: us-gov-east-1");
        assertFinding(only(all, "res-s3-location"), Status.NOT_APPLICABLE, "no S3 buckets tagged for rack prod");
        assertFinding(only(all, "res-s3-replication"), Status.NOT_APPLICABLE, "no S3 buckets tagged for rack prod");
        assertFinding(only(all, "res-rds-copies"), Status.NOT_APPLICABLE,
                "no RDS databases of rack prod in us-gov-west-1");
        assertFinding(only(all, "res-kms-mrk"), Status.NOT_APPLICABLE,
                "no customer KMS keys used by or tagged for rack prod");
        assertFinding(only(all, "res-log-destinations"), Status.NOT_APPLICABLE,
                "no CloudTrail trails in us-gov-west-1");
        List<Finding> targets = of(all, "res-replication-targets");
        assertFinding(find(targets, "registry"), Status.PASS,
                "registry replication stays in approved regions of this account (0 rule(s))");
        assertFinding(find(targets, "backup-plan"), Status.NOT_APPLICABLE, "no AWS Backup plans in us-gov-west-1");
    }

    @Test
    void theRackFoundInAnotherRegionFails() {
        r.aws.eks(r.rack, Region.US_GOV_EAST_1).createCluster(c -> c.name("prod")
                .roleArn("arn:aws-us-gov:iam::123456789012:role/eks").resourcesVpcConfig(v -> v.subnetIds("subnet-1")));
        // tag:GetResources answers HTTP 500 in moto's GovCloud regions.
        STUB.answer("tagging", "GetResources", 200, AwsStub.fixture(
                "fixtures/res-rack-regions/tagged-snapshot-east.json"));
        assertFinding(only(r.run(), "res-rack-regions"), Status.FAIL, "2 resource(s) of rack prod in us-gov-east-1,"
                + " not an approved region: arn:aws-us-gov:rds:us-gov-east-1:123456789012:snapshot:prod-db-final, "
                + "arn:aws-us-gov:eks:us-gov-east-1:123456789012:cluster/prod");
    }

    @Test
    void aSourceTheRegionLacksDoesNotHideWhatTheOthersShow() {
        STUB.error("tagging", "GetResources", 400, "UnrecognizedClientException", "no such service here");
        assertFinding(only(r.run(), "res-rack-regions"), Status.PASS, "nothing of rack prod in the 1 non-approved"
                + " region(s) swept: us-gov-east-1 (not read there: us-gov-east-1: not available in partition"
                + " aws-us-gov: tag:GetResources (UnrecognizedClientException: no such service here))");
        r.aws.eks(r.rack, Region.US_GOV_EAST_1).createCluster(c -> c.name("prod")
                .roleArn("arn:aws-us-gov:iam::123456789012:role/eks").resourcesVpcConfig(v -> v.subnetIds("subnet-1")));
        assertFinding(only(r.run(), "res-rack-regions"), Status.FAIL, "1 resource(s) of rack prod in us-gov-east-1,"
                + " not an approved region: arn:aws-us-gov:eks:us-gov-east-1:123456789012:cluster/prod");
    }

    @Test
    void bucketsAndTheirReplicasStayInApprovedRegions() {
        S3Client s3 = r.aws.s3(r.rack);
        bucket("prod-assets", "us-gov-west-1", true);
        bucket("prod-east", "us-gov-east-1", true);
        bucket("prod-replica", "us-gov-east-1", false);
        for (String b : List.of("prod-assets", "prod-replica")) {
            s3.putBucketVersioning(v -> v.bucket(b).versioningConfiguration(c -> c.status(
                    BucketVersioningStatus.ENABLED)));
        }
        s3.putBucketReplication(p -> p.bucket("prod-assets").replicationConfiguration(c -> c
                .role("arn:aws-us-gov:iam::123456789012:role/replication").rules(x -> x.id("to-east")
                        .status("Enabled").priority(1).filter(f -> f.prefix(""))
                        .deleteMarkerReplication(d -> d.status("Disabled"))
                        .destination(d -> d.bucket("arn:aws-us-gov:s3:::prod-replica")))));
        List<Finding> all = r.run();
        List<Finding> location = of(all, "res-s3-location");
        assertFinding(find(location, ":::prod-assets"), Status.PASS, "bucket prod-assets is in us-gov-west-1");
        assertFinding(find(location, ":::prod-east"), Status.FAIL, "bucket prod-east is in us-gov-east-1, not an"
                + " approved region (us-gov-west-1)");
        List<Finding> replication = of(all, "res-s3-replication");
        assertFinding(find(replication, ":::prod-assets"), Status.FAIL, "rule to-east replicates to prod-replica in"
                + " us-gov-east-1, not an approved region");
        assertFinding(find(replication, ":::prod-east"), Status.PASS, "bucket prod-east has no replication"
                + " configuration");
    }

    @Test
    void databasesWithoutCopiesAndSingleRegionKeysPass() {
        r.cluster();
        r.database("prod-db", d -> d);
        List<Finding> all = r.run();
        assertFinding(only(all, "res-rds-copies"), Status.PASS, "database prod-db: 0 replica(s) and backup copies,"
                + " all in approved regions");
        assertFinding(only(all, "res-kms-mrk"), Status.PASS, "key " + r.cmk + " is a single-Region key in"
                + " us-gov-west-1");
    }

    @Test
    void databaseBackupsReplicatedToAnotherRegionFail() {
        STUB.answerFile("rds", "DescribeDBInstances", 200, "fixtures/res-rds-copies/backups-replicated-east.xml",
                DescribeDbInstancesResponse.class);
        assertFinding(only(r.run(), "res-rds-copies"), Status.FAIL, "database prod-db has copies outside the approved"
                + " regions: arn:aws-us-gov:rds:us-gov-east-1:123456789012:auto-backup:ab-prod-db-east");
    }

    @Test
    void multiRegionKeysReplicatedOutsideFail() {
        var meta = r.kms().createKey(k -> k.multiRegion(true)).keyMetadata();
        String key = meta.arn();
        r.kms().replicateKey(k -> k.keyId(meta.keyId()).replicaRegion("us-gov-east-1"));
        r.kms().tagResource(t -> t.keyId(meta.keyId()).tags(x -> x.tagKey("Rack").tagValue("prod")));
        assertFinding(only(r.run(), "res-kms-mrk"), Status.FAIL, "Multi-Region key " + key
                + " has copies in us-gov-east-1, not approved");
    }

    @Test
    void secretsImagesAndBackupsReplicateOnlyToApprovedRegions() {
        r.aws.secretsManager(r.rack, r.region).createSecret(s -> s.name("prod/db").secretString("x")
                .tags(t -> t.key("Rack").value("prod")).addReplicaRegions(x -> x.region("us-gov-east-1")));
        r.aws.ecr(r.rack, r.region).putReplicationConfiguration(p -> p.replicationConfiguration(c -> c.rules(x -> x
                .destinations(d -> d.region("us-gov-east-1").registryId("123456789012")))));
        List<Finding> got = of(r.run(), "res-replication-targets");
        assertFinding(find(got, ":secret:prod/db"), Status.FAIL, "secret prod/db replicates to us-gov-east-1, not"
                + " approved");
        assertFinding(find(got, "registry"), Status.FAIL, "registry replicates to 123456789012 in us-gov-east-1");
    }

    @Test
    void backupPlansCopyingToAnotherRegionFail() {
        // AWS Backup has no SDK module on the mirror: this goes through rackside's signed JSON client to moto.
        STUB.answer("backup", "ListBackupPlans", 200, AwsStub.fixture("fixtures/res-replication-targets/plans.json"));
        STUB.answer("backup", "GetBackupPlan", 200, AwsStub.fixture(
                "fixtures/res-replication-targets/plan-copies-east.json"));
        assertFinding(find(of(r.run(), "res-replication-targets"), "backup-plan:prod-daily"), Status.FAIL,
                "plan prod-daily rule nightly copies to "
                        + "arn:aws-us-gov:backup:us-gov-east-1:123456789012:backup-vault:dr");
    }

    @Test
    void trailLogsAndSubscriptionsGoOnlyToApprovedRegionsOfThisAccount() {
        bucket("org-trail-east", "us-gov-east-1", false);
        r.aws.cloudTrail(r.rack, r.region).createTrail(t -> t.name("main").s3BucketName("org-trail-east"));
        r.aws.logs(r.rack, r.region).createLogGroup(g -> g.logGroupName("/convox/prod/web"));
        STUB.answerFile("cloudwatchlogs", "DescribeSubscriptionFilters", 200,
                "fixtures/res-log-destinations/to-other-account.json", DescribeSubscriptionFiltersResponse.class);
        bucket("org-trail-west", "us-gov-west-1", false);
        r.aws.cloudTrail(r.rack, r.region).createTrail(t -> t.name("local").s3BucketName("org-trail-west"));
        List<Finding> got = of(r.run(), "res-log-destinations");
        assertFinding(find(got, ":trail/main"), Status.FAIL, "trail delivers to bucket org-trail-east in"
                + " us-gov-east-1, not an approved region");
        assertFinding(find(got, ":trail/local"), Status.PASS, "trail delivers to bucket org-trail-west in"
                + " us-gov-west-1");
        assertFinding(find(got, "/convox/prod/web"), Status.FAIL, "log group /convox/prod/web streams to"
                + " arn:aws-us-gov:logs:us-gov-west-1:999999999999:destination:siem");

        r.allowing(new ComplianceSettings(List.of(80, 443), List.of(), List.of("999999999999")));
        assertFinding(find(of(r.run(), "res-log-destinations"), "/convox/prod/web"), Status.PASS, "log group"
                + " /convox/prod/web streams only to approved regions of this account or the log-archive account");
    }

    /** A bucket made through a client of its own region, as AWS requires (a GovCloud endpoint refuses others). */
    void bucket(String name, String region, boolean rack) {
        try (AwsRack there = new AwsRack(MOTO, STUB, region, region)) {
            there.bucket(name, rack);
        }
    }
}
