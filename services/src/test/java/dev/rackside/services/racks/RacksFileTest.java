package dev.rackside.services.racks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.model.Partition;
import dev.rackside.services.model.Tier;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RacksFileTest {
    static final String FILE = "/home/ops/.config/rackside/racks.yaml";

    static RacksFile.Result parse(String... lines) {
        return RacksFile.parse(FILE, String.join("\n", lines) + "\n", Path.of("/home/ops/.config/rackside"));
    }

    @Test
    void readsTheDocumentedShape() {
        RacksFile.Result r = parse(
                "racks:",
                "  - name: govprod",
                "    context: govprod-admin        # kube context",
                "    region: us-gov-west-1",
                "    approvedRegions: [us-gov-west-1, us-gov-east-1]",
                "    awsProfile: govprod",
                "    tier: production",
                "    readOnly: false",
                "    kubeconfig: kube/govprod.yaml");
        assertEquals(List.of(), r.problems());
        RackConfig rc = r.racks().get(0);
        assertEquals("govprod", rc.name());
        assertEquals("govprod-admin", rc.context());
        assertEquals(Optional.of("us-gov-west-1"), rc.region());
        assertEquals(Partition.GOVCLOUD, Partition.ofRegion(rc.region().get()));
        assertEquals(List.of("us-gov-west-1", "us-gov-east-1"), rc.approvedRegions());
        assertEquals(Tier.PRODUCTION, rc.tier());
        assertEquals(Optional.of("/home/ops/.config/rackside/kube/govprod.yaml"), rc.kubeconfig(),
                "relative kubeconfig paths are relative to racks.yaml");
    }

    @Test
    void complianceExceptionsAreReadAndEachMistakeIsNamed() {
        RacksFile.Result r = parse(
                "racks:",
                "  - name: govprod",
                "    context: govprod-admin",
                "    compliance:",
                "      publicPorts: [443, 8443]",
                "      allowedLinks: [pcx-0a1b2c3d4e5f60718]",
                "      logArchiveAccounts: [\"111122223333\"]",
                "  - name: staging",
                "    context: staging-admin",
                "  - name: broken",
                "    context: broken",
                "    compliance:",
                "      publicPort: [22]",
                "      allowedLinks: [vpc-123]",
                "      logArchiveAccounts: [1234]");
        assertEquals(List.of("govprod", "staging"), r.racks().stream().map(RackConfig::name).toList());
        assertEquals(new dev.rackside.services.model.ComplianceSettings(List.of(443, 8443),
                List.of("pcx-0a1b2c3d4e5f60718"), List.of("111122223333")), r.racks().get(0).compliance());
        assertEquals(dev.rackside.services.model.ComplianceSettings.DEFAULTS, r.racks().get(1).compliance());
        assertEquals(List.of(
                FILE + ":13:7: racks[2].compliance.publicPort: unknown field 'publicPort' (did you mean"
                        + " 'publicPorts'?)",
                FILE + ":14:22: racks[2].compliance.allowedLinks[0]: 'vpc-123' is not a peering connection or"
                        + " transit gateway attachment id (pcx-..., tgw-attach-...)",
                FILE + ":15:28: racks[2].compliance.logArchiveAccounts[0]: '1234' is not a 12-digit AWS account id",
                FILE + ":10:5: rack 'broken' was not loaded"), r.problems());
    }

    @Test
    void aCloudTrailLakeStoreIsAnArnAndAMistakeIsNamed() {
        String arn = "arn:aws-us-gov:cloudtrail:us-gov-west-1:123456789012:eventdatastore/"
                + "EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE";
        RacksFile.Result r = parse(
                "racks:",
                "  - name: govprod",
                "    context: govprod-admin",
                "    compliance: {cloudtrailLake: \"" + arn + "\"}",
                "  - name: broken",
                "    context: broken",
                "    compliance:",
                "      cloudtrailLake: EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE");
        assertEquals(List.of("govprod"), r.racks().stream().map(RackConfig::name).toList());
        assertEquals(Optional.of(arn), r.racks().get(0).compliance().cloudtrailLake());
        assertEquals(List.of(80, 443), r.racks().get(0).compliance().publicPorts(), "the other exceptions keep "
                + "their defaults");
        assertEquals(List.of(
                FILE + ":8:7: racks[1].compliance.cloudtrailLake: 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE' is not an "
                        + "event data store ARN (arn:aws:cloudtrail:REGION:ACCOUNT:eventdatastore/ID)",
                FILE + ":5:5: rack 'broken' was not loaded"), r.problems());
    }

    @Test
    void theJournalCopyIsAGroupNameAndAMistakeIsNamed() {
        RacksFile.Result r = parse(
                "racks:",
                "  - name: govprod",
                "    context: govprod-admin",
                "    journal: {cloudwatch: /rackside/journal}",
                "  - name: broken",
                "    context: broken",
                "    journal:",
                "      cloudwach: /rackside/journal");
        assertEquals(List.of("govprod"), r.racks().stream().map(RackConfig::name).toList());
        assertEquals(java.util.Optional.of("/rackside/journal"), r.racks().get(0).settings().journalLogGroup());
        assertTrue(r.problems().get(0).startsWith(FILE + ":8:7: racks[1].journal.cloudwach: unknown field "
                + "'cloudwach' (did you mean 'cloudwatch'?)"), r.problems().toString());
    }

    @Test
    void aTypoNamesFileLineFieldAndTheOtherRacksStillLoad() {
        RacksFile.Result r = parse(
                "racks:",
                "  - name: staging",
                "    context: staging-admin",
                "  - name: govprod",
                "    context: govprod-admin",
                "    tier: prod",
                "    readOnly: yes please",
                "    regoin: us-gov-west-1",
                "  - name: dev",
                "    context: dev");
        assertEquals(List.of("staging", "dev"), r.racks().stream().map(RackConfig::name).toList());
        assertEquals(List.of(
                FILE + ":8:5: racks[1].regoin: unknown field 'regoin' (did you mean 'region'?)",
                FILE + ":6:5: racks[1].tier: 'prod' is not a tier (production, staging, development)",
                FILE + ":7:5: racks[1].readOnly: expected true or false, got 'yes please'",
                FILE + ":4:5: rack 'govprod' was not loaded"), r.problems());
    }

    @Test
    void brokenYamlSaysWhere() {
        RacksFile.Result r = parse("racks:", "  - name: a", "    context: [unclosed");
        assertEquals(List.of(), r.racks());
        assertTrue(r.problems().get(0).startsWith(FILE + ":3:23: not valid YAML:"), r.problems().get(0));
    }

    @Test
    void missingRequiredFieldsAndDuplicates() {
        RacksFile.Result r = parse(
                "racks:",
                "  - name: a",
                "    context: one",
                "  - context: two",
                "  - name: a",
                "    context: three",
                "    approvedRegions: [us-gov-west-1, mars-1]",
                "  - name: a",
                "    context: four");
        assertEquals(List.of("a"), r.racks().stream().map(RackConfig::name).toList());
        assertEquals("one", r.racks().get(0).context());
        assertTrue(r.problems().contains(FILE + ":4:5: racks[1].name: required field is missing"), r.problems().toString());
        assertTrue(r.problems().contains(FILE + ":7:38: racks[2].approvedRegions[1]: 'mars-1' is not an AWS region"),
                r.problems().toString());
        assertTrue(r.problems().stream().anyMatch(p -> p.endsWith("rack 'a' is defined twice; the first definition is used")),
                r.problems().toString());
    }

    @Test
    void aKeyGivenTwiceIsAnErrorAtItsSecondPlaceAndNothingIsUsed() {
        // readOnly: true, then false: taking the last silently would open a production rack to writes.
        RacksFile.Result r = parse(
                "racks:",
                "  - name: prod",
                "    context: ops",
                "    readOnly: true",
                "    readOnly: false");
        assertEquals(List.of(), r.racks(), "nothing from a file that says two things");
        assertEquals(1, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().get(0).startsWith(FILE + ":5:"), r.problems().get(0));
        assertTrue(r.problems().get(0).contains("key given twice in the same mapping: \"readOnly\""),
                r.problems().get(0));
        RacksFile.Result lists = parse("racks:", "  - {name: a, context: one}", "racks:", "  - {name: b, context: two}");
        assertEquals(List.of(), lists.racks(), "a second racks: does not drop the first list silently");
        assertTrue(lists.problems().get(0).startsWith(FILE + ":3:"), lists.problems().toString());
    }

    @Test
    void aFileOverTheBoundIsRefusedUpFront() {
        RacksFile.Result r = RacksFile.parse(FILE, "racks:\n" + "# filler\n".repeat(120_000),
                Path.of("/home/ops/.config/rackside"));
        assertEquals(List.of(), r.racks());
        assertTrue(r.problems().get(0).matches(java.util.regex.Pattern.quote(FILE) + ": \\d+ characters; rackside "
                + "reads YAML documents of at most 1048576 \\(1 MiB\\); nothing in it was used"), r.problems().get(0));
    }

    @Test
    void anEmptyOrAbsentFileIsNoRacks() {
        assertEquals(RacksFile.Result.empty(), parse(""));
        assertEquals(RacksFile.Result.empty(), RacksFile.read(Path.of("/nonexistent/racks.yaml")));
    }
}
