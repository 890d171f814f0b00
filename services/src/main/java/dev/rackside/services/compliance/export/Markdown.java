package dev.rackside.services.compliance.export;

import dev.rackside.services.model.compliance.Concern;
import dev.rackside.services.model.compliance.Finding;
import dev.rackside.services.model.compliance.Report;
import dev.rackside.services.compliance.aws.AwsRules;
import dev.rackside.services.model.ComplianceSettings;
import dev.rackside.services.model.compliance.Status;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A report an auditor can read: the run's facts, a summary per concern and per framework, then every
 * failing check with its resource, what was found, the evidence digests and the remediation.
 */
public final class Markdown {
    private Markdown() {
    }

    public static String export(Report r) {
        StringBuilder b = new StringBuilder();
        b.append("# Compliance of rack ").append(r.rack()).append("\n\n");
        b.append("- Run: ").append(DateTimeFormatter.ISO_INSTANT.format(r.started())).append(", took ")
                .append(r.took().toMillis()).append(" ms, by ").append(r.version()).append('\n');
        b.append("- Partition: ").append(r.partition()).append("; account: ").append(r.account().orElse("unknown"))
                .append("; region: ").append(r.region().orElse("unknown")).append('\n');
        b.append("- Evidence: ").append(r.inventory().entries().size()).append(" API responses kept with their "
                + "SHA-256; ").append(r.inventory().failures().size()).append(" reads refused or failed\n");
        AwsRules.settings(r.inventory()).filter(s -> !s.equals(ComplianceSettings.DEFAULTS)).ifPresent(s -> b.append(
                "- Approved exceptions (racks.yaml): public ports ").append(s.publicPorts()).append("; links ")
                .append(s.allowedLinks()).append("; log-archive accounts ").append(s.logArchiveAccounts())
                .append('\n'));
        if (r.recorded()) {
            b.append("- **AWS evidence: recorded inventory.** The sandbox rack has no AWS account; its AWS findings "
                    + "come from a recording, not from a live account.\n");
        }
        b.append("- NOT_APPLICABLE and ERROR never count as a pass.\n\n");
        b.append("## Concerns\n\n| Concern | Status | Pass | Fail | N/A | Error |\n|---|---|---|---|---|---|\n");
        for (Concern c : Concern.values()) {
            Map<Status, Integer> n = r.counts(c);
            b.append("| ").append(name(c.name())).append(" | ").append(r.evaluated(c) ? r.status(c).name()
                    : "not evaluated by this build").append(" | ").append(n.get(Status.PASS)).append(" | ")
                    .append(n.get(Status.FAIL)).append(" | ").append(n.get(Status.NOT_APPLICABLE)).append(" | ")
                    .append(n.get(Status.ERROR)).append(" |\n");
        }
        b.append("\n## Frameworks\n\n| Framework | Controls touched | Failing results |\n|---|---|---|\n");
        Map<String, java.util.Set<String>> controls = new java.util.LinkedHashMap<>();
        Map<String, Integer> failing = new TreeMap<>();
        dev.rackside.services.model.compliance.Controls.FRAMEWORKS.keySet().forEach(fw -> controls.put(fw,
                new java.util.TreeSet<>()));
        for (Finding f : r.findings()) {
            f.check().controls().forEach((fw, ids) -> {
                controls.computeIfAbsent(fw, k -> new java.util.TreeSet<>()).addAll(ids);
                failing.merge(fw, f.status() == Status.FAIL ? 1 : 0, Integer::sum);
            });
        }
        controls.forEach((fw, ids) -> {
            if (!ids.isEmpty()) {
                b.append("| ").append(dev.rackside.services.model.compliance.Controls.FRAMEWORKS.getOrDefault(fw,
                        fw.toUpperCase(Locale.ROOT))).append(" | ").append(String.join(", ", ids)).append(" | ")
                        .append(failing.getOrDefault(fw, 0)).append(" |\n");
            }
        });
        List<Finding> fails = r.findings().stream().filter(f -> f.status() == Status.FAIL || f.status() == Status.ERROR)
                .toList();
        b.append("\n## Failing and unreadable checks\n\n");
        if (fails.isEmpty()) {
            b.append("None.\n");
        }
        for (Finding f : fails) {
            b.append("### ").append(f.check().id()).append(" (").append(f.status()).append(", ")
                    .append(f.check().severity().name().toLowerCase(Locale.ROOT)).append(") — ")
                    .append(f.check().title()).append("\n\n");
            b.append("- Resource: `").append(f.resource()).append("`\n");
            b.append("- Found: ").append(f.message()).append('\n');
            b.append("- Controls: ").append(dev.rackside.services.model.compliance.Controls.line(f.check())).append('\n');
            b.append("- Evidence: ").append(f.evidence().isEmpty() ? "none (the read failed)"
                    : String.join(", ", f.evidence().stream().map(d -> "`sha256:" + d + "`").toList())).append('\n');
            b.append("- Remediation: ").append(f.check().remediation()).append("\n\n");
        }
        return b.toString();
    }

    private static String name(String enumName) {
        return enumName.charAt(0) + enumName.substring(1).toLowerCase(Locale.ROOT);
    }
}
