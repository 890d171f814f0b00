package dev.rackside.services.compliance.aws;

import static dev.rackside.services.compliance.aws.AwsFacts.items;

import dev.rackside.services.model.compliance.Status;
import dev.rackside.services.compliance.aws.AwsFacts.Scope;
import dev.rackside.services.compliance.aws.RuleKit.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The AWS isolation checks (compliance-catalog.md section 1a), as pure functions of the inventory. */
final class IsolationRules {
    private static final Set<String> ANYWHERE = Set.of("0.0.0.0/0", "::/0");

    private IsolationRules() {
    }

    static void evaluate(RuleKit kit) {
        Scope s = kit.scope;
        AwsFacts f = kit.facts;
        String cluster = kit.clusterArn();
        kit.judge(AwsChecks.ISO_EKS_DEDICATED_VPC, cluster, s.region(), ev -> dedicatedVpc(kit, ev));
        kit.judge(AwsChecks.ISO_EKS_ENDPOINT_PRIVATE, cluster, s.region(), ev -> endpoint(kit.cluster(ev)));
        kit.judge(AwsChecks.ISO_EKS_NETPOL_ENFORCED, cluster, s.region(), ev -> netpol(kit, ev));
        Optional<String> vpc = f.vpcId(s);
        String vpcArn = vpc.map(v -> s.arn("ec2", s.region(), "vpc/" + v)).orElse(cluster);
        kit.judge(AwsChecks.ISO_VPC_NO_FOREIGN_LINKS, vpcArn, s.region(), ev -> links(kit, ev));
        for (JsonNode sg : kit.each(AwsChecks.ISO_SG_RESTRICTED, vpcArn, ev -> {
            return items(ev.need(Keys.of(s.region(), "ec2:DescribeSecurityGroups", kit.vpc(ev))),
                    "SecurityGroups");
        }, "no security groups in the rack's VPC")) {
            kit.judge(AwsChecks.ISO_SG_RESTRICTED, s.arn("ec2", s.region(), "security-group/"
                    + sg.path("GroupId").asString()), s.region(), ev -> {
                        ev.need(Keys.of(s.region(), "ec2:DescribeSecurityGroups", kit.vpc(ev)));
                        return securityGroup(sg, s.settings().publicPorts());
                    });
        }
        for (String subnet : kit.each(AwsChecks.ISO_NODES_PRIVATE, cluster, ev -> AwsFacts.subnetsOf(
                kit.cluster(ev)), "the cluster lists no subnets")) {
            kit.judge(AwsChecks.ISO_NODES_PRIVATE, s.arn("ec2", s.region(), "subnet/" + subnet), s.region(),
                    ev -> nodeSubnet(kit, ev, subnet, kit.vpc(ev)));
        }
        String rds = s.arn("rds", s.region(), "db:*");
        for (JsonNode db : kit.each(AwsChecks.ISO_RDS_PRIVATE, rds, kit::databases, "no RDS databases of rack "
                + s.rack() + " in " + s.region())) {
            kit.judge(AwsChecks.ISO_RDS_PRIVATE, RuleKit.databaseArn(db), s.region(), ev -> {
                ev.need(Keys.of(s.region(), db.has("DBInstanceArn") ? "rds:DescribeDBInstances"
                        : "rds:DescribeDBClusters"));
                return database(db, vpc);
            });
        }
        for (String bucket : kit.each(AwsChecks.ISO_S3_PUBLIC_ACCESS_BLOCK, "arn:" + s.partition() + ":s3:::*",
                ev -> rackBuckets(kit, ev), "no S3 buckets tagged for rack " + s.rack())) {
            kit.judge(AwsChecks.ISO_S3_PUBLIC_ACCESS_BLOCK, "arn:" + s.partition() + ":s3:::" + bucket,
                    f.bucketRegion(bucket).orElse(""), ev -> {
                        List<String> problems = new ArrayList<>(publicAccess(kit, ev, bucket));
                        return Verdict.of(problems, "bucket " + bucket + " blocks public access (all four settings)"
                                + " and its policy is not public");
                    });
        }
    }

    static List<String> rackBuckets(RuleKit kit, RuleKit.Ev ev) {
        ev.need(Keys.of(Keys.GLOBAL, "s3:ListBuckets"));
        for (String b : kit.facts.buckets().keySet()) {
            ev.opt(Keys.of(Keys.GLOBAL, "s3:GetBucketTagging", b));
        }
        return kit.facts.rackBuckets(kit.scope);
    }

