package dev.rackside.services.compliance.aws;

import static dev.rackside.services.compliance.aws.AwsRack.assertFinding;
import static dev.rackside.services.compliance.aws.AwsRack.of;
import static dev.rackside.services.compliance.aws.AwsRack.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.model.compliance.Finding;
import dev.rackside.services.model.compliance.Inventory;
import dev.rackside.services.model.compliance.Status;
import dev.rackside.services.model.ComplianceSettings;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.eks.model.DescribeAddonResponse;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyStatusResponse;
import software.amazon.awssdk.services.s3control.model.GetPublicAccessBlockResponse;

/** The isolation checks of catalog section 1a against moto, with stubs only where moto lacks the operation. */
class IsolationChecksTest extends AwsCheckTest {

    @Test
    void withoutTheRacksClusterTheClusterChecksAreNotApplicable() {
        List<Finding> all = r.run();
        for (String id : List.of("iso-eks-dedicated-vpc", "iso-eks-endpoint-private", "iso-eks-netpol-enforced",
                "iso-vpc-no-foreign-links", "iso-sg-restricted", "iso-nodes-private")) {
            assertFinding(only(all, id), Status.NOT_APPLICABLE, "no EKS cluster named prod in us-gov-west-1");
        }
        assertFinding(only(all, "iso-rds-private"), Status.NOT_APPLICABLE,
                "no RDS databases of rack prod in us-gov-west-1");
        assertFinding(only(all, "iso-s3-public-access-block"), Status.NOT_APPLICABLE,
                "no S3 buckets tagged for rack prod");
    }

    @Test
    void aConvoxLikeClusterPassesTheNetworkChecks() {
        r.cluster();
        List<Finding> all = r.run();
        assertFinding(only(all, "iso-eks-dedicated-vpc"), Status.PASS, "cluster prod has VPC " + r.vpc
                + " to itself (not the default VPC, tagged for the rack)");
        assertFinding(only(all, "iso-eks-endpoint-private"), Status.PASS, "private endpoint on; public endpoint off");
        assertFinding(only(all, "iso-vpc-no-foreign-links"), Status.PASS,
                "no active peering connection or transit gateway attachment on " + r.vpc);
        List<Finding> nodes = of(all, "iso-nodes-private");
        assertEquals(2, nodes.size());
        nodes.forEach(f -> assertEquals(Status.PASS, f.status(), f.message()));
        assertTrue(all.stream().allMatch(f -> f.resource().startsWith("arn:aws-us-gov:")), AwsRack.describe(all));
    }

    @Test
    void theDefaultVpcAnUntaggedVpcAndNeighboursFailDedicatedVpc() {
        String defaultVpc = r.ec2().describeVpcs(x -> x.filters(f -> f.name("is-default").values("true"))).vpcs()
                .get(0).vpcId();
        r.vpc = defaultVpc;
        r.subnets.add(r.ec2().describeSubnets(x -> x.filters(f -> f.name("vpc-id").values(defaultVpc))).subnets()
                .get(0).subnetId());
        r.cluster();
        r.eks().createCluster(c -> c.name("staging").roleArn("arn:aws-us-gov:iam::123456789012:role/eks")
                .resourcesVpcConfig(v -> v.subnetIds(r.subnets)));
        assertFinding(only(r.run(), "iso-eks-dedicated-vpc"), Status.FAIL, "cluster prod runs in the default VPC "
                + defaultVpc + "; VPC " + defaultVpc + " has no Rack tag; cluster staging also runs in " + defaultVpc);

        // A refused read elsewhere in the check does not turn a certain failure into an error.
        STUB.error("rds", "DescribeDBInstances", 403, "AccessDenied", "not authorized to perform"
                + " rds:DescribeDBInstances");
        assertFinding(only(r.run(), "iso-eks-dedicated-vpc"), Status.FAIL, "cluster prod runs in the default VPC "
                + defaultVpc + "; VPC " + defaultVpc + " has no Rack tag; cluster staging also runs in " + defaultVpc
                + "; not read: rds:DescribeDBInstances failed: AccessDenied: not authorized to perform"
                + " rds:DescribeDBInstances");
    }

    @Test
    void anotherRacksDatabaseInTheVpcFailsDedicatedVpc() {
        r.cluster();
        RdsClient rds = r.aws.rds(r.rack, r.region);
        rds.createDBSubnetGroup(g -> g.dbSubnetGroupName("shared").dbSubnetGroupDescription("shared")
                .subnetIds(r.subnets));
        r.database("billing-db", d -> d.dbSubnetGroupName("shared").tags(t -> t.key("Rack").value("billing")));
        assertFinding(only(r.run(), "iso-eks-dedicated-vpc"), Status.FAIL,
                "database billing-db of rack billing is in " + r.vpc);
    }

