package dev.rackside.bench;

import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.model.compliance.Inventory;
import dev.rackside.services.compliance.aws.AwsCollector;
import dev.rackside.services.compliance.aws.AwsRules;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.RackStatus;
import dev.rackside.services.model.Tier;
import dev.rackside.services.testing.AwsStub;
import dev.rackside.services.testing.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS side of a compliance run on a large account: moto seeded with BUCKETS buckets, KEYS keys,
 * SECRETS secrets and GROUPS log groups (a quarter of each tagged for the rack) around the rack's cluster,
 * collected with one read at a time and with the default parallelism, once straight against moto and once
 * with ROUND_TRIP ms added to every request (a bastion's round trip to the regional endpoints). Reports the
 * reads made and the wall time of collection plus evaluation. Not a test: run it with the command in
 * README.md.
 */
public final class ComplianceBenchmark {
    private ComplianceBenchmark() {
    }

    /** Adds a fixed delay before each request leaves, as distance to the endpoint would. */
    record RoundTrip(long millis) implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attrs) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int buckets = Integer.getInteger("bench.buckets", 200);
        int keys = Integer.getInteger("bench.keys", 100);
        int secrets = Integer.getInteger("bench.secrets", 100);
        int groups = Integer.getInteger("bench.groups", 60);
        long roundTrip = Long.getLong("bench.roundTripMs", 30);
        MotoServer moto = new MotoServer();
        moto.start();
        AwsStub stub = new AwsStub();
        stub.beforeAll(null);
        stub.beforeEach(null);
        try {
            Rack rack = new Rack("bench", "bench", Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of("us-gov-west-1"), List.of("us-gov-west-1"), Tier.PRODUCTION, false, Optional.empty(),
                    RackStatus.RUNNING, Optional.empty(), List.of());
            try (AwsClients seed = new AwsClients(moto.env(), stub.interceptors())) {
                seed(seed, rack, buckets, keys, secrets, groups);
            }
            System.out.printf("seeded %d buckets, %d keys, %d secrets, %d log groups (a quarter tagged for the"
                    + " rack)%n", buckets, keys, secrets, groups);
            for (long delay : List.of(0L, roundTrip)) {
                for (int parallel : List.of(1, 8)) {
                    run(moto, stub, rack, delay, parallel);
                }
            }
        } finally {
            stub.afterAll(null);
            moto.stop();
        }
    }

    private static void run(MotoServer moto, AwsStub stub, Rack rack, long delay, int parallel) {
        List<ExecutionInterceptor> interceptors = new java.util.ArrayList<>(stub.interceptors());
        interceptors.add(new RoundTrip(delay));
        try (AwsClients aws = new AwsClients(moto.env(), interceptors)) {
            Inventory inv = new Inventory();
            long t0 = System.nanoTime();
            AwsCollector.collect(rack, aws, inv, Clock.systemUTC(), p -> { }, parallel);
            int findings = AwsRules.evaluate(inv).size();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            System.out.printf("round trip %3d ms, %d read(s) at a time: %4d reads, %3d failed, %4d findings in"
                    + " %6.1f s%n", delay, parallel, inv.entries().size(), inv.failures().size(), findings,
                    took.toMillis() / 1000.0);
        }
    }

    private static void seed(AwsClients aws, Rack rack, int buckets, int keys, int secrets, int groups) {
        Region gov = Region.US_GOV_WEST_1;
        var ec2 = aws.ec2(rack, gov);
        String vpc = ec2.createVpc(v -> v.cidrBlock("10.30.0.0/16")).vpc().vpcId();
        String subnet = ec2.createSubnet(s -> s.vpcId(vpc).cidrBlock("10.30.1.0/24")).subnet().subnetId();
        aws.eks(rack, gov).createCluster(c -> c.name("bench").roleArn("arn:aws-us-gov:iam::123456789012:role/eks")
                .resourcesVpcConfig(v -> v.subnetIds(subnet)));
        var s3 = aws.s3(rack);
        for (int i = 0; i < buckets; i++) {
            String b = String.format("bench-bucket-%04d", i);
            s3.createBucket(c -> c.bucket(b).createBucketConfiguration(x -> x.locationConstraint("us-gov-west-1")));
            if (i % 4 == 0) {
                s3.putBucketTagging(t -> t.bucket(b).tagging(x -> x.tagSet(s -> s.key("Rack").value("bench"))));
            }
        }
        var kms = aws.kms(rack, gov);
        for (int i = 0; i < keys; i++) {
            boolean mine = i % 4 == 0;
            kms.createKey(k -> k.description("bench").tags(mine ? List.of(software.amazon.awssdk.services.kms.model
                    .Tag.builder().tagKey("Rack").tagValue("bench").build()) : List.of()));
        }
        var sm = aws.secretsManager(rack, gov);
        for (int i = 0; i < secrets; i++) {
            String name = String.format("bench/secret-%04d", i);
            boolean mine = i % 4 == 0;
            sm.createSecret(s -> s.name(name).secretString("x").tags(mine ? List.of(software.amazon.awssdk.services
                    .secretsmanager.model.Tag.builder().key("Rack").value("bench").build()) : List.of()));
        }
        var logs = aws.logs(rack, gov);
        for (int i = 0; i < groups; i++) {
            String g = String.format("/convox/%s/app-%03d", i % 4 == 0 ? "bench" : "other", i);
            logs.createLogGroup(x -> x.logGroupName(g));
        }
        aws.cloudTrail(rack, gov).createTrail(t -> t.name("bench").s3BucketName("bench-bucket-0000")
                .isMultiRegionTrail(true));
    }
}
