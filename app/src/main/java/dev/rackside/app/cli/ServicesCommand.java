package dev.rackside.app.cli;

import dev.rackside.services.api.AppReader;
import dev.rackside.services.model.Service;
import dev.rackside.services.model.Snapshot;
import picocli.CommandLine.Command;
import tools.jackson.databind.node.ArrayNode;

@Command(name = "services", description = "List an app's services: convox services columns (SERVICE DOMAIN PORTS), "
        + "then convox scale's (DESIRED RUNNING CPU MEMORY MIN MAX).")
public final class ServicesCommand extends AppCommand {
    @Override
    protected Integer run(AppReader reader) {
        Snapshot<Service> snap = await("services of " + app, reader.services());
        snap.problems().forEach(p -> warn("app " + app + ": " + p));
        if (output == OutputFormat.json) {
            ArrayNode rows = Json.array();
            for (Service s : snap.rows()) {
                var o = rows.addObject().put("name", s.name()).put("domain", s.domain());
                Json.strings(o, "ports", s.ports()).put("desired", s.desired()).put("running", s.running())
                        .put("cpu", s.cpu()).put("memory", s.memory());
                Json.put(o, "min", s.min());
                Json.put(o, "max", s.max()).put("agent", s.agent());
            }
            Json.print(out(), rows);
            return 0;
        }
        Table t = new Table("SERVICE", "DOMAIN", "PORTS", "DESIRED", "RUNNING", "CPU", "MEMORY", "MIN", "MAX");
        for (Service s : snap.rows()) {
            t.row(s.name(), s.domain(), String.join(" ", s.ports()), String.valueOf(s.desired()),
                    String.valueOf(s.running()), String.valueOf(s.cpu()), String.valueOf(s.memory()),
                    s.min().map(String::valueOf).orElse("-"), s.max().map(String::valueOf).orElse("-"));
        }
        t.print(out());
        return 0;
    }
}
