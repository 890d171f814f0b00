package dev.rackside.services.compliance.aws;

import dev.rackside.services.aws.Arn;
import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.model.compliance.Inventory;
import dev.rackside.services.compliance.aws.AwsFacts.Scope;
import dev.rackside.services.model.Rack;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.eks.EksClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every AWS read the 33 checks need, into an {@link Inventory}, in the order scope demands: who we are
 * (STS: account and partition), the rack's cluster and VPC, the network around it, the data stores, the
 * audit trail, then the KMS keys all of those reference, then the sweep of regions the rack must not be in.
 * Nothing here decides a check; what belongs to the rack is decided by {@link AwsFacts}, the same code the
 * rules use.
 */
public final class AwsCollector {
    private AwsCollector() {
    }

    /** @throws IllegalArgumentException when the rack has no region */
    public static void collect(Rack rack, AwsClients aws, Inventory inv, Clock clock, Consumer<String> progress) {
        collect(rack, aws, inv, clock, progress, AwsReads.PARALLEL);
    }

    /** The same with {@code parallel} reads in flight at once (the benchmark compares). */
    public static void collect(Rack rack, AwsClients aws, Inventory inv, Clock clock, Consumer<String> progress,
            int parallel) {
        Region home = AwsClients.region(rack);
        try (AwsReads reads = new AwsReads(inv, clock, parallel)) {
            collect(rack, aws, inv, clock, progress, home, reads);
        }
    }

    private static void collect(Rack rack, AwsClients aws, Inventory inv, Clock clock, Consumer<String> progress,
            Region home, AwsReads reads) {
        progress.accept("AWS: who am I (STS) in " + home.id());
        String callerKey = Keys.of(home.id(), "sts:GetCallerIdentity");
        Optional<Arn> caller = reads.one(callerKey, () -> aws.sts(rack).getCallerIdentity()).flatMap(r -> Arn.parse(
                r.arn()));
        String partition = caller.map(Arn::partition).orElse(rack.partition());
        String account = caller.map(Arn::account).orElse("");
        List<String> approved = rack.approvedRegions().isEmpty() ? List.of(home.id()) : rack.approvedRegions();
        ObjectNode scope = Wire.JSON.createObjectNode().put("rack", rack.internalName()).put("partition", partition)
                .put("region", home.id()).put("account", account);
        approved.forEach(scope.putArray("approvedRegions")::add);
        ObjectNode allowed = scope.putObject("allowed");
        rack.compliance().publicPorts().forEach(allowed.putArray("publicPorts")::add);
        rack.compliance().allowedLinks().forEach(allowed.putArray("links")::add);
        rack.compliance().logArchiveAccounts().forEach(allowed.putArray("logArchiveAccounts")::add);
        inv.put(Keys.SCOPE, Wire.JSON.writeValueAsString(scope), clock.instant());
        Scope s = new Scope(rack.internalName(), partition, home.id(), approved, account, rack.compliance());
        if (account.isEmpty()) {
            // Without an identity every other read fails the same way, each after its retries: stop here; the
            // rules make every AWS check ERROR with STS's answer.
            progress.accept("AWS: cannot tell which account the credentials belong to: " + inv.failure(callerKey)
                    .or(() -> inv.absence(callerKey)).orElse("no answer"));
            return;
        }
        AwsFacts facts = new AwsFacts(inv);

        progress.accept("AWS: EKS cluster " + s.rack() + " and its VPC");
        network(aws.eks(rack, home), aws.ec2(rack, home), reads, facts, s);
        progress.accept("AWS: databases");
        DataCollector.rds(aws.rds(rack, home), reads, s);
        progress.accept("AWS: trails");
        AuditCollector.trails(rack, aws, reads, facts, s);
        progress.accept("AWS: buckets");
        DataCollector.s3(rack, aws, reads, facts, s);
        progress.accept("AWS: secrets, registry, log groups, backups");
        DataCollector.secretsRegistryLogs(rack, aws, reads, facts, s);
        progress.accept("AWS: EBS defaults, volumes and snapshots");
        ebs(rack, aws, reads, s);
        progress.accept("AWS: KMS keys the rack uses");
        KeyCollector.keys(rack, aws, reads, facts, s);
        progress.accept("AWS: other regions of " + partition);
        RegionSweep.sweep(rack, aws, reads, facts, s);
    }