    @Test
    void activePeeringAndTransitGatewayLinksFail() {
        r.cluster();
        String other = r.ec2().createVpc(v -> v.cidrBlock("10.9.0.0/16")).vpc().vpcId();
        String pcx = r.ec2().createVpcPeeringConnection(p -> p.vpcId(r.vpc).peerVpcId(other)).vpcPeeringConnection()
                .vpcPeeringConnectionId();
        r.ec2().acceptVpcPeeringConnection(a -> a.vpcPeeringConnectionId(pcx));
        String tgw = r.ec2().createTransitGateway(t -> { }).transitGateway().transitGatewayId();
        String att = r.ec2().createTransitGatewayVpcAttachment(a -> a.transitGatewayId(tgw).vpcId(r.vpc)
                .subnetIds(r.subnets.get(0))).transitGatewayVpcAttachment().transitGatewayAttachmentId();
        assertFinding(only(r.run(), "iso-vpc-no-foreign-links"), Status.FAIL, "peering " + pcx + " to " + other
                + " (account 123456789012, us-gov-west-1) is active; transit gateway attachment " + att + " to "
                + tgw + " is available");

        r.allowing(new ComplianceSettings(List.of(80, 443), List.of(pcx, att), List.of()));
        assertFinding(only(r.run(), "iso-vpc-no-foreign-links"), Status.PASS, "no active peering connection or"
                + " transit gateway attachment on " + r.vpc + " besides the allowed " + pcx + ", " + att);
    }

    @Test
    void aPublicEndpointOpenToTheInternetFails() {
        r.network();
        r.eks().createCluster(c -> c.name("prod").roleArn("arn:aws-us-gov:iam::123456789012:role/eks")
                .resourcesVpcConfig(v -> v.subnetIds(r.subnets).endpointPublicAccess(true)
                        .endpointPrivateAccess(false).publicAccessCidrs("0.0.0.0/0")));
        assertFinding(only(r.run(), "iso-eks-endpoint-private"), Status.FAIL,
                "endpointPrivateAccess is false; endpointPublicAccess is true with publicAccessCidrs 0.0.0.0/0");
    }

    @Test
    void securityGroupsAdmitTheInternetOnlyOnLoadBalancerPorts() {
        r.cluster();
        String router = r.ec2().createSecurityGroup(g -> g.groupName("router").description("router").vpcId(r.vpc))
                .groupId();
        r.ec2().authorizeSecurityGroupIngress(a -> a.groupId(router).ipPermissions(IpPermission.builder()
                .ipProtocol("tcp").fromPort(443).toPort(443).ipRanges(x -> x.cidrIp("0.0.0.0/0")).build()));
        String ssh = r.ec2().createSecurityGroup(g -> g.groupName("ssh").description("ssh").vpcId(r.vpc)).groupId();
        r.ec2().authorizeSecurityGroupIngress(a -> a.groupId(ssh).ipPermissions(IpPermission.builder()
                .ipProtocol("tcp").fromPort(22).toPort(22).ipv6Ranges(x -> x.cidrIpv6("::/0")).build()));
        List<Finding> sgs = of(r.run(), "iso-sg-restricted");
        assertFinding(find(sgs, router), Status.PASS, router + " (router) admits the internet only on load balancer"
                + " ports (80, 443), if at all");
        assertFinding(find(sgs, ssh), Status.FAIL, ssh + " (ssh) allows ::/0 on tcp 22");
        Finding dflt = sgs.stream().filter(f -> f.message().startsWith("default security group")).findFirst()
                .orElseThrow();
        assertEquals(Status.FAIL, dflt.status());
        assertTrue(dflt.message().endsWith("(default) has 0 inbound and 1 outbound rules"), dflt.message());

        r.allowing(new ComplianceSettings(List.of(22, 443), List.of(), List.of()));
        assertFinding(find(of(r.run(), "iso-sg-restricted"), ssh), Status.PASS, ssh + " (ssh) admits the internet"
                + " only on load balancer ports (22, 443), if at all");
    }

