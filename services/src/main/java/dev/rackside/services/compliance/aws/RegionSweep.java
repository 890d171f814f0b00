package dev.rackside.services.compliance.aws;

import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.aws.SignedJsonClient;
import dev.rackside.services.compliance.aws.AwsFacts.Scope;
import dev.rackside.services.model.Partition;
import dev.rackside.services.model.Rack;
import java.util.List;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.Filter;
import tools.jackson.databind.JsonNode;

/**
 * The residency sweep (res-rack-regions): in every region of the rack's partition that is not approved,
 * what carries the rack's tag (Tagging API), a cluster named after the rack, its databases and snapshots.
 * Regions are swept {@link AwsReads#PARALLEL} at a time: from a bastion each call is a round trip of its own.
 * (A region's own reads run one after another: {@link AwsReads#forEach} is not re-entered.)
 */
final class RegionSweep {
    private RegionSweep() {
    }

    /** The regions of the partition the sweep reads, from DescribeRegions. */
    static List<String> regions(AwsFacts facts, Scope s) {
        return facts.items(Keys.of(s.region(), "ec2:DescribeRegions"), "Regions").stream()
                .map(r -> r.path("RegionName").asString())
                .filter(r -> Partition.ofRegion(r).equals(s.partition()) && !s.approved().contains(r)).toList();
    }

    static void sweep(Rack rack, AwsClients aws, AwsReads reads, AwsFacts facts, Scope s) {
        reads.one(Keys.of(s.region(), "ec2:DescribeRegions"), () -> aws.ec2(rack, Region.of(s.region()))
                .describeRegions());
        reads.forEach(regions(facts, s), region -> region(rack, aws, reads, s, region));
    }

    private static void region(Rack rack, AwsClients aws, AwsReads reads, Scope s, String region) {
        Region r = Region.of(region);
        SignedJsonClient tagging = aws.signedJson(rack, r, "tagging", "RESOURCE_GROUPS_TAGGING_API");
        for (String tag : AwsFacts.TAG_KEYS) {
            reads.json(Keys.of(region, "tag:GetResources", tag), () -> {
                var all = Wire.JSON.createArrayNode();
                String token = "";
                do {
                    var body = Wire.JSON.createObjectNode();
                    body.putArray("TagFilters").addObject().put("Key", tag).putArray("Values").add(s.rack());
                    if (!token.isEmpty()) {
                        body.put("PaginationToken", token);
                    }
                    JsonNode page = tagging.post("GetResources", "ResourceGroupsTaggingAPI_20170126.GetResources",
                            Wire.JSON.writeValueAsString(body));
                    all.add(page);
                    token = page.path("PaginationToken").asString("");
                } while (!token.isEmpty());
                return all;
            });
        }
        var eks = aws.eks(rack, r);
        reads.pages(Keys.of(region, "eks:ListClusters"), eks::listClustersPaginator);
        var rds = aws.rds(rack, r);
        reads.pages(Keys.of(region, "rds:DescribeDBInstances"), rds::describeDBInstancesPaginator);
        reads.pages(Keys.of(region, "rds:DescribeDBSnapshots"), rds::describeDBSnapshotsPaginator);
        var ec2 = aws.ec2(rack, r);
        for (String tag : AwsFacts.TAG_KEYS) {
            reads.pages(Keys.of(region, "ec2:DescribeSnapshots", tag), () -> ec2.describeSnapshotsPaginator(x -> x
                    .ownerIds("self").filters(Filter.builder().name("tag:" + tag).values(s.rack()).build())));
        }
    }
}
