package dev.rackside.app.cli;

import dev.rackside.services.api.RackReader;
import dev.rackside.services.api.Tables;
import dev.rackside.services.model.App;
import dev.rackside.services.model.Snapshot;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ArrayNode;

@Command(name = "apps", description = "List the apps of a rack (convox apps: APP STATUS RELEASE; then LOCKED and "
        + "HEALTH, what its pods say).", subcommands = {AppsCommand.Cancel.class, AppsCommand.Lock.class,
            AppsCommand.Unlock.class})
public final class AppsCommand extends ReadCommand {
    @Option(names = "--check", description = "Also read each app's active release and warn about a broken "
            + "convox.yml (one request per app, four at a time).")
    boolean check;

    @Override
    public Integer call() {
        try (RackReader reader = openRack()) {
            String what = "apps of rack " + reader.rack().name();
            await(what, reader.apps());
            Snapshot<App> snap = complete(what, reader.appsComplete(check), reader.apps());
            if (output == OutputFormat.json) {
                ArrayNode rows = Json.array();
                for (App a : snap.rows()) {
                    var o = rows.addObject().put("name", a.name()).put("status", a.status());
                    Json.put(o, "release", a.release()).put("locked", a.locked());
                    Json.strings(o, "problems", a.problems());
                    o.put("health", a.health());
                }
                Json.print(out(), rows);
            } else {
                Table.of(Tables.APPS, snap.rows(), Instant.now()).print(out());
                snap.rows().forEach(a -> a.problems().forEach(p -> warn("app " + a.name() + ": " + p)));
            }
            return 0;
        }
    }

    /** {@code convox apps cancel}. */
    @Command(name = "cancel", description = "Cancel the deploy in progress (as 'convox apps cancel').")
    public static final class Cancel extends PromoteCommand.Cancel {
    }

    /** {@code convox apps lock}. */
    @Command(name = "lock", description = "Lock an app (as 'convox apps lock').")
    public static final class Lock extends LockCommand {
    }

    /** {@code convox apps unlock}. */
    @Command(name = "unlock", description = "Unlock an app (as 'convox apps unlock').")
    public static final class Unlock extends LockCommand.Unlock {
    }
}
