package dev.rackside.app.cli;

import dev.rackside.app.RacksideCommand;
import dev.rackside.services.compliance.trail.TrailExport;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.compliance.TrailEvent;
import dev.rackside.services.model.compliance.TrailQuery;
import dev.rackside.services.model.compliance.TrailReport;
import dev.rackside.services.text.Visible;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code rackside audit trail}: who changed the rack's AWS resources over a period, from CloudTrail's event
 * history (LookupEvents: management events, 90 days) or the rack's CloudTrail Lake event data store, grouped by
 * actor and category, with the query, account, partition and a digest of every page read in the md, csv and json
 * exports.
 */
@Command(name = "trail", description = {"Administrative access to the rack's AWS resources over a period, from "
        + "CloudTrail: who changed what, when, from where.",
    "Read from the rack's CloudTrail Lake event data store when racks.yaml names one (compliance.cloudtrailLake: "
        + "years, as long as the store keeps them), else from the event history (LookupEvents, the last 90 days).",
    "The rack's resources are those its compliance checks judge (cluster, VPC and security groups, KMS keys, "
        + "buckets, secrets, registry, databases, log groups). Read-only events are left out unless "
        + "--include-reads. Exit 0, or 1 when a region could not be read."})
public final class AuditTrailCommand implements Callable<Integer> {
    @ParentCommand
    AuditCommand audit;

    @Option(names = {"-r", "--rack"}, paramLabel = "RACK", description = "Rack name.")
    String rack;

    @Option(names = "--since", paramLabel = "AGE", converter = GoDuration.class, description = "The period up to now "
            + "(90d, 14d, 36h). Default: 90d, all CloudTrail's event history keeps.")
    Duration since;

    @Option(names = "--from", paramLabel = "TIME", description = "Start (RFC 3339, or a date: 2026-09-01).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End (RFC 3339, or a date). Default: now.")
    String to;

    @Option(names = "--category", paramLabel = "iam|kms|network|eks|s3|secrets|all", split = ",",
            description = "Only these (repeat or separate with commas). Default: all.")
    List<String> categories = List.of();

    @Option(names = "--actor", paramLabel = "ARN", description = "Only this principal's events (userIdentity.arn).")
    String actor;

    @Option(names = "--include-reads", description = "Keep read-only events too (Describe*, Get*, List*).")
    boolean includeReads;

    @Option(names = "--source", paramLabel = "lake|history", description = "Where to read: lake (the event data "
            + "store racks.yaml names) or history (LookupEvents, 90 days). Default: lake when racks.yaml names one.")
    String source;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json, csv or md. Default: ${DEFAULT-VALUE}.")
    String output;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the export to FILE (the path is printed).")
    Path out;

    @Override
    public Integer call() throws Exception {
        RacksideCommand root = audit.root;
        if (!List.of("table", "json", "csv", "md").contains(output)) {
            throw new picocli.CommandLine.ParameterException(root.spec().commandLine(),
                    "-o must be table, json, csv or md, not '" + output + "'");
        }
        TrailQuery query = query(Instant.now());
        Rack target = root.wiring().racks().resolve(Optional.ofNullable(rack));
        var err = root.spec().commandLine().getErr();
        TrailReport report;
        try {
            report = root.wiring().services().compliance().get().trail(target, query, line -> {
                err.println("… " + Visible.of(line));
                err.flush();
            });
        } catch (RuntimeException e) {
            throw new CommandFailure("audit trail of rack " + target.name() + ": " + e.getMessage());
        }
        String text = switch (output) {
            case "json" -> TrailExport.json(report);
            case "csv" -> TrailExport.csv(report);
            case "md" -> TrailExport.markdown(report);
            default -> table(report);
        };
        var stdout = root.spec().commandLine().getOut();
        if (out != null) {
            Files.writeString(out, text);
            stdout.println("wrote " + out.toAbsolutePath());
        } else {
            // The writer is the one boundary that makes outside text visible; the table's cells are made so too.
            stdout.print(text);
        }
        stdout.flush();
        report.problems().forEach(p -> err.println("rackside: " + Visible.of(p)));
        err.flush();
        return report.problems().isEmpty() ? 0 : 1;
    }

    TrailQuery query(Instant now) {
        if (since != null && from != null) {
            throw new CommandFailure("--since and --from are two ways to say the same; give one");
        }
        Instant end = to == null ? now : time(to, "--to");
        Instant start = from != null ? time(from, "--from") : end.minus(since == null ? Duration.ofDays(90) : since);
        Set<String> cats = new LinkedHashSet<>();
        for (String c : categories) {
            String v = c.strip().toLowerCase(Locale.ROOT);
            if (!v.equals("all") && !v.isEmpty()) {
                cats.add(v);
            }
        }
        TrailQuery.Source where = switch (source == null ? "" : source.strip().toLowerCase(Locale.ROOT)) {
            case "" -> TrailQuery.Source.CONFIGURED;
            case "lake" -> TrailQuery.Source.LAKE;
            case "history" -> TrailQuery.Source.EVENT_HISTORY;
            default -> throw new CommandFailure("--source must be lake or history, not '" + source + "'");
        };
        try {
            return new TrailQuery(start, end, cats, Optional.ofNullable(actor), includeReads, where);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
    }

    private static Instant time(String text, String flag) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new CommandFailure(flag + " '" + text + "' is not a time: RFC 3339 (2026-09-01T00:00:00Z) or "
                        + "a date (2026-09-01)");
            }
        }
    }

    /** Who did what (actor × category), then every event, then what was read. */
    private static String table(TrailReport r) {
        java.io.StringWriter s = new java.io.StringWriter();
        java.io.PrintWriter w = new java.io.PrintWriter(s);
        Table who = new Table("ACTOR", "EVENTS", "BY CATEGORY");
        for (Map.Entry<String, Map<String, Integer>> a : r.byActor().entrySet()) {
            who.row(a.getKey(), String.valueOf(a.getValue().values().stream().mapToInt(Integer::intValue).sum()),
                    a.getValue().toString().replace("{", "").replace("}", ""));
        }
        who.print(w);
        w.println();
        Table events = new Table("TIME", "ACTOR", "CATEGORY", "EVENT", "RESOURCE", "FROM", "RESULT");
        for (TrailEvent e : r.events()) {
            events.row(DateTimeFormatter.ISO_INSTANT.format(e.time()), e.actor(), e.category(), e.eventName(),
                    e.resource(), e.sourceIp(), e.errorCode().isEmpty() ? "ok" : e.errorCode());
        }
        events.print(w);
        w.println();
        w.println(r.eventsRead() + " events read in " + r.pages().size() + " pages of " + r.source().label()
                + " in " + String.join(", ", r.regions()) + " (" + r.query().describe() + "); " + r.events().size() + " about rack " + r.rack()
                + " in account " + r.account() + " (" + r.partition() + ")");
        w.flush();
        return s.toString();
    }
}
