package dev.rackside.services.compliance.export;

import dev.rackside.services.model.compliance.Finding;
import dev.rackside.services.model.compliance.Report;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prowler's compliance-CSV style (compliance-catalog.md section 5): {@code ;}-delimited, one row per check
 * result and framework requirement, with the run's time, version, partition, account, rack and the evidence
 * digests on every row, so a spreadsheet row stands on its own.
 */
public final class Csv {
    static final String HEADER = "PROVIDER;ACCOUNTID;REGION;PARTITION;RACK;ASSESSMENTDATE;FRAMEWORK;"
            + "REQUIREMENTS_ID;REQUIREMENTS_DESCRIPTION;STATUS;STATUSEXTENDED;SEVERITY;RESOURCEID;CHECKID;"
            + "REMEDIATION;EVIDENCE_SHA256;RACKSIDE_VERSION";

    private Csv() {
    }

    /** @param framework one framework's requirements, or every framework's when empty */
    public static String export(Report r, Optional<String> framework) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (Finding f : r.findings()) {
            for (Map.Entry<String, List<String>> fw : new java.util.TreeMap<>(f.check().controls()).entrySet()) {
                if (framework.isPresent() && !framework.get().equals(fw.getKey())) {
                    continue;
                }
                for (String req : fw.getValue()) {
                    b.append(String.join(";", List.of(r.partition().startsWith("aws") ? "aws" : r.partition(),
                            r.account().orElse(""), f.region().isEmpty() ? r.region().orElse("") : f.region(),
                            r.partition(), r.rack(), DateTimeFormatter.ISO_INSTANT.format(r.started()), fw.getKey(),
                            req, f.check().title(), f.status().name(), f.message(), f.check().severity().name(),
                            f.resource(), f.check().id(), f.check().remediation(), String.join(" ", f.evidence()),
                            r.version()).stream().map(Csv::cell).toList())).append('\n');
                }
            }
        }
        return b.toString();
    }

    private static String cell(String s) {
        String v = s.replace("\r", " ").replace("\n", " ");
        return v.contains(";") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
