package dev.rackside.services.compliance.aws;

import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.aws.SignedJsonClient;
import dev.rackside.services.compliance.aws.AwsFacts.Scope;
import dev.rackside.services.model.Rack;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import tools.jackson.databind.JsonNode;

/**
 * The reads about where the rack keeps data: RDS, S3 (the rack's buckets and the trails' buckets), Secrets
 * Manager, ECR, CloudWatch Logs and AWS Backup. Account-wide lists are read whole and scoped by
 * {@link AwsFacts}; per-resource reads only for what is in scope.
 */
final class DataCollector {
    private DataCollector() {
    }

    static void rds(RdsClient rds, AwsReads reads, Scope s) {
        reads.pages(Keys.of(s.region(), "rds:DescribeDBInstances"), rds::describeDBInstancesPaginator);
        reads.pages(Keys.of(s.region(), "rds:DescribeDBClusters"), rds::describeDBClustersPaginator).ifPresent(
                pages -> pages.stream().flatMap(p -> p.dbClusters().stream()).map(c -> c.globalClusterIdentifier())
                        .filter(g -> g != null && !g.isEmpty()).distinct().forEach(g -> reads.one(Keys.of(
                                s.region(), "rds:DescribeGlobalClusters", g), () -> rds.describeGlobalClusters(r -> r
                                .globalClusterIdentifier(g)))));
        reads.pages(Keys.of(s.region(), "rds:DescribeDBSnapshots"), rds::describeDBSnapshotsPaginator);
        reads.pages(Keys.of(s.region(), "rds:DescribeDBClusterSnapshots"), rds::describeDBClusterSnapshotsPaginator);
    }

    static void s3(Rack rack, AwsClients aws, AwsReads reads, AwsFacts facts, Scope s) {
        S3Client s3 = aws.s3(rack);
        // MaxBuckets makes ListBuckets return each BucketRegion (it is left out when no parameter is sent).
        reads.pages(Keys.of(Keys.GLOBAL, "s3:ListBuckets"), () -> s3.listBucketsPaginator(r -> r.maxBuckets(1000)));
        reads.forEach(facts.buckets().keySet(), b -> reads.one(Keys.of(Keys.GLOBAL, "s3:GetBucketTagging", b),
                () -> s3.getBucketTagging(r -> r.bucket(b)), "NoSuchTagSet", "NoSuchBucket"));
        Set<String> buckets = new LinkedHashSet<>(facts.rackBuckets(s));
        facts.trails(s).forEach(t -> buckets.add(t.path("S3BucketName").asString("")));
        buckets.remove("");
        if (!buckets.isEmpty()) {
            reads.one(Keys.of(Keys.GLOBAL, "s3control:GetPublicAccessBlock"), () -> aws.s3Control(rack)
                    .getPublicAccessBlock(r -> r.accountId(s.account())), "NoSuchPublicAccessBlockConfiguration");
        }
        reads.forEach(buckets, b -> bucket(s3, reads, facts, b));
        // Where replication sends the rack's data: the destination bucket's region.
        for (String b : facts.rackBuckets(s)) {
            facts.json(Keys.of(Keys.GLOBAL, "s3:GetBucketReplication", b)).ifPresent(n -> AwsFacts.items(
                    n.path("ReplicationConfiguration"), "Rules").forEach(rule -> {
                        String dest = rule.path("Destination").path("Bucket").asString("");
                        String name = dest.substring(dest.lastIndexOf(':') + 1);
                        if (!name.isEmpty() && !buckets.contains(name)) {
                            reads.one(Keys.of(Keys.GLOBAL, "s3:GetBucketLocation", name), () -> s3.getBucketLocation(
                                    r -> r.bucket(name)), "NoSuchBucket");
                        }
                    }));
        }
    }

