package dev.rackside.services.compliance.export;

import dev.rackside.services.model.compliance.Finding;
import dev.rackside.services.model.compliance.Report;
import dev.rackside.services.model.compliance.Status;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OCSF 1.1 Detection Finding objects (class 2004), as Prowler's {@code json-ocsf} writes them for a SIEM
 * or Security Hub: {@code status_code} PASS/FAIL/..., the framework mapping under
 * {@code unmapped.compliance}, and the run's rack, partition and evidence digests.
 */
public final class Ocsf {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Ocsf() {
    }

    public static String export(Report r) {
        ArrayNode out = JSON.createArrayNode();
        for (Finding f : r.findings()) {
            ObjectNode o = out.addObject();
            o.put("activity_id", 1).put("activity_name", "Create");
            o.put("category_uid", 2).put("category_name", "Findings");
            o.put("class_uid", 2004).put("class_name", "Detection Finding");
            o.put("type_uid", 200401).put("type_name", "Detection Finding: Create");
            int sev = switch (f.check().severity()) {
                case LOW -> 2;
                case MEDIUM -> 3;
                case HIGH -> 4;
                case CRITICAL -> 5;
            };
            o.put("severity_id", sev).put("severity", f.check().severity().name().charAt(0)
                    + f.check().severity().name().substring(1).toLowerCase(java.util.Locale.ROOT));
            o.put("status_code", f.status().name());
            o.put("status_detail", f.message());
            o.put("status_id", f.status() == Status.FAIL ? 1 : f.status() == Status.PASS ? 3 : 99);
            o.put("time", r.started().toEpochMilli());
            ObjectNode info = o.putObject("finding_info");
            info.put("uid", r.rack() + "-" + f.check().id() + "-" + f.resource());
            info.put("title", f.check().title());
            info.put("desc", f.check().remediation());
            info.put("created_time", r.started().toEpochMilli());
            ObjectNode res = o.putArray("resources").addObject();
            res.put("uid", f.resource());
            res.put("type", f.resource().startsWith("k8s:") ? "Kubernetes" : "AWS");
            res.put("region", f.region().isEmpty() ? r.region().orElse("") : f.region());
            ObjectNode cloud = o.putObject("cloud");
            cloud.put("provider", "AWS");
            cloud.put("region", r.region().orElse(""));
            cloud.putObject("account").put("uid", r.account().orElse(""));
            ObjectNode meta = o.putObject("metadata");
            meta.put("version", "1.1.0");
            ObjectNode product = meta.putObject("product");
            product.put("name", "rackside");
            product.put("vendor_name", "rackside");
            product.put("version", r.version());
            ObjectNode unmapped = o.putObject("unmapped");
            ObjectNode compliance = unmapped.putObject("compliance");
            f.check().controls().forEach((fw, ids) -> {
                ArrayNode a = compliance.putArray(fw);
                ids.forEach(a::add);
            });
            unmapped.put("check_id", f.check().id());
            unmapped.put("aws_evidence", r.source());
            unmapped.put("concern", f.check().concern().name().toLowerCase(java.util.Locale.ROOT));
            unmapped.put("rack", r.rack());
            unmapped.put("partition", r.partition());
            ArrayNode ev = unmapped.putArray("evidence_sha256");
            f.evidence().forEach(ev::add);
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out);
    }

}