    private static Verdict dedicatedVpc(RuleKit kit, RuleKit.Ev ev) {
        Scope s = kit.scope;
        String vpc = kit.vpc(ev);
        RuleKit.Parts parts = new RuleKit.Parts();
        parts.read(() -> {
            JsonNode v = items(ev.need(Keys.of(s.region(), "ec2:DescribeVpcs", vpc)), "Vpcs").stream().findFirst()
                    .orElseThrow(() -> new RuleKit.Unavailable(Status.ERROR, "DescribeVpcs did not return " + vpc));
            if (v.path("IsDefault").asBoolean(false)) {
                parts.problems.add("cluster " + s.rack() + " runs in the default VPC " + vpc);
            }
            Optional<String> tag = AwsFacts.tagValue(v.path("Tags"));
            if (tag.isEmpty()) {
                parts.problems.add("VPC " + vpc + " has no Rack tag");
            } else if (!tag.get().equals(s.rack())) {
                parts.problems.add("VPC " + vpc + " is tagged for rack " + tag.get() + ", not " + s.rack());
            }
        });
        parts.read(() -> {
            ev.need(Keys.of(s.region(), "eks:ListClusters"));
            for (String other : kit.facts.clusters(s)) {
                if (!other.equals(s.rack())) {
                    ev.opt(Keys.of(s.region(), "eks:DescribeCluster", other));
                    if (kit.facts.vpcOf(s, other).map(vpc::equals).orElse(false)) {
                        parts.problems.add("cluster " + other + " also runs in " + vpc);
                    }
                }
            }
        });
        parts.read(() -> {
            for (JsonNode db : items(ev.need(Keys.of(s.region(), "rds:DescribeDBInstances")), "DBInstances")) {
                Optional<String> owner = AwsFacts.tagValue(db.path("TagList"));
                if (vpc.equals(db.path("DBSubnetGroup").path("VpcId").asString()) && owner.isPresent()
                        && !owner.get().equals(s.rack())) {
                    parts.problems.add("database " + db.path("DBInstanceIdentifier").asString() + " of rack "
                            + owner.get() + " is in " + vpc);
                }
            }
        });
        return parts.verdict("cluster " + s.rack() + " has VPC " + vpc + " to itself (not the default VPC, tagged"
                + " for the rack)");
    }

    private static Verdict endpoint(JsonNode cluster) {
        JsonNode cfg = cluster.path("resourcesVpcConfig");
        // EKS's defaults when a field is left out: public on, private off, open to 0.0.0.0/0.
        boolean privateOn = cfg.path("endpointPrivateAccess").asBoolean(false);
        boolean publicOn = cfg.path("endpointPublicAccess").asBoolean(true);
        List<String> cidrs = cfg.has("publicAccessCidrs") ? AwsFacts.strings(cfg.path("publicAccessCidrs"))
                : List.of("0.0.0.0/0");
        List<String> problems = new ArrayList<>();
        if (!privateOn) {
            problems.add("endpointPrivateAccess is false");
        }
        if (publicOn && cidrs.stream().anyMatch(ANYWHERE::contains)) {
            problems.add("endpointPublicAccess is true with publicAccessCidrs " + String.join(", ", cidrs));
        }
        return Verdict.of(problems, "private endpoint on; public endpoint " + (publicOn ? "limited to "
                + String.join(", ", cidrs) : "off"));
    }

    private static Verdict netpol(RuleKit kit, RuleKit.Ev ev) {
        Scope s = kit.scope;
        kit.cluster(ev);
        Optional<String> engine = kubeEngine(kit, ev);
        if (engine.isPresent()) {
            return Verdict.pass(engine.get() + " runs in kube-system and enforces NetworkPolicy");
        }
        JsonNode addon = ev.need(Keys.of(s.region(), "eks:DescribeAddon", s.rack(), "vpc-cni"));
        if (AwsFacts.unset(addon).isPresent()) {
            return Verdict.fail("vpc-cni is not an EKS add-on of " + s.rack()
                    + " and no Calico or Cilium DaemonSet runs in kube-system");
        }
        String values = addon.path("addon").path("configurationValues").asString("");
        String version = addon.path("addon").path("addonVersion").asString("?");
        if (values.isBlank()) {
            return Verdict.fail("VPC CNI add-on " + version + " has no configurationValues: network policy is off"
                    + " by default");
        }
        JsonNode cfg;
        try {
            cfg = Wire.JSON.readTree(values);
        } catch (RuntimeException e) {
            return Verdict.fail("VPC CNI configurationValues is not JSON: " + values);
        }
        String enabled = cfg.path("enableNetworkPolicy").asString("");
        return "true".equalsIgnoreCase(enabled) ? Verdict.pass("VPC CNI add-on " + version
                + " has enableNetworkPolicy=\"true\"") : Verdict.fail("VPC CNI add-on " + version
                + " has enableNetworkPolicy=" + (enabled.isEmpty() ? "(unset)" : "\"" + enabled + "\""));
    }

