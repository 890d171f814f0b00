package dev.rackside.services.api;

import dev.rackside.services.model.diagnose.DiagnosticReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A diagnosis as text, laid out as {@code convox deploy-debug} lays it out (convox 3.24.9
 * pkg/cli/deploy_debug.go renderDiagnoseTerminal and renderDiagnoseSummary), without colour: the CLI prints
 * these lines and the console's Diagnose pane shows them, so the two cannot disagree.
 */
public final class DiagnosisText {
    private static final int MAX_EVENTS = 15;
    private static final int MAX_LOG_LINES = 50;

    /** One line of the report, and the pod it is about, if any (the console opens that pod's logs). */
    public record Line(String text, Optional<String> pod, Tone tone) {
        static Line of(String text) {
            return new Line(text, Optional.empty(), Tone.NORMAL);
        }
    }

    /** How a line is shown: as the CLI colours it. */
    public enum Tone { NORMAL, HEADING, BAD, WARN, GOOD, DIM }

    private DiagnosisText() {
    }

    public static List<Line> terminal(DiagnosticReport r, Instant now) {
        List<Line> out = new ArrayList<>();
        out.add(new Line("Deploy Diagnostics: " + r.app() + " on " + r.rack(), Optional.empty(), Tone.HEADING));
        out.add(Line.of("Namespace: " + r.namespace()));
        out.add(Line.of("Time:      " + r.timestamp().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        out.add(Line.of(""));
        r.overview().ifPresent(o -> overview(out, o, now));
        if (!r.initPods().isEmpty()) {
            out.add(new Line("--- Init Containers ---", Optional.empty(), Tone.HEADING));
            for (DiagnosticReport.InitPod ip : r.initPods()) {
                out.add(new Line("  ● " + ip.name() + " (service: " + ip.service() + ")", Optional.of(ip.name()),
                        Tone.BAD));
                for (DiagnosticReport.Container c : ip.initContainers()) {
                    out.add(Line.of("    init-container/" + c.name() + ": " + c.state()));
                    c.logs().filter(l -> !l.isEmpty()).ifPresent(l -> logBlock(out, "Init Container Logs", l, 6));
                }
            }
            out.add(Line.of(""));
        }
        pods(out, r);
        r.summary().ifPresent(s -> {
            out.add(Line.of(""));
            out.add(new Line(summary(s), Optional.empty(), s.unhealthy() > 0 ? Tone.BAD : s.notReady() > 0
                    ? Tone.WARN : Tone.GOOD));
        });
        out.add(Line.of(""));
        out.add(new Line("Legend: ● unhealthy  ● not-ready  ● new  ● healthy", Optional.empty(), Tone.DIM));
        return out;
    }

    private static void overview(List<Line> out, DiagnosticReport.Overview o, Instant now) {
        out.add(new Line("--- Service Status ---", Optional.empty(), Tone.HEADING));
        if (o.services().isEmpty()) {
            out.add(Line.of("  No services found."));
        }
        for (DiagnosticReport.ServiceStatus s : o.services()) {
            String icon = s.status().equals("scaled-down") ? "○" : "●";
            out.add(new Line("  " + icon + " " + s.name() + (s.agent() ? " (agent)" : "") + "  " + s.readyReplicas()
                    + "/" + s.desiredReplicas() + " " + (s.desiredReplicas() == 1 ? "process" : "processes")
                    + " ready  " + statusLabel(s.status()), Optional.empty(), tone(s.status())));
            s.stallReason().ifPresent(why -> out.add(new Line("      " + why, Optional.empty(), Tone.BAD)));
        }
        if (!o.events().isEmpty()) {
            out.add(Line.of(""));
            out.add(new Line("  Warning Events:", Optional.empty(), Tone.HEADING));
            for (DiagnosticReport.Event e : o.events().subList(0, Math.min(MAX_EVENTS, o.events().size()))) {
                out.add(Line.of("    [" + age(e.timestamp(), now) + " ago] " + e.reason() + " on " + e.object() + ": "
                        + e.message()));
                e.hint().ifPresent(h -> out.add(new Line("             " + h, Optional.empty(), Tone.DIM)));
            }
            if (o.events().size() > MAX_EVENTS) {
                out.add(Line.of("    ... and " + (o.events().size() - MAX_EVENTS) + " more events"));
            }
        }
        out.add(Line.of(""));
    }

    private static void pods(List<Line> out, DiagnosticReport r) {
        out.add(new Line("--- Processes ---", Optional.empty(), Tone.HEADING));
        if (r.pods().isEmpty()) {
            int total = r.summary().map(DiagnosticReport.Summary::total).orElse(0);
            out.add(Line.of(total > 0 ? "  All " + total + " processes healthy -- no issues detected."
                    : "  No processes found."));
            return;
        }
        for (DiagnosticReport.Pod p : r.pods()) {
            Optional<String> pod = Optional.of(p.name());
            Tone t = switch (p.classification()) {
                case "unhealthy" -> Tone.BAD;
                case "not-ready" -> Tone.WARN;
                case "healthy" -> Tone.GOOD;
                default -> Tone.NORMAL;
            };
            out.add(Line.of(""));
            out.add(new Line("  ● " + p.service() + "  " + p.classification(), pod, t));
            out.add(new Line("    process: " + p.name(), pod, Tone.NORMAL));
            out.add(new Line("    state: " + p.phase() + "    ready: " + p.ready() + "    age: " + age(p.ageSeconds())
                    + "    restarts: " + p.restarts(), pod, Tone.NORMAL));
            p.stateDetail().ifPresent(d -> out.add(new Line("    detail:  " + d, pod, t == Tone.GOOD ? Tone.NORMAL : t)));
            p.hint().ifPresent(h -> out.add(new Line("    hint:    " + h, pod, Tone.HEADING)));
            p.logs().ifPresent(l -> logBlock(out, "Current Logs (last " + lineCount(l) + " lines)", l, 4));
            p.previousLogs().ifPresent(l -> logBlock(out, "Previous Container Logs", l, 4));
            if (!p.events().isEmpty()) {
                out.add(Line.of(""));
                out.add(new Line("    --- Events ---", Optional.empty(), Tone.HEADING));
                for (DiagnosticReport.Event e : p.events()) {
                    out.add(Line.of(String.format("    %s ago  %-8s %-20s %s", age(e.timestamp(), r.timestamp()),
                            e.type(), e.reason(), e.message())));
                }
            }
        }
    }

    /** renderDiagnoseSummary: SERVICE DESIRED READY STATUS, then PROCESS SERVICE STATUS READY RESTARTS AGE HINT. */
    public static Columns<DiagnosticReport.ServiceStatus> serviceTable() {
        return new Columns<>(List.of(
                Column.of("SERVICE", (s, now) -> s.name()),
                Column.of("DESIRED", (s, now) -> String.valueOf(s.desiredReplicas())),
                Column.of("READY", (s, now) -> String.valueOf(s.readyReplicas())),
                Column.of("STATUS", (s, now) -> s.stallReason().isPresent() ? s.status() + " *" : s.status())),
                DiagnosticReport.ServiceStatus::name, s -> Columns.Tone.NORMAL, -1);
    }

    public static Columns<DiagnosticReport.Pod> podTable() {
        return new Columns<>(List.of(
                Column.of("PROCESS", (p, now) -> p.name()),
                Column.of("SERVICE", (p, now) -> p.service()),
                Column.of("STATUS", (p, now) -> p.stateDetail().orElse(p.phase())),
                Column.of("READY", (p, now) -> p.ready()),
                Column.of("RESTARTS", (p, now) -> String.valueOf(p.restarts())),
                Column.of("AGE", (p, now) -> age(p.ageSeconds())),
                Column.of("HINT", (p, now) -> p.hint().map(h -> h.length() > 60 ? h.substring(0, 57) + "..." : h)
                        .orElse(""))),
                DiagnosticReport.Pod::name, p -> Columns.Tone.NORMAL, -1);
    }

    /** What the summary format prints when there is no process to list. */
    public static String noProcesses(DiagnosticReport r) {
        return r.summary().filter(s -> s.unhealthy() == 0 && s.notReady() == 0)
                .map(s -> "All " + s.total() + " processes healthy.").orElse("No processes found.");
    }

    public static String summary(DiagnosticReport.Summary s) {
        StringBuilder b = new StringBuilder("Summary: " + s.total() + " total");
        if (s.unhealthy() > 0) {
            b.append("  ").append(s.unhealthy()).append(" unhealthy");
        }
        if (s.notReady() > 0) {
            b.append("  ").append(s.notReady()).append(" not-ready");
        }
        if (s.fresh() > 0) {
            b.append("  ").append(s.fresh()).append(" new");
        }
        if (s.healthy() > 0) {
            b.append("  ").append(s.healthy()).append(" healthy");
        }
        return b.toString();
    }

    private static void logBlock(List<Line> out, String title, String logs, int indent) {
        String prefix = " ".repeat(indent);
        out.add(Line.of(""));
        out.add(new Line(prefix + "--- " + title + " ---", Optional.empty(), Tone.DIM));
        List<String> lines = List.of(logs.replaceAll("\n+$", "").split("\n", -1));
        int start = Math.max(0, lines.size() - MAX_LOG_LINES);
        if (start > 0) {
            out.add(new Line(prefix + "... (" + start + " lines truncated) ...", Optional.empty(), Tone.DIM));
        }
        for (String l : lines.subList(start, lines.size())) {
            out.add(Line.of(prefix + l));
        }
    }

    private static int lineCount(String logs) {
        return logs.isEmpty() ? 0 : logs.replaceAll("\n+$", "").split("\n", -1).length;
    }

    private static String statusLabel(String status) {
        return switch (status) {
            case "running" -> "RUNNING";
            case "stalled" -> "STALLED";
            case "deploying" -> "DEPLOYING";
            case "scaled-down" -> "SCALED DOWN";
            default -> status;
        };
    }

    private static Tone tone(String status) {
        return switch (status) {
            case "running" -> Tone.GOOD;
            case "stalled" -> Tone.BAD;
            case "deploying" -> Tone.WARN;
            default -> Tone.DIM;
        };
    }

    private static String age(Instant at, Instant now) {
        return age((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Duration.between(at, now)
                .toSeconds())));
    }

    /** deploy_debug.go formatAge: 45s, 12m, 3h, 2d. */
    public static String age(int seconds) {
        if (seconds < 0) {
            return "unknown";
        }
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 86400) {
            return seconds / 3600 + "h";
        }
        return seconds / 86400 + "d";
    }
}
