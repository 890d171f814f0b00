package dev.rackside.app.cli;

import dev.rackside.services.api.AppReader;
import dev.rackside.services.api.Tables;
import dev.rackside.services.model.Service;
import dev.rackside.services.model.Snapshot;
import java.time.Instant;
import picocli.CommandLine.Command;
import tools.jackson.databind.node.ArrayNode;

@Command(name = "services", description = "List an app's services as 'convox services' (SERVICE DOMAIN PORTS, SCALE, "
        + "AUTOSCALE and COLD where they apply); then DESIRED RUNNING READY CPU MEMORY.")
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
                o.put("gpu", s.gpu()).put("autoscale", s.autoscale().orElse(null)).put("cold", s.cold()).put("ready", s.ready())
                        .put("pods", s.pods());
            }
            Json.print(out(), rows);
            return 0;
        }
        Table.of(Tables.services(snap.rows()), snap.rows(), Instant.now()).print(out());
        return 0;
    }
}
