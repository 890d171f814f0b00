package dev.rackside.app.cli;

import dev.rackside.app.RacksideCommand;
import dev.rackside.services.model.compliance.Concern;
import dev.rackside.services.model.compliance.Finding;
import dev.rackside.services.compliance.Permissions;
import dev.rackside.services.model.compliance.Report;
import dev.rackside.services.model.compliance.Status;
import dev.rackside.services.compliance.export.Csv;
import dev.rackside.services.compliance.export.Markdown;
import dev.rackside.services.compliance.export.Ocsf;
import dev.rackside.services.compliance.export.Oscal;
import dev.rackside.services.model.Rack;
import dev.rackside.services.text.Visible;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "compliance", description = {"Check the rack's controls and export the evidence: exit 0 when "
        + "nothing FAILs, 3 when something does, 1 when the run itself failed.",
    "The catalog's Kubernetes checks read the cluster; its AWS checks read the rack's account with the rack's "
        + "AWS profile. A concern nothing could be read for is reported as not evaluated, never as passed."},
        subcommands = {ComplianceCommand.PermissionsCommand.class, ComplianceRunsCommand.History.class,
            ComplianceRunsCommand.Diff.class})
public final class ComplianceCommand implements Callable<Integer> {
    @ParentCommand
    RacksideCommand root;

    @Option(names = {"-r", "--rack"}, paramLabel = "RACK", description = "Rack name.")
    String rack;

    @Option(names = "--framework", paramLabel = "soc2|hipaa|pci|nist", description = "Only checks mapped to it.")
    String framework;

