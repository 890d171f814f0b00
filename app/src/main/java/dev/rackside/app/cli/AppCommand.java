package dev.rackside.app.cli;

import dev.rackside.services.api.AppReader;
import dev.rackside.services.api.RackReader;
import dev.rackside.services.model.App;
import dev.rackside.services.model.Snapshot;
import picocli.CommandLine.Option;

/** A read command about one app: checks the app exists before reading its tables. */
public abstract class AppCommand extends ReadCommand {
    @Option(names = {"-a", "--app"}, required = true, paramLabel = "APP", description = "App name.")
    protected String app;

    @Override
    public final Integer call() {
        try (RackReader reader = openRack()) {
            Snapshot<App> apps = await("apps of rack " + reader.rack().name(), reader.apps());
            if (apps.rows().stream().noneMatch(a -> a.name().equals(app))) {
                throw new CommandFailure("app '" + app + "' not found on rack " + reader.rack().name());
            }
            return run(reader.app(app));
        }
    }

    protected abstract Integer run(AppReader reader);
}