    /** Calico or Cilium, from the Kubernetes read of kube-system's DaemonSets (when it was made). */
    private static Optional<String> kubeEngine(RuleKit kit, RuleKit.Ev ev) {
        try {
            Optional<JsonNode> ds = ev.opt("k8s:daemonsets:kube-system");
            if (ds.isEmpty()) {
                return Optional.empty();
            }
            for (JsonNode d : ds.get().path("items")) {
                String name = d.path("metadata").path("name").asString("");
                if (name.startsWith("calico-node") || name.equals("cilium")) {
                    return Optional.of("DaemonSet " + name);
                }
            }
        } catch (RuleKit.Unavailable ignored) {
            // the AWS side still decides
        }
        return Optional.empty();
    }

    private static Verdict links(RuleKit kit, RuleKit.Ev ev) {
        Scope s = kit.scope;
        String vpc = kit.vpc(ev);
        RuleKit.Parts parts = new RuleKit.Parts();
        Set<String> seen = new java.util.HashSet<>();
        for (String side : List.of("requester", "accepter")) {
            parts.read(() -> {
                for (JsonNode p : items(ev.need(Keys.of(s.region(), "ec2:DescribeVpcPeeringConnections", vpc,
                        side)), "VpcPeeringConnections")) {
                    String id = p.path("VpcPeeringConnectionId").asString();
                    if ("active".equals(p.path("Status").path("Code").asString("")) && seen.add(id)
                            && !s.settings().allowedLinks().contains(id)) {
                        JsonNode other = vpc.equals(p.path("RequesterVpcInfo").path("VpcId").asString())
                                ? p.path("AccepterVpcInfo") : p.path("RequesterVpcInfo");
                        parts.problems.add("peering " + id + " to " + other.path("VpcId").asString() + " (account "
                                + other.path("OwnerId").asString() + ", " + other.path("Region").asString(s.region())
                                + ") is active");
                    }
                }
            });
        }
        parts.read(() -> {
            for (JsonNode a : items(ev.need(Keys.of(s.region(), "ec2:DescribeTransitGatewayAttachments", vpc)),
                    "TransitGatewayAttachments")) {
                String state = a.path("State").asString("");
                if (!Set.of("deleted", "deleting", "rejected", "failed").contains(state)
                        && !s.settings().allowedLinks().contains(a.path("TransitGatewayAttachmentId").asString())) {
                    parts.problems.add("transit gateway attachment " + a.path("TransitGatewayAttachmentId")
                            .asString() + " to " + a.path("TransitGatewayId").asString() + " is " + state);
                }
            }
        });
        return parts.verdict("no active peering connection or transit gateway attachment on " + vpc
                + (s.settings().allowedLinks().isEmpty() ? "" : " besides the allowed "
                        + String.join(", ", s.settings().allowedLinks())));
    }

    private static Verdict securityGroup(JsonNode sg, List<Integer> publicPorts) {
        String id = sg.path("GroupId").asString() + " (" + sg.path("GroupName").asString() + ")";
        if ("default".equals(sg.path("GroupName").asString())) {
            int in = sg.path("IpPermissions").size();
            int eg = sg.path("IpPermissionsEgress").size();
            return in + eg == 0 ? Verdict.pass("default security group " + id + " has no rules")
                    : Verdict.fail("default security group " + id + " has " + in + " inbound and " + eg
                            + " outbound rules");
        }
        List<String> problems = new ArrayList<>();
        for (JsonNode p : sg.path("IpPermissions")) {
            List<String> open = new ArrayList<>();
            p.path("IpRanges").forEach(r -> open.add(r.path("CidrIp").asString("")));
            p.path("Ipv6Ranges").forEach(r -> open.add(r.path("CidrIpv6").asString("")));
            open.retainAll(ANYWHERE);
            if (open.isEmpty()) {
                continue;
            }
            String proto = p.path("IpProtocol").asString("");
            int from = p.path("FromPort").asInt(-1);
            int to = p.path("ToPort").asInt(-1);
            boolean lb = ("tcp".equals(proto) || "6".equals(proto)) && from == to && publicPorts.contains(from);
            if (!lb) {
                problems.add(id + " allows " + String.join(" and ", open) + " on " + ports(proto, from, to));
            }
        }
        return Verdict.of(problems, id + " admits the internet only on load balancer ports (" + publicPorts.stream()
                .map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + "), if at all");
    }