    private static void network(EksClient eks, Ec2Client ec2, AwsReads reads, AwsFacts facts, Scope s) {
        String region = s.region();
        List<String> clusters = reads.pages(Keys.of(region, "eks:ListClusters"), eks::listClustersPaginator)
                .map(pages -> pages.stream().flatMap(p -> p.clusters().stream()).toList()).orElse(List.of());
        // Every cluster of the region, so iso-eks-dedicated-vpc can tell whether another rack shares the VPC.
        reads.forEach(clusters, name -> reads.one(Keys.of(region, "eks:DescribeCluster", name),
                () -> eks.describeCluster(r -> r.name(name)), "ResourceNotFoundException")
                .map(r -> r.cluster().resourcesVpcConfig()).ifPresent(v -> {
                    if (v.vpcId() == null && !v.subnetIds().isEmpty()) {
                        reads.one(Keys.of(region, "ec2:DescribeSubnets", name), () -> ec2.describeSubnets(r -> r
                                .subnetIds(v.subnetIds())));
                    }
                }));
        if (!clusters.contains(s.rack())) {
            reads.one(facts.clusterKey(s), () -> eks.describeCluster(r -> r.name(s.rack())),
                    "ResourceNotFoundException");
        }
        if (facts.cluster(s).isEmpty()) {
            return;
        }
        List<String> subnets = facts.clusterSubnets(s);
        if (!subnets.isEmpty() && facts.inventory().get(Keys.of(region, "ec2:DescribeSubnets", s.rack())).isEmpty()) {
            reads.one(Keys.of(region, "ec2:DescribeSubnets", s.rack()), () -> ec2.describeSubnets(r -> r.subnetIds(
                    subnets)));
        }
        reads.pages(Keys.of(region, "eks:ListAddons", s.rack()), () -> eks.listAddonsPaginator(r -> r.clusterName(
                s.rack())));
        reads.one(Keys.of(region, "eks:DescribeAddon", s.rack(), "vpc-cni"), () -> eks.describeAddon(r -> r
                .clusterName(s.rack()).addonName("vpc-cni")), "ResourceNotFoundException");
        String vpc = facts.vpcId(s).orElse(null);
        if (vpc == null) {
            return;
        }
        Filter inVpc = Filter.builder().name("vpc-id").values(vpc).build();
        reads.one(Keys.of(region, "ec2:DescribeVpcs", vpc), () -> ec2.describeVpcs(r -> r.vpcIds(vpc)));
        reads.pages(Keys.of(region, "ec2:DescribeRouteTables", vpc), () -> ec2.describeRouteTablesPaginator(r -> r
                .filters(inVpc)));
        reads.pages(Keys.of(region, "ec2:DescribeSecurityGroups", vpc), () -> ec2.describeSecurityGroupsPaginator(
                r -> r.filters(inVpc)));
        for (String side : List.of("requester", "accepter")) {
            reads.pages(Keys.of(region, "ec2:DescribeVpcPeeringConnections", vpc, side),
                    () -> ec2.describeVpcPeeringConnectionsPaginator(r -> r.filters(Filter.builder()
                            .name(side + "-vpc-info.vpc-id").values(vpc).build())));
        }
        reads.pages(Keys.of(region, "ec2:DescribeTransitGatewayAttachments", vpc),
                () -> ec2.describeTransitGatewayAttachmentsPaginator(r -> r.filters(Filter.builder()
                        .name("resource-id").values(vpc).build())));
        reads.pages(Keys.of(region, "ec2:DescribeFlowLogs", vpc), () -> ec2.describeFlowLogsPaginator(r -> r
                .filter(Filter.builder().name("resource-id").values(vpc).build())));
    }

    private static void ebs(Rack rack, AwsClients aws, AwsReads reads, Scope s) {
        for (String region : s.approved()) {
            Ec2Client ec2;
            try {
                ec2 = aws.ec2(rack, Region.of(region));
            } catch (SdkException e) {
                continue;
            }
            reads.one(Keys.of(region, "ec2:GetEbsEncryptionByDefault"), () -> ec2.getEbsEncryptionByDefault(r -> { }));
            reads.one(Keys.of(region, "ec2:GetEbsDefaultKmsKeyId"), () -> ec2.getEbsDefaultKmsKeyId(r -> { }));
        }
        Ec2Client ec2 = aws.ec2(rack, Region.of(s.region()));
        reads.pages(Keys.of(s.region(), "ec2:DescribeVolumes", "tag"), () -> ec2.describeVolumesPaginator(r -> r
                .filters(Filter.builder().name("tag:Rack").values(s.rack()).build())));
        reads.pages(Keys.of(s.region(), "ec2:DescribeVolumes", "cluster"), () -> ec2.describeVolumesPaginator(r -> r
                .filters(Filter.builder().name("tag-key").values("kubernetes.io/cluster/" + s.rack()).build())));
        for (String tag : AwsFacts.TAG_KEYS) {
            reads.pages(Keys.of(s.region(), "ec2:DescribeSnapshots", tag), () -> ec2.describeSnapshotsPaginator(r -> r
                    .ownerIds("self").filters(Filter.builder().name("tag:" + tag).values(s.rack()).build())));
        }
    }
}
