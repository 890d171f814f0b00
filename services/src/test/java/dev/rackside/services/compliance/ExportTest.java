package dev.rackside.services.compliance;








import dev.rackside.services.model.compliance.Inventory;
import dev.rackside.services.model.compliance.Severity;
import dev.rackside.services.model.compliance.Status;
import dev.rackside.services.model.compliance.Report;
import dev.rackside.services.model.compliance.Finding;
import dev.rackside.services.model.compliance.Concern;
import dev.rackside.services.model.compliance.Check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.rackside.services.compliance.export.Oscal;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The exports an assessor takes, checked against what they must satisfy. */
class ExportTest {
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    /** A report with one of each status, as a run on a GovCloud rack would give. */
    static Report report() {
        Inventory inv = new Inventory();
        inv.put("k8s:namespaces", "{\"items\":[]}", T0);
        String digest = inv.get("k8s:namespaces").orElseThrow().sha256();
        List<Finding> findings = List.of(
                new Finding(KubeChecks.NETPOL_DEFAULT_DENY, Status.FAIL, "k8s:prod-api", "", "namespace prod-api has "
                        + "no NetworkPolicy", List.of(digest)),
                new Finding(KubeChecks.PSS_ENFORCED, Status.PASS, "k8s:prod-api", "", "enforces restricted",
                        List.of(digest)),
                new Finding(KubeChecks.NO_DEFAULT_NS, Status.ERROR, "k8s:default", "", "could not read pods:default: "
                        + "forbidden", List.of()),
                new Finding(KubeChecks.RESOURCE_LIMITS, Status.NOT_APPLICABLE, "k8s:prod-web", "", "no workloads",
                        List.of(digest)));
        return new Report("prod", "aws-us-gov", Optional.of("123456789012"), Optional.of("us-gov-west-1"), T0,
                Duration.ofMillis(1234), findings, inv, KubeChecks.ALL, "rackside 0.1.0-test", Report.LIVE);
    }

