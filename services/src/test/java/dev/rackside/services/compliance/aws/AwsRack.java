package dev.rackside.services.compliance.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.model.compliance.Finding;
import dev.rackside.services.model.compliance.Inventory;
import dev.rackside.services.model.compliance.Status;
import dev.rackside.services.model.ComplianceSettings;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.RackStatus;
import dev.rackside.services.model.Tier;
import dev.rackside.services.testing.AwsStub;
import dev.rackside.services.testing.MotoServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.LogType;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;

/**
 * A rack named {@code prod} in a moto account, seeded through the same SDK clients rackside uses (so the
 * stub routing and the loopback guard apply to the seeding too), and a compliance run over it.
 */
final class AwsRack implements AutoCloseable {
    static final String NAME = "prod";
    Rack rack;
    final AwsClients aws;
    final Region region;
    String vpc;
    List<String> subnets = new ArrayList<>();
    String cmk;

    AwsRack(MotoServer moto, AwsStub stub, String region, String... approved) {
        this.region = Region.of(region);
        this.rack = new Rack(NAME, NAME, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(region),
                List.of(approved), Tier.PRODUCTION, false, Optional.empty(), RackStatus.RUNNING, Optional.empty(),
                List.of());
        this.aws = new AwsClients(moto.env(), stub.interceptors());
    }

    AwsRack(MotoServer moto, AwsStub stub) {
        this(moto, stub, "us-gov-west-1", "us-gov-west-1");
    }

    /** The same rack with exceptions approved in racks.yaml. */
    AwsRack allowing(ComplianceSettings settings) {
        rack = new Rack(rack.name(), rack.internalName(), rack.context(), rack.kubeconfig(), rack.awsProfile(),
                rack.region(), rack.approvedRegions(), rack.tier(), rack.readOnly(), rack.facts(), rack.status(),
                rack.reason(), rack.sources(), settings);
        return this;
    }

    Ec2Client ec2() {
        return aws.ec2(rack, region);
    }

    EksClient eks() {
        return aws.eks(rack, region);
    }

    KmsClient kms() {
        return aws.kms(rack, region);
    }

    static TagSpecification tags(ResourceType type, String rack) {
        return TagSpecification.builder().resourceType(type).tags(Tag.builder().key("Rack").value(rack).build())
                .build();
    }

    /** A customer key with rotation on. */
    String customerKey() {
        String id = kms().createKey(r -> r.description("rack key")).keyMetadata().arn();
        kms().enableKeyRotation(r -> r.keyId(id));
        return id;
    }

    /** A Convox-like network: the rack's own VPC with two private subnets, and the cluster in them. */
    AwsRack network() {
        vpc = ec2().createVpc(r -> r.cidrBlock("10.1.0.0/16").tagSpecifications(tags(ResourceType.VPC, NAME)))
                .vpc().vpcId();
        for (String cidr : List.of("10.1.1.0/24", "10.1.2.0/24")) {
            subnets.add(ec2().createSubnet(r -> r.vpcId(vpc).cidrBlock(cidr)).subnet().subnetId());
        }
        return this;
    }

    /** The EKS cluster {@code prod}, private, Secrets under a customer key, audit logging on. */
    AwsRack cluster() {
        if (vpc == null) {
            network();
        }
        cmk = cmk == null ? customerKey() : cmk;
        eks().createCluster(r -> r.name(NAME).roleArn("arn:aws-us-gov:iam::123456789012:role/eks")
                .resourcesVpcConfig(v -> v.subnetIds(subnets).endpointPrivateAccess(true).endpointPublicAccess(false))
                .encryptionConfig(e -> e.resources("secrets").provider(p -> p.keyArn(cmk)))
                .logging(l -> l.clusterLogging(c -> c.types(LogType.API, LogType.AUDIT, LogType.AUTHENTICATOR)
                        .enabled(true))));
        return this;
    }

    /** Something of every kind in scope: the cluster, a bucket, a trail, a secret, a repository, a database. */
    AwsRack everything() {
        cluster();
        bucket("prod-data", true);
        aws.cloudTrail(rack, region).createTrail(t -> t.name("main").s3BucketName("prod-data")
                .isMultiRegionTrail(true));
        aws.secretsManager(rack, region).createSecret(s -> s.name("prod/db").secretString("x")
                .tags(t -> t.key("Rack").value(NAME)));
        aws.ecr(rack, region).createRepository(c -> c.repositoryName("prod/web"));
        aws.logs(rack, region).createLogGroup(g -> g.logGroupName("/convox/prod/web"));
        database("prod-db", d -> d.storageEncrypted(true).kmsKeyId(cmk));
        return this;
    }

    /** A bucket in the rack's region, tagged for the rack when {@code ours}. */
    void bucket(String name, boolean ours) {
        var s3 = aws.s3(rack);
        s3.createBucket(c -> c.bucket(name).createBucketConfiguration(x -> x.locationConstraint(region.id())));
        if (ours) {
            s3.putBucketTagging(t -> t.bucket(name).tagging(x -> x.tagSet(s -> s.key("Rack").value(NAME))));
        }
    }

    /** A small postgres instance tagged for the rack; {@code more} adds or overrides settings. */
    void database(String id, java.util.function.UnaryOperator<CreateDbInstanceRequest.Builder> more) {
        aws.rds(rack, region).createDBInstance(d -> more.apply(d.dbInstanceIdentifier(id)
                .dbInstanceClass("db.t3.micro").engine("postgres").masterUsername("u")
                .masterUserPassword("password-password").allocatedStorage(20).tags(t -> t.key("Rack").value(NAME))));
    }

    Inventory collect() {
        Inventory inv = new Inventory();
        AwsCollector.collect(rack, aws, inv, Clock.systemUTC(), p -> { });
        return inv;
    }

    List<Finding> run() {
        return AwsRules.evaluate(collect());
    }

    static List<Finding> of(List<Finding> all, String check) {
        return all.stream().filter(f -> f.check().id().equals(check)).toList();
    }

    /** The one finding of a check (fails when there are several or none). */
    static Finding only(List<Finding> all, String check) {
        List<Finding> got = of(all, check);
        assertEquals(1, got.size(), () -> check + ": " + describe(got));
        return got.get(0);
    }

    static void assertFinding(Finding f, Status status, String message) {
        assertEquals(status + " " + message, f.status() + " " + f.message(), () -> f.check().id() + " on "
                + f.resource());
    }

    static String describe(List<Finding> fs) {
        return fs.stream().map(f -> f.check().id() + " " + f.status() + " " + f.resource() + ": " + f.message())
                .collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        aws.close();
    }
}