    static String ports(String proto, int from, int to) {
        if ("-1".equals(proto)) {
            return "all traffic";
        }
        return proto + " " + (from == to ? String.valueOf(from) : from + "-" + to);
    }

    private static Verdict nodeSubnet(RuleKit kit, RuleKit.Ev ev, String subnet, String vpc) {
        Scope s = kit.scope;
        RuleKit.Parts parts = new RuleKit.Parts();
        parts.read(() -> {
            JsonNode sn = items(ev.need(Keys.of(s.region(), "ec2:DescribeSubnets", s.rack())), "Subnets").stream()
                    .filter(n -> subnet.equals(n.path("SubnetId").asString())).findFirst()
                    .orElseThrow(() -> new RuleKit.Unavailable(Status.ERROR, "DescribeSubnets did not return "
                            + subnet));
            if (sn.path("MapPublicIpOnLaunch").asBoolean(false)) {
                parts.problems.add(subnet + " assigns public IPs on launch (MapPublicIpOnLaunch)");
            }
        });
        parts.read(() -> {
            List<JsonNode> tables = items(ev.need(Keys.of(s.region(), "ec2:DescribeRouteTables", vpc)),
                    "RouteTables");
            Optional<JsonNode> table = tables.stream().filter(t -> associated(t, subnet)).findFirst()
                    .or(() -> tables.stream().filter(IsolationRules::main).findFirst());
            table.ifPresent(t -> t.path("Routes").forEach(r -> {
                String gw = r.path("GatewayId").asString("");
                if (gw.startsWith("igw-")) {
                    parts.problems.add(subnet + " routes " + r.path("DestinationCidrBlock").asString(
                            r.path("DestinationIpv6CidrBlock").asString("")) + " to internet gateway " + gw + " ("
                            + t.path("RouteTableId").asString() + ")");
                }
            }));
        });
        return parts.verdict(subnet + " is private: no public IPs on launch, no route to an internet gateway");
    }

    private static boolean associated(JsonNode table, String subnet) {
        for (JsonNode a : table.path("Associations")) {
            if (subnet.equals(a.path("SubnetId").asString())) {
                return true;
            }
        }
        return false;
    }

    private static boolean main(JsonNode table) {
        for (JsonNode a : table.path("Associations")) {
            if (a.path("Main").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    private static Verdict database(JsonNode db, Optional<String> rackVpc) {
        String name = db.path("DBInstanceIdentifier").asString(db.path("DBClusterIdentifier").asString());
        List<String> problems = new ArrayList<>();
        if (db.path("PubliclyAccessible").asBoolean(false)) {
            problems.add("database " + name + " is PubliclyAccessible");
        }
        String dbVpc = db.path("DBSubnetGroup").path("VpcId").asString("");
        if (!dbVpc.isEmpty() && rackVpc.isPresent() && !dbVpc.equals(rackVpc.get())) {
            problems.add("database " + name + " is in " + dbVpc + ", not the rack's VPC " + rackVpc.get());
        }
        return Verdict.of(problems, "database " + name + " is private" + (dbVpc.isEmpty() ? "" : ", in " + dbVpc));
    }

    /** Problems with a bucket's public access: the four Block Public Access settings and its policy status. */
    static List<String> publicAccess(RuleKit kit, RuleKit.Ev ev, String bucket) {
        List<String> flags = List.of("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy",
                "RestrictPublicBuckets");
        JsonNode own = ev.need(Keys.of(Keys.GLOBAL, "s3:GetPublicAccessBlock", bucket));
        List<String> missing = new ArrayList<>();
        for (String flag : flags) {
            if (!own.path("PublicAccessBlockConfiguration").path(flag).asBoolean(false)) {
                missing.add(flag);
            }
        }
        if (!missing.isEmpty()) {
            JsonNode account = ev.need(Keys.of(Keys.GLOBAL, "s3control:GetPublicAccessBlock"));
            missing.removeIf(flag -> account.path("PublicAccessBlockConfiguration").path(flag).asBoolean(false));
        }
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add("bucket " + bucket + " does not block public access: " + String.join(", ", missing)
                    + " off for the bucket and the account");
        }
        JsonNode status = ev.need(Keys.of(Keys.GLOBAL, "s3:GetBucketPolicyStatus", bucket));
        if (status.path("PolicyStatus").path("IsPublic").asBoolean(false)) {
            problems.add("bucket " + bucket + "'s policy makes it public (PolicyStatus.IsPublic)");
        }
        return problems;
    }
}