    @Option(names = "--concern", paramLabel = "isolation|residency|keys|audit", description = "Only this concern.")
    String concern;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json, oscal (OSCAL 1.1.2 assessment-results), csv (Prowler compliance style), ocsf, "
                    + "md. Default: ${DEFAULT-VALUE}.")
    String output;

    @Option(names = "--out", paramLabel = "FILE|s3://BUCKET/PREFIX/", description = "Write the export to FILE (the "
            + "path is printed); or write the run's evidence bundle to S3 in the rack's account (SSE-KMS under the "
            + "rack's key, the bucket's Object Lock retention), the export still printed.")
    String out;

    @Override
    public Integer call() {
        if (framework != null && !java.util.List.of("soc2", "hipaa", "pci", "nist").contains(framework)) {
            throw new picocli.CommandLine.ParameterException(root.spec().commandLine(),
                    "--framework must be soc2, hipaa, pci or nist, not '" + framework + "'");
        }
        Optional<Concern> only;
        try {
            only = Optional.ofNullable(concern).map(c -> Concern.valueOf(c.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(root.spec().commandLine(),
                    "--concern must be isolation, residency, keys or audit, not '" + concern + "'");
        }
        if (!java.util.List.of("table", "json", "oscal", "csv", "ocsf", "md").contains(output)) {
            throw new picocli.CommandLine.ParameterException(root.spec().commandLine(),
                    "-o must be table, json, oscal, csv, ocsf or md, not '" + output + "'");
        }
        Rack target = root.wiring().racks().resolve(Optional.ofNullable(rack));
        var err = root.spec().commandLine().getErr();
        Report report;
        try {
            report = root.wiring().services().compliance().get().run(target, line -> {
                err.println("… " + Visible.of(line));
                err.flush();
            }).only(Optional.ofNullable(framework), only);
        } catch (RuntimeException e) {
            throw new CommandFailure("compliance run on rack " + target.name() + " failed: " + e.getMessage());
        }
        String text = switch (output) {
            case "json" -> json(report);
            case "oscal" -> Oscal.export(report);
            case "csv" -> Csv.export(report, Optional.ofNullable(framework));
            case "ocsf" -> Ocsf.export(report);
            case "md" -> Markdown.export(report);
            default -> table(report);
        };
        var stdout = root.spec().commandLine().getOut();
        if (out != null && out.startsWith("s3://")) {
            try {
                err.println(Visible.of(root.wiring().services().compliance().get().shipEvidence(target, report, out)));
                err.flush();
            } catch (IOException | RuntimeException e) {
                throw new CommandFailure("cannot write the evidence to " + out + ": " + e.getMessage());
            }
        }
        if (out != null && !out.startsWith("s3://")) {
            Path file = Path.of(out);
            write(file, text);
            stdout.println("wrote " + file.toAbsolutePath());
        } else {
            // The writer is the one boundary (TerminalText); made visible here as well and the ^J put back, a line
            // break inside a cell (already shown as ^J by the table) became a real one again.
            stdout.print(text);
            if (!text.endsWith("\n")) {
                stdout.println();
            }
        }
        stdout.flush();
        if (report.nothingEvaluated()) {
            // Exit 0 would tell a pipeline "nothing fails" about a rack nobody could read.
            throw new CommandFailure("nothing could be evaluated on rack " + target.name() + ": "
                    + report.findings().get(0).message());
        }
        return report.anyFailed() ? 3 : 0;
    }

    private static String table(Report r) {
        java.io.StringWriter s = new java.io.StringWriter();
        java.io.PrintWriter w = new java.io.PrintWriter(s);
        Table concerns = new Table("CONCERN", "STATUS", "PASS", "FAIL", "N/A", "ERROR");
        for (Concern c : Concern.values()) {
            Map<Status, Integer> n = r.counts(c);
            concerns.row(c.name().toLowerCase(Locale.ROOT), r.evaluated(c) ? r.status(c).name().toLowerCase(Locale.ROOT)
                    .replace('_', ' ') : "not evaluated", String.valueOf(n.get(Status.PASS)),
                    String.valueOf(n.get(Status.FAIL)), String.valueOf(n.get(Status.NOT_APPLICABLE)),
                    String.valueOf(n.get(Status.ERROR)));
        }
        concerns.print(w);
        w.println();
        Table findings = new Table("CHECK", "STATUS", "SEVERITY", "RESOURCE", "FOUND");
        r.findings().stream().sorted(Comparator.comparing((Finding f) -> f.status().ordinal() == 1 ? 0
                : f.status() == Status.ERROR ? 1 : 2).thenComparing(f -> f.check().id()))
                .forEach(f -> findings.row(f.check().id(), f.status().name(), f.check().severity().name()
                        .toLowerCase(Locale.ROOT), f.resource(), f.message()));
        findings.print(w);
        w.printf("%nrack %s, partition %s, account %s; %d checks, %d results, %d API responses kept (SHA-256), "
                + "%d ms%n", r.rack(), r.partition(), r.account().orElse("unknown"), r.checks().size(),
                r.findings().size(), r.inventory().entries().size(), r.took().toMillis());
        if (r.recorded()) {
            w.println("AWS evidence: recorded inventory (the sandbox has no AWS account)");
        }
        w.flush();
        return s.toString();
    }

    private static String json(Report r) {
        ObjectNode o = Json.object();
        o.put("rack", r.rack()).put("partition", r.partition()).put("awsEvidence", r.source());
        Json.put(o, "account", r.account());
        Json.put(o, "region", r.region());
        o.put("started", r.started().toString()).put("durationMs", r.took().toMillis()).put("version", r.version());
        ObjectNode concerns = o.putObject("concerns");
        for (Concern c : Concern.values()) {
            ObjectNode n = concerns.putObject(c.name().toLowerCase(Locale.ROOT));
            n.put("status", r.evaluated(c) ? r.status(c).name() : "NOT_EVALUATED");
            r.counts(c).forEach((s, k) -> n.put(s.name(), k));
        }
        ArrayNode fs = o.putArray("findings");
        for (Finding f : r.findings()) {
            ObjectNode x = fs.addObject();
            x.put("check", f.check().id()).put("concern", f.check().concern().name().toLowerCase(Locale.ROOT))
                    .put("severity", f.check().severity().name().toLowerCase(Locale.ROOT))
                    .put("status", f.status().name()).put("resource", f.resource()).put("region", f.region())
                    .put("message", f.message()).put("remediation", f.check().remediation());
            ObjectNode controls = x.putObject("controls");
            f.check().controls().forEach((fw, ids) -> {
                ArrayNode a = controls.putArray(fw);
                ids.forEach(a::add);
            });
            ArrayNode ev = x.putArray("evidence");
            f.evidence().forEach(ev::add);
        }
        return Json.text(o);
    }

    private static void write(Path file, String text) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".rackside-compliance", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CommandFailure("cannot write " + file + ": " + e.getMessage());
        }
    }

    @Command(name = "permissions", description = "The least-privilege grants the checks need, generated from the "
            + "same table the collectors use: -o iam (policy JSON) or rbac (ClusterRole rack-auditor).")
    public static final class PermissionsCommand implements Callable<Integer> {
        @ParentCommand
        ComplianceCommand parent;

        @Option(names = {"-o", "--output"}, paramLabel = "iam|rbac", defaultValue = "rbac",
                description = "Default: ${DEFAULT-VALUE}.")
        String output;

        @Override
        public Integer call() {
            var checks = parent.root.wiring().services().compliance().get().checks();
            var out = parent.root.spec().commandLine().getOut();
            switch (output) {
                case "iam" -> {
                    out.print(Permissions.iamPolicy(checks));
                    if (checks.stream().noneMatch(c -> c.reads().stream().anyMatch(r -> r.api().equals("aws")))) {
                        var err = parent.root.spec().commandLine().getErr();
                        err.println("note: this build evaluates no AWS checks yet, so the policy grants nothing");
                        err.flush();
                    }
                }
                case "rbac" -> out.print(Permissions.clusterRole(checks));
                default -> throw new picocli.CommandLine.ParameterException(parent.root.spec().commandLine(),
                        "-o must be iam or rbac, not '" + output + "'");
            }
            out.flush();
            return 0;
        }
    }
}
