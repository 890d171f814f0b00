package dev.rackside.services.compliance.aws;

import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.compliance.aws.AwsFacts.Scope;
import dev.rackside.services.model.Rack;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;

/**
 * CloudTrail: every trail the home region sees, shadow trails of other regions included, with its status
 * and event selectors asked in the trail's home region (where they are authoritative).
 */
final class AuditCollector {
    private AuditCollector() {
    }

    static void trails(Rack rack, AwsClients aws, AwsReads reads, AwsFacts facts, Scope s) {
        CloudTrailClient home = aws.cloudTrail(rack, Region.of(s.region()));
        reads.one(Keys.of(s.region(), "cloudtrail:DescribeTrails"), () -> home.describeTrails(r -> r
                .includeShadowTrails(true)));
        reads.forEach(facts.trails(s), t -> {
            String arn = t.path("TrailARN").asString();
            CloudTrailClient ct = aws.cloudTrail(rack, Region.of(t.path("HomeRegion").asString(s.region())));
            reads.one(Keys.of(s.region(), "cloudtrail:GetTrailStatus", arn), () -> ct.getTrailStatus(r -> r
                    .name(arn)));
            reads.one(Keys.of(s.region(), "cloudtrail:GetEventSelectors", arn), () -> ct.getEventSelectors(r -> r
                    .trailName(arn)));
        });
    }
}
