package dev.rackside.services.compliance.export;

import dev.rackside.services.model.compliance.Finding;
import dev.rackside.services.model.compliance.Report;
import dev.rackside.services.model.compliance.Status;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OSCAL 1.1.2 assessment-results (compliance-catalog.md section 5): each check on each resource is an
 * observation (check id, resource, status, evidence digests); a PASS links a satisfied finding, a FAIL a
 * not-satisfied one, per NIST 800-53 control of the check; NOT_APPLICABLE and ERROR stay observations. An
 * array that would be empty is left out, as the schema wants. UUIDs are name-based on the run, so the same
 * report exports the same document.
 */
public final class Oscal {
    static final String NS = "https://rackside.dev/ns/oscal";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Oscal() {
    }

    public static String export(Report r) {
        String run = r.rack() + "|" + r.started();
        ObjectNode root = JSON.createObjectNode();
        ObjectNode ar = root.putObject("assessment-results");
        ar.put("uuid", uuid(run, "ar"));
        ObjectNode meta = ar.putObject("metadata");
        meta.put("title", "rackside compliance: rack " + r.rack());
        meta.put("last-modified", time(r));
        meta.put("version", r.version());
        meta.put("oscal-version", "1.1.2");
        ArrayNode mprops = meta.putArray("props");
        prop(mprops, "rack", r.rack());
        prop(mprops, "partition", r.partition());
        r.account().ifPresent(a -> prop(mprops, "account", a));
        r.region().ifPresent(g -> prop(mprops, "region", g));
        prop(mprops, "rackside-version", r.version());
        prop(mprops, "aws-evidence", r.source());
        ar.putObject("import-ap").put("href", "#rackside-assessment-plan");
        ObjectNode result = ar.putArray("results").addObject();
        result.put("uuid", uuid(run, "result"));
        result.put("title", "Compliance of rack " + r.rack());
        result.put("description", r.findings().size() + " check results on " + r.checks().size() + " checks, "
                + r.inventory().entries().size() + " API responses kept as evidence (SHA-256)");
        result.put("start", time(r));
        result.put("end", DateTimeFormatter.ISO_INSTANT.format(r.started().plus(r.took())));
        ArrayNode selections = result.putObject("reviewed-controls").putArray("control-selections");
        ArrayNode include = selections.addObject().putArray("include-controls");
        r.checks().stream().flatMap(c -> c.controls().getOrDefault("nist", List.of()).stream()).distinct().sorted()
                .forEach(id -> include.addObject().put("control-id", controlId(id)));
        if (include.isEmpty()) {
            selections.removeAll();
            selections.addObject().putObject("include-all");
        }
        ArrayNode observations = JSON.createArrayNode();
        ArrayNode findings = JSON.createArrayNode();
        int n = 0;
        for (Finding f : r.findings()) {
            String obs = uuid(run, "obs|" + n++ + "|" + f.check().id() + "|" + f.resource());
            ObjectNode o = observations.addObject();
            o.put("uuid", obs);
            o.put("description", f.check().id() + " on " + f.resource() + ": " + f.status() + " - " + f.message());
            o.putArray("methods").add("TEST");
            ArrayNode props = o.putArray("props");
            prop(props, "check-id", f.check().id());
            prop(props, "resource", f.resource());
            prop(props, "status", f.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            prop(props, "severity", f.check().severity().name().toLowerCase(Locale.ROOT));
            prop(props, "partition", r.partition());
            if (!f.region().isEmpty()) {
                prop(props, "region", f.region());
            }
            f.check().controls().forEach((fw, ids) -> {
                if (!fw.equals("nist")) {
                    ids.forEach(id -> prop(props, fw + "-control", id));
                }
            });
            o.put("collected", time(r));
            if (!f.evidence().isEmpty()) {
                ArrayNode ev = o.putArray("relevant-evidence");
                f.evidence().forEach(d -> ev.addObject().put("description", "API response, sha256:" + d));
            }
            if (f.status() != Status.PASS && f.status() != Status.FAIL) {
                continue;
            }
            for (String control : f.check().controls().getOrDefault("nist", List.of())) {
                ObjectNode fi = findings.addObject();
                fi.put("uuid", uuid(run, "finding|" + obs + "|" + control));
                fi.put("title", f.check().title());
                fi.put("description", f.message() + (f.status() == Status.FAIL ? " Remediation: "
                        + f.check().remediation() : ""));
                ObjectNode target = fi.putObject("target");
                target.put("type", "objective-id");
                target.put("target-id", controlId(control) + "_obj");
                ObjectNode status = target.putObject("status");
                status.put("state", f.status() == Status.PASS ? "satisfied" : "not-satisfied");
                status.put("reason", f.status() == Status.PASS ? "pass" : "fail");
                fi.putArray("related-observations").addObject().put("observation-uuid", obs);
            }
        }
        if (!observations.isEmpty()) {
            result.set("observations", observations);
        }
        if (!findings.isEmpty()) {
            result.set("findings", findings);
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    /** {@code SC-7(5)} → {@code sc-7.5}, OSCAL's token for a NIST control. */
    static String controlId(String nist) {
        return nist.toLowerCase(Locale.ROOT).replace("(", ".").replace(")", "");
    }

    private static void prop(ArrayNode props, String name, String value) {
        props.addObject().put("name", name).put("ns", NS).put("value", value);
    }

    private static String time(Report r) {
        return DateTimeFormatter.ISO_INSTANT.format(r.started());
    }

    /** A name-based version 5 UUID (OSCAL accepts versions 4 and 5 only). */
    private static String uuid(String run, String what) {
        byte[] h;
        try {
            h = java.security.MessageDigest.getInstance("SHA-1").digest((run + "|" + what)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
        h[6] = (byte) ((h[6] & 0x0f) | 0x50);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (h[i] & 0xff);
            lsb = (lsb << 8) | (h[i + 8] & 0xff);
        }
        return new UUID(msb, lsb).toString();
    }
}
