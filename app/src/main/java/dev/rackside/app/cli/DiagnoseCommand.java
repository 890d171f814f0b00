package dev.rackside.app.cli;

import dev.rackside.app.RacksideCommand;
import dev.rackside.services.api.DiagnosisText;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.diagnose.DiagnosticReport;
import dev.rackside.services.text.Visible;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code convox deploy-debug} (3.24.9 pkg/cli/deploy_debug.go), computed from the rack's Kubernetes API. */
@Command(name = "diagnose", aliases = "deploy-debug", description = {"Why a deploy stalls or processes are not "
        + "ready, as 'convox deploy-debug' reports it: each service's desired/ready/updated, the app's Warning "
        + "events of the last 30 minutes, and every process that is not healthy classified (unhealthy, not-ready, "
        + "new) with its state, Convox's hint, its logs, its previous container's logs and its events.",
    "Read from the Kubernetes API, so it works on racks older than 3.24.9 and without the rack API."})
public final class DiagnoseCommand implements Callable<Integer> {
    @ParentCommand
    RacksideCommand root;

    @Option(names = {"-r", "--rack"}, paramLabel = "RACK", description = "Rack name.")
    String rack;

    @Option(names = {"-a", "--app"}, required = true, paramLabel = "APP", description = "App name.")
    String app;

    @Option(names = {"-s", "--service"}, paramLabel = "SERVICE[,SERVICE]", description = "Only these services.")
    String services;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "terminal",
            description = "terminal, summary or json. Default: ${DEFAULT-VALUE}.")
    String output;

    @Option(names = {"-A", "--age"}, paramLabel = "SECONDS", defaultValue = "300",
            description = "A process younger than this is 'new'. Default: ${DEFAULT-VALUE}.")
    int age;

    @Option(names = "--all", description = "List healthy processes too.")
    boolean all;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "200",
            description = "Log lines per container. Default: ${DEFAULT-VALUE}.")
    int lines;

    @Option(names = "--no-events", description = "Skip cluster events.")
    boolean noEvents;

    @Option(names = "--no-previous", description = "Skip previous container crash logs.")
    boolean noPrevious;

    @Override
    public Integer call() {
        if (!List.of("terminal", "summary", "json").contains(output)) {
            throw new CommandFailure("--output must be terminal, summary or json, not '" + output + "'");
        }
        var services = root.wiring().services();
        Rack r = services.racks().resolve(Optional.ofNullable(rack));
        List<String> only = this.services == null ? List.of()
                : Arrays.stream(this.services.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        DiagnosticReport report;
        try {
            report = services.diagnostics().diagnose(r, app, new DiagnosticReport.Options(only, age, all, lines,
                    !noEvents, !noPrevious));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        } catch (RuntimeException e) {
            throw new CommandFailure("cannot diagnose " + app + " on rack " + r.name() + ": " + e.getMessage());
        }
        PrintWriter out = root.spec().commandLine().getOut();
        switch (output) {
            case "json" -> out.println(Json.text(json(report)));
            case "summary" -> summary(out, report);
            default -> DiagnosisText.terminal(report, services.clock().instant()).forEach(l -> out.println(
                    Visible.of(l.text())));
        }
        out.flush();
        return 0;
    }

    private static void summary(PrintWriter out, DiagnosticReport r) {
        r.overview().filter(o -> !o.services().isEmpty()).ifPresent(o -> {
            Table.of(DiagnosisText.serviceTable(), o.services(), r.timestamp()).print(out);
            out.println();
        });
        if (!r.pods().isEmpty()) {
            Table.of(DiagnosisText.podTable(), r.pods(), r.timestamp()).print(out);
        } else {
            out.println(DiagnosisText.noProcesses(r));
        }
    }

    /** The report as Convox's JSON (structs.AppDiagnosticReport's tags; omitempty fields left out when empty). */
    static ObjectNode json(DiagnosticReport r) {
        ObjectNode o = Json.object().put("namespace", r.namespace()).put("rack", r.rack()).put("app", r.app())
                .put("timestamp", r.timestamp().toString());
        r.overview().ifPresent(ov -> {
            ObjectNode n = o.putObject("overview");
            ArrayNode ss = n.putArray("services");
            for (DiagnosticReport.ServiceStatus s : ov.services()) {
                ObjectNode x = ss.addObject().put("name", s.name()).put("desiredReplicas", s.desiredReplicas())
                        .put("readyReplicas", s.readyReplicas()).put("updatedReplicas", s.updatedReplicas())
                        .put("status", s.status());
                s.stallReason().ifPresent(v -> x.put("stallReason", v));
                if (s.agent()) {
                    x.put("agent", true);
                }
            }
            if (!ov.events().isEmpty()) {
                events(n.putArray("events"), ov.events());
            }
        });
        if (!r.initPods().isEmpty()) {
            ArrayNode ips = o.putArray("initPods");
            for (DiagnosticReport.InitPod ip : r.initPods()) {
                ObjectNode x = ips.addObject().put("name", ip.name()).put("service", ip.service()).put("phase",
                        ip.phase());
                ArrayNode cs = x.putArray("initContainers");
                ip.initContainers().forEach(c -> {
                    ObjectNode y = cs.addObject().put("name", c.name()).put("state", c.state());
                    c.logs().filter(l -> !l.isEmpty()).ifPresent(l -> y.put("logs", l));
                });
            }
        }
        if (!r.pods().isEmpty()) {
            ArrayNode ps = o.putArray("pods");
            for (DiagnosticReport.Pod p : r.pods()) {
                ObjectNode x = ps.addObject().put("name", p.name()).put("service", p.service()).put("phase", p.phase())
                        .put("ready", p.ready()).put("ageSeconds", p.ageSeconds()).put("restarts", p.restarts())
                        .put("classification", p.classification());
                p.stateDetail().ifPresent(v -> x.put("stateDetail", v));
                p.hint().ifPresent(v -> x.put("hint", v));
                p.logs().ifPresent(v -> x.put("logs", v));
                p.previousLogs().ifPresent(v -> x.put("previousLogs", v));
                if (!p.events().isEmpty()) {
                    events(x.putArray("events"), p.events());
                }
            }
        }
        r.summary().ifPresent(s -> o.putObject("summary").put("total", s.total()).put("unhealthy", s.unhealthy())
                .put("notReady", s.notReady()).put("new", s.fresh()).put("healthy", s.healthy()));
        return o;
    }

    private static void events(ArrayNode a, List<DiagnosticReport.Event> events) {
        for (DiagnosticReport.Event e : events) {
            ObjectNode x = a.addObject().put("timestamp", e.timestamp().toString()).put("type", e.type())
                    .put("reason", e.reason()).put("object", e.object()).put("message", e.message());
            e.hint().ifPresent(h -> x.put("hint", h));
        }
    }
}
