package dev.rackside.app.cli;

import dev.rackside.services.api.AppReader;
import dev.rackside.services.api.Confirmation;
import dev.rackside.services.api.Mutation;
import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.api.Tables;
import dev.rackside.services.model.Process;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.Snapshot;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ArrayNode;

@Command(name = "ps", description = "List an app's processes (convox ps: ID SERVICE STATUS RELEASE STARTED COMMAND; "
        + "then READY RESTARTS WAITING).", subcommands = PsCommand.Stop.class)
public final class PsCommand extends AppCommand {
    @Override
    protected Integer run(AppReader reader) {
        Snapshot<Process> snap = await("processes of " + app, reader.processes());
        if (output == OutputFormat.json) {
            ArrayNode rows = Json.array();
            for (Process p : snap.rows()) {
                var o = rows.addObject().put("id", p.id()).put("app", p.app()).put("service", p.service())
                        .put("type", p.type()).put("status", p.status()).put("release", p.release());
                Json.put(o, "started", p.started()).put("command", p.command());
                Json.put(o, "instance", p.instance()).put("restarts", p.restarts());
                o.put("ready", p.ready()).put("containers", p.containers());
                Json.put(o, "waiting", p.waiting());
                usage(o, p.usage());
            }
            Json.print(out(), rows);
            return 0;
        }
        Table.of(Tables.PROCESSES, snap.rows(), Instant.now()).print(out());
        return 0;
    }

    /** Used CPU (millicores) and memory (bytes), null with the reason where metrics.k8s.io has none. */
    static void usage(tools.jackson.databind.node.ObjectNode o, dev.rackside.services.model.Usage u) {
        if (u.known()) {
            o.put("cpuMillis", u.cpuMillis()).put("memoryBytes", u.memoryBytes());
        } else {
            o.putNull("cpuMillis").putNull("memoryBytes");
        }
        Json.put(o, "metricsUnknown", u.unknown());
    }

    /** {@code convox ps stop}: the pod is deleted, its controller starts a new one. */
    @Command(name = "stop", description = "Stop a process (as 'convox ps stop'); always confirmed, the process id "
            + "typed on production racks.")
    public static class Stop extends MutatingCommand {
        @Parameters(index = "0", paramLabel = "PROCESS")
        String process;

        @Override
        protected Mutation mutation() {
            return Mutation.STOP;
        }

        @Override
        protected String summary() {
            return Confirmation.Summary.stop(app, process);
        }

        @Override
        protected String confirmTarget() {
            return process;
        }

        @Override
        protected Outcome run(Operations ops, Rack target) {
            return ops.stop(target, app, process);
        }
    }
}