    @Test
    void publicSubnetsFailNodesPrivate() {
        r.network();
        String subnet = r.subnets.get(0);
        r.ec2().modifySubnetAttribute(m -> m.subnetId(subnet).mapPublicIpOnLaunch(b -> b.value(true)));
        String igw = r.ec2().createInternetGateway(g -> { }).internetGateway().internetGatewayId();
        r.ec2().attachInternetGateway(a -> a.internetGatewayId(igw).vpcId(r.vpc));
        String rt = r.ec2().createRouteTable(t -> t.vpcId(r.vpc)).routeTable().routeTableId();
        r.ec2().createRoute(c -> c.routeTableId(rt).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
        r.ec2().associateRouteTable(a -> a.routeTableId(rt).subnetId(subnet));
        r.cluster();
        List<Finding> nodes = of(r.run(), "iso-nodes-private");
        assertFinding(find(nodes, subnet), Status.FAIL, subnet + " assigns public IPs on launch (MapPublicIpOnLaunch); "
                + subnet + " routes 0.0.0.0/0 to internet gateway " + igw + " (" + rt + ")");
        assertFinding(find(nodes, r.subnets.get(1)), Status.PASS, r.subnets.get(1)
                + " is private: no public IPs on launch, no route to an internet gateway");
    }

    @Test
    void publicDatabasesFailAndPrivateOnesPass() {
        r.cluster();
        RdsClient rds = r.aws.rds(r.rack, r.region);
        rds.createDBSubnetGroup(g -> g.dbSubnetGroupName("prod").dbSubnetGroupDescription("prod").subnetIds(r.subnets));
        for (boolean open : List.of(true, false)) {
            r.database(open ? "open-db" : "closed-db", d -> d.dbSubnetGroupName("prod").publiclyAccessible(open));
        }
        List<Finding> dbs = of(r.run(), "iso-rds-private");
        assertFinding(find(dbs, "open-db"), Status.FAIL, "database open-db is PubliclyAccessible");
        assertFinding(find(dbs, "closed-db"), Status.PASS, "database closed-db is private, in " + r.vpc);
    }

    @Test
    void bucketsBlockPublicAccessThemselvesOrThroughTheAccount() {
        S3Client s3 = r.aws.s3(r.rack);
        r.bucket("prod-open", true);
        r.bucket("prod-blocked", true);
        s3.putPublicAccessBlock(p -> p.bucket("prod-blocked").publicAccessBlockConfiguration(c -> c
                .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
        List<Finding> got = of(r.run(), "iso-s3-public-access-block");
        assertFinding(find(got, ":::prod-open"), Status.FAIL, "bucket prod-open does not block public access: "
                + "BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets off for the bucket and"
                + " the account");
        assertFinding(find(got, ":::prod-blocked"), Status.PASS, "bucket prod-blocked blocks public access (all four"
                + " settings) and its policy is not public");

        STUB.answerFile("s3control", "GetPublicAccessBlock", 200,
                "fixtures/iso-s3-public-access-block/account-blocks-all.xml", GetPublicAccessBlockResponse.class);
        assertEquals(Status.PASS, find(of(r.run(), "iso-s3-public-access-block"), ":::prod-open").status());

        // moto does not evaluate bucket policies: PolicyStatus as S3 sends it for a public policy.
        STUB.answerFile("s3", "GetBucketPolicyStatus", 200, "fixtures/iso-s3-public-access-block/policy-public.xml",
                GetBucketPolicyStatusResponse.class);
        assertFinding(find(of(r.run(), "iso-s3-public-access-block"), ":::prod-blocked"), Status.FAIL,
                "bucket prod-blocked's policy makes it public (PolicyStatus.IsPublic)");
    }

    @Test
    void networkPolicyIsEnforcedByTheVpcCniSwitchOrByCalico() {
        r.cluster();
        assertFinding(only(r.run(), "iso-eks-netpol-enforced"), Status.FAIL,
                "vpc-cni is not an EKS add-on of prod and no Calico or Cilium DaemonSet runs in kube-system");

        STUB.answerFile("eks", "DescribeAddon", 200, "fixtures/iso-eks-netpol-enforced/vpc-cni-default.json",
                DescribeAddonResponse.class);
        assertFinding(only(r.run(), "iso-eks-netpol-enforced"), Status.FAIL,
                "VPC CNI add-on v1.18.3-eksbuild.1 has no configurationValues: network policy is off by default");

        STUB.answerFile("eks", "DescribeAddon", 200, "fixtures/iso-eks-netpol-enforced/vpc-cni-enabled.json",
                DescribeAddonResponse.class);
        assertFinding(only(r.run(), "iso-eks-netpol-enforced"), Status.PASS,
                "VPC CNI add-on v1.18.3-eksbuild.1 has enableNetworkPolicy=\"true\"");

        STUB.answerFile("eks", "DescribeAddon", 200, "fixtures/iso-eks-netpol-enforced/vpc-cni-default.json",
                DescribeAddonResponse.class);
        Inventory inv = r.collect();
        inv.put("k8s:daemonsets:kube-system", "{\"kind\":\"DaemonSetList\",\"items\":[{\"metadata\":{\"name\":"
                + "\"calico-node\",\"namespace\":\"kube-system\"}}]}", Instant.now());
        assertFinding(only(AwsRules.evaluate(inv), "iso-eks-netpol-enforced"), Status.PASS,
                "DaemonSet calico-node runs in kube-system and enforces NetworkPolicy");
    }

    static Finding find(List<Finding> fs, String resourcePart) {
        return fs.stream().filter(f -> f.resource().contains(resourcePart) || f.message().startsWith(resourcePart))
                .findFirst().orElseThrow(() -> new AssertionError(resourcePart + " not in " + AwsRack.describe(fs)));
    }
}
