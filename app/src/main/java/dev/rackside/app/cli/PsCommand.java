package dev.rackside.app.cli;

import dev.rackside.services.api.AppReader;
import dev.rackside.services.model.Process;
import dev.rackside.services.model.Snapshot;
import dev.rackside.services.text.Humanize;
import java.time.Instant;
import picocli.CommandLine.Command;
import tools.jackson.databind.node.ArrayNode;

@Command(name = "ps", description = "List an app's processes (convox ps: ID SERVICE STATUS RELEASE STARTED COMMAND).")
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
            }
            Json.print(out(), rows);
            return 0;
        }
        Instant now = Instant.now();
        Table t = new Table("ID", "SERVICE", "STATUS", "RELEASE", "STARTED", "COMMAND");
        for (Process p : snap.rows()) {
            t.row(p.id(), p.service(), p.status(), p.release(),
                    p.started().map(s -> Humanize.ago(s, now)).orElse(""), p.command());
        }
        t.print(out());
        return 0;
    }
}
