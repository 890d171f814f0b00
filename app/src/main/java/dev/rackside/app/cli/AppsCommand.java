package dev.rackside.app.cli;

import dev.rackside.services.api.RackReader;
import dev.rackside.services.model.App;
import dev.rackside.services.model.Snapshot;
import picocli.CommandLine.Command;
import tools.jackson.databind.node.ArrayNode;

@Command(name = "apps", description = "List the apps of a rack (convox apps: APP STATUS RELEASE).")
public final class AppsCommand extends ReadCommand {
    @Override
    public Integer call() {
        try (RackReader reader = openRack()) {
            String what = "apps of rack " + reader.rack().name();
            await(what, reader.apps());
            Snapshot<App> snap = complete(what, reader.appsChecked(), reader.apps());
            if (output == OutputFormat.json) {
                ArrayNode rows = Json.array();
                for (App a : snap.rows()) {
                    var o = rows.addObject().put("name", a.name()).put("status", a.status());
                    Json.put(o, "release", a.release()).put("locked", a.locked());
                    Json.strings(o, "problems", a.problems());
                }
                Json.print(out(), rows);
            } else {
                Table t = new Table("APP", "STATUS", "RELEASE");
                for (App a : snap.rows()) {
                    t.row(a.name(), a.status() + (a.locked() ? " (locked)" : ""), a.release().orElse(""));
                    a.problems().forEach(p -> warn("app " + a.name() + ": " + p));
                }
                t.print(out());
            }
            return 0;
        }
    }
}