    /** ../shared/schemas beside the repository; in CI it is always there, so a missing file fails the test. */
    static Path schema() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolveSibling("shared").resolve("schemas/oscal-1.1.2/oscal_assessment-results_schema.json");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("the OSCAL 1.1.2 assessment-results schema is not in ../shared/schemas beside "
                + "the repository (looked up from " + dir + ")");
    }

    @Test
    void theOscalExportValidatesAgainstTheOscal112Schema() throws Exception {
        String json = Oscal.export(report());
        Schema schema;
        try (InputStream in = Files.newInputStream(schema())) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
        }
        JsonNode doc = JsonMapper.builder().build().readTree(json);
        var errors = schema.validate(doc);
        assertEquals(List.of(), errors.stream().map(Object::toString).toList(), json);

        JsonNode result = doc.get("assessment-results").get("results").get(0);
        assertEquals(4, result.get("observations").size(), "every check result is an observation");
        List<String> states = new java.util.ArrayList<>();
        result.get("findings").forEach(f -> states.add(f.get("target").get("target-id").asString() + " "
                + f.get("target").get("status").get("state").asString()));
        assertEquals(List.of("sc-7_obj not-satisfied", "sc-7.5_obj not-satisfied", "cm-7_obj satisfied",
                "ac-6_obj satisfied"), states, "PASS and FAIL become findings per NIST control; N/A and ERROR do not");
        assertTrue(json.contains("\"aws-us-gov\"") && json.contains("123456789012") && json.contains("sha256:"),
                "time, version, partition, account, rack and evidence digests travel with it");
        assertEquals(Oscal.export(report()), json, "the same run exports the same document");
        ((tools.jackson.databind.node.ObjectNode) doc.get("assessment-results")).remove("uuid");
        assertTrue(!schema.validate(doc).isEmpty(), "the validator does reject a document without its uuid");
    }

    @Test
    void csvOcsfAndMarkdownCarryTheRunAndTheEvidence() {
        Report r = report();
        List<String> csv = dev.rackside.services.compliance.export.Csv.export(r, Optional.of("nist")).lines().toList();
        assertTrue(csv.get(0).startsWith("PROVIDER;ACCOUNTID;REGION;PARTITION;RACK;"), csv.get(0));
        assertTrue(csv.contains("aws;123456789012;us-gov-west-1;aws-us-gov;prod;2026-11-26T10:00:00Z;nist;SC-7(5);"
                + "Every app namespace denies all traffic by default;FAIL;namespace prod-api has no NetworkPolicy;HIGH;"
                + "k8s:prod-api;k8s-netpol-default-deny;" + KubeChecks.NETPOL_DEFAULT_DENY.remediation() + ";"
                + r.findings().get(0).evidence().get(0) + ";rackside 0.1.0-test"), String.join("\n", csv));
        assertTrue(csv.stream().skip(1).allMatch(l -> l.contains(";nist;")), "one framework when asked");

        JsonNode ocsf = JsonMapper.builder().build().readTree(dev.rackside.services.compliance.export.Ocsf.export(r));
        assertEquals(4, ocsf.size());
        assertEquals(2004, ocsf.get(0).get("class_uid").asInt());
        assertEquals("FAIL", ocsf.get(0).get("status_code").asString());
        assertEquals("SC-7(5)", ocsf.get(0).get("unmapped").get("compliance").get("nist").get(1).asString());
        assertEquals("aws-us-gov", ocsf.get(0).get("unmapped").get("partition").asString());

        String md = dev.rackside.services.compliance.export.Markdown.export(r);
        assertTrue(md.contains("| Isolation | FAIL | 1 | 1 | 1 | 1 |"), md);
        assertTrue(md.contains("| Residency | not evaluated by this build |"), md);
        assertTrue(md.contains("### k8s-netpol-default-deny (FAIL, high)"), md);
        assertTrue(md.contains("- Remediation: " + KubeChecks.NETPOL_DEFAULT_DENY.remediation()), md);
        assertTrue(md.contains("sha256:" + r.findings().get(0).evidence().get(0)), md);
        assertTrue(!md.contains("Approved exceptions") && !md.contains("recorded inventory"), md);
    }

    @Test
    void theReportSaysWhatItAllowedAndWhereTheAwsEvidenceCameFrom() {
        Report live = report();
        live.inventory().put("rackside:aws-scope", "{\"rack\":\"prod\",\"partition\":\"aws-us-gov\",\"region\":"
                + "\"us-gov-west-1\",\"account\":\"123456789012\",\"approvedRegions\":[\"us-gov-west-1\"],"
                + "\"allowed\":{\"publicPorts\":[22,443],\"links\":[\"pcx-0a1b2c3d4e5f60718\"]}}", T0);
        String md = dev.rackside.services.compliance.export.Markdown.export(live);
        assertTrue(md.contains("- Approved exceptions (racks.yaml): public ports [22, 443]; links "
                + "[pcx-0a1b2c3d4e5f60718]; log-archive accounts []\n"), md);
        Report recorded = new Report(live.rack(), live.partition(), live.account(), live.region(), live.started(),
                live.took(), live.findings(), live.inventory(), live.checks(), live.version(), Report.RECORDED);
        assertTrue(dev.rackside.services.compliance.export.Markdown.export(recorded).contains(
                "**AWS evidence: recorded inventory.**"));
        assertTrue(Oscal.export(recorded).contains("\"value\" : \"recorded inventory\"")
                || Oscal.export(recorded).contains("\"value\":\"recorded inventory\""), Oscal.export(recorded));
    }

    @Test
    void permissionsAreGeneratedFromTheChecksReads() {
        String role = Permissions.clusterRole(KubeChecks.ALL);
        assertTrue(role.contains("- apiGroups: [\"networking.k8s.io\"]\n  resources: [\"networkpolicies\"]\n"
                + "  verbs: [\"get\", \"list\"]"), role);
        assertTrue(role.contains("\"limitranges\", \"namespaces\", \"pods\", \"resourcequotas\", "
                + "\"serviceaccounts\""), role);
        assertTrue(!role.contains("secrets"), "an auditor never reads secrets");
        String iam = Permissions.iamPolicy(List.of(new Check("x", Concern.KEYS, Severity.HIGH, "t", "r", java.util.Map.of(),
                List.of(Check.Read.aws("kms:DescribeKey"), Check.Read.aws("kms:GetKeyRotationStatus")))));
        assertTrue(iam.contains("\"kms:DescribeKey\",\n        \"kms:GetKeyRotationStatus\""), iam);
        for (String trail : List.of("cloudtrail:LookupEvents", "cloudtrail:StartQuery", "cloudtrail:GetQueryResults",
                "cloudtrail:CancelQuery")) {
            assertTrue(iam.contains("\"" + trail + "\""), "audit trail's own reads are granted too: " + iam);
        }
        JsonMapper.builder().build().readTree(iam);
    }
}