    private static void bucket(S3Client s3, AwsReads reads, AwsFacts facts, String b) {
        if (facts.buckets().getOrDefault(b, "").isEmpty()) {
            reads.one(Keys.of(Keys.GLOBAL, "s3:GetBucketLocation", b), () -> s3.getBucketLocation(r -> r.bucket(b)));
        }
        reads.one(Keys.of(Keys.GLOBAL, "s3:GetPublicAccessBlock", b), () -> s3.getPublicAccessBlock(r -> r.bucket(b)),
                "NoSuchPublicAccessBlockConfiguration");
        reads.one(Keys.of(Keys.GLOBAL, "s3:GetBucketPolicyStatus", b), () -> s3.getBucketPolicyStatus(r -> r
                .bucket(b)), "NoSuchBucketPolicy");
        reads.one(Keys.of(Keys.GLOBAL, "s3:GetBucketEncryption", b), () -> s3.getBucketEncryption(r -> r.bucket(b)),
                "ServerSideEncryptionConfigurationNotFoundError");
        reads.one(Keys.of(Keys.GLOBAL, "s3:GetBucketReplication", b), () -> s3.getBucketReplication(r -> r
                .bucket(b)), "ReplicationConfigurationNotFoundError");
        reads.one(Keys.of(Keys.GLOBAL, "s3:GetBucketVersioning", b), () -> s3.getBucketVersioning(r -> r.bucket(b)));
        reads.one(Keys.of(Keys.GLOBAL, "s3:GetObjectLockConfiguration", b), () -> s3.getObjectLockConfiguration(r -> r
                .bucket(b)), "ObjectLockConfigurationNotFoundError");
    }

    static void secretsRegistryLogs(Rack rack, AwsClients aws, AwsReads reads, AwsFacts facts, Scope s) {
        Region home = Region.of(s.region());
        SecretsManagerClient sm = aws.secretsManager(rack, home);
        reads.pages(Keys.of(s.region(), "secretsmanager:ListSecrets"), sm::listSecretsPaginator);
        reads.forEach(facts.secrets(s), secret -> {
            String arn = secret.path("ARN").asString();
            reads.one(Keys.of(s.region(), "secretsmanager:DescribeSecret", arn), () -> sm.describeSecret(r -> r
                    .secretId(arn)));
        });
        EcrClient ecr = aws.ecr(rack, home);
        reads.pages(Keys.of(s.region(), "ecr:DescribeRepositories"), ecr::describeRepositoriesPaginator);
        reads.one(Keys.of(s.region(), "ecr:DescribeRegistry"), () -> ecr.describeRegistry(r -> { }));
        reads.one(Keys.of(s.region(), "ecr:GetRegistryScanningConfiguration"),
                () -> ecr.getRegistryScanningConfiguration(r -> { }));
        CloudWatchLogsClient logs = aws.logs(rack, home);
        reads.forEach(facts.logGroupPrefixes(s), prefix -> reads.pages(Keys.of(s.region(), "logs:DescribeLogGroups",
                prefix), () -> logs.describeLogGroupsPaginator(r -> r.logGroupNamePrefix(prefix))));
        reads.forEach(facts.logGroups(s), g -> {
            String name = g.path("logGroupName").asString();
            reads.pages(Keys.of(s.region(), "logs:DescribeSubscriptionFilters", name),
                    () -> logs.describeSubscriptionFiltersPaginator(r -> r.logGroupName(name)));
        });
        backup(aws.signedJson(rack, home, "backup", "BACKUP"), reads, s);
    }

    /** AWS Backup plans and their copy actions (REST-JSON, signed by hand: see {@link SignedJsonClient}). */
    private static void backup(SignedJsonClient backup, AwsReads reads, Scope s) {
        String listKey = Keys.of(s.region(), "backup:ListBackupPlans");
        var pages = reads.json(listKey, () -> {
            var all = Wire.JSON.createArrayNode();
            String token = "";
            do {
                JsonNode page = backup.get("ListBackupPlans", "/backup/plans/", token.isEmpty() ? Map.of()
                        : Map.of("nextToken", token));
                all.add(page);
                token = page.path("NextToken").asString("");
            } while (!token.isEmpty());
            return all;
        });
        pages.ifPresent(p -> reads.forEach(AwsFacts.items(p, "BackupPlansList"), plan -> {
            String id = plan.path("BackupPlanId").asString();
            reads.json(Keys.of(s.region(), "backup:GetBackupPlan", id), () -> backup.get("GetBackupPlan",
                    "/backup/plans/" + id + "/", Map.of()));
        }));
    }
}
