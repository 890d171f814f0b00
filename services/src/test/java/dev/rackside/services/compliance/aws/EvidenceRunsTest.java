package dev.rackside.services.compliance.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.compliance.evidence.EvidenceStore;
import dev.rackside.services.compliance.evidence.RunDiff;
import dev.rackside.services.model.compliance.Finding;
import dev.rackside.services.model.compliance.Inventory;
import dev.rackside.services.model.compliance.Report;
import dev.rackside.services.testing.AwsStub;
import dev.rackside.services.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two compliance runs a week apart over a moto account whose posture changed in between (the cluster key's
 * rotation turned off): both kept as hash-chained evidence bundles, and their diff says what changed in the
 * checks and in the evidence; an edited or removed bundle is found.
 */
class EvidenceRunsTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    @RegisterExtension
    static final AwsStub STUB = new AwsStub();

    @TempDir
    Path state;

    private static Report report(AwsRack r, Instant at) {
        Inventory inv = r.collect();
        List<Finding> findings = AwsRules.evaluate(inv);
        return new Report("prod", "aws-us-gov", Optional.of("123456789012"), Optional.of("us-gov-west-1"), at,
                Duration.ofSeconds(3), findings, inv, AwsChecks.ALL, "9.9.9", Report.LIVE);
    }

    @Test
    void twoRunsAWeekApartDiffIntoWhatChanged() throws Exception {
        try (AwsRack r = new AwsRack(MOTO, STUB)) {
            r.cluster();
            EvidenceStore store = new EvidenceStore(state.resolve("rackside/evidence"));
            Path first = store.save(report(r, Instant.parse("2026-11-24T09:00:00Z")));
            r.kms().disableKeyRotation(k -> k.keyId(r.cmk));
            Path second = store.save(report(r, Instant.parse("2026-12-01T09:00:00Z")));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(second)), "evidence is the operator's alone");

            List<EvidenceStore.Run> runs = store.history("prod");
            assertEquals(List.of("20261124T090000Z", "20261201T090000Z"), runs.stream().map(EvidenceStore.Run::id)
                    .toList());
            assertTrue(runs.stream().allMatch(x -> x.problem().isEmpty()), runs.toString());

            dev.rackside.services.model.compliance.RunChanges d = RunDiff.of(store.read("prod", Optional.empty(), 1).orElseThrow(),
                    store.read("prod", Optional.empty(), 0).orElseThrow());
            assertEquals("20261124T090000Z", d.from());
            assertTrue(d.changes().stream().anyMatch(c -> c.kind().equals("new-failure")
                    && c.text().startsWith("key-cmk-rotation " + r.cmk) && c.text().contains("PASS → FAIL")),
                    d.changes().toString());
            assertTrue(d.changes().stream().anyMatch(c -> c.kind().equals("evidence")
                    && c.text().contains("kms:GetKeyRotationStatus") && c.text().contains("KeyRotationEnabled: true "
                            + "→ false")), d.changes().toString());
            assertTrue(d.summary().startsWith("1 new failure"), d.summary());

            // An edited bundle no longer gives its hash; removing one breaks the chain of the next.
            Files.writeString(first, Files.readString(first).replace("\"status\":\"PASS\"", "\"status\":\"FAIL\""));
            assertEquals(Optional.of("edited: its content does not give its hash"), store.history("prod").get(0)
                    .problem());
            Files.delete(first);
            assertEquals(Optional.of("does not follow the run before it (a run removed, or this one slipped in)"),
                    store.history("prod").get(0).problem());
        }
    }

    @Test
    void aRunsBundleGoesToS3UnderTheRacksKeyWithTheBucketsRetention() throws Exception {
        try (AwsRack r = new AwsRack(MOTO, STUB)) {
            r.cluster();
            var s3 = r.aws.s3(r.rack);
            s3.createBucket(c -> c.bucket("prod-evidence").objectLockEnabledForBucket(true)
                    .createBucketConfiguration(x -> x.locationConstraint("us-gov-west-1")));
            s3.putObjectLockConfiguration(c -> c.bucket("prod-evidence").objectLockConfiguration(o -> o
                    .objectLockEnabled("Enabled").rule(x -> x.defaultRetention(d -> d.mode("GOVERNANCE").days(30)))));
            EvidenceStore store = new EvidenceStore(state.resolve("rackside/evidence"));
            Report run = report(r, Instant.parse("2026-12-01T09:00:00Z"));
            Path kept = store.save(run);
            Optional<String> key = RackScope.of(run.inventory()).flatMap(RackScope::key);
            assertEquals(Optional.of(r.cmk), key, "the key the rack's cluster encrypts Secrets with");
            String said = dev.rackside.services.compliance.evidence.EvidenceShipper.ship(s3, kept, "prod",
                    dev.rackside.services.compliance.evidence.EvidenceShipper.Target.parse("s3://prod-evidence/soc2"),
                    key);
            assertTrue(said.startsWith("wrote s3://prod-evidence/soc2/prod/20261201T090000Z.json ("), said);
            assertTrue(said.contains("aws:kms key " + r.cmk), said);
            assertTrue(said.contains("Object Lock GOVERNANCE until "), said);
            byte[] there = s3.getObjectAsBytes(g -> g.bucket("prod-evidence").key("soc2/prod/20261201T090000Z.json"))
                    .asByteArray();
            org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(kept), there,
                    "the bundle byte for byte, so its hash checks there");
        }
    }
}
