package dev.rackside.app.cli;

import dev.rackside.services.api.AppReader;
import dev.rackside.services.api.RackReader;
import dev.rackside.services.model.App;
import dev.rackside.services.model.Snapshot;
import picocli.CommandLine.Option;

/**
 * A read command about one app: checks the app exists before reading its tables. {@code --app} is checked here
 * rather than by picocli, which would demand it of the parent too when a subcommand ({@code ps stop},
 * {@code resources proxy}) is given it after its own name.
 */
public abstract class AppCommand extends ReadCommand {
    @Option(names = {"-a", "--app"}, paramLabel = "APP", description = "App name (required).")
    protected String app;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec appSpec;

    @Override
    public final Integer call() {
        if (app == null || app.isBlank()) {
            throw new picocli.CommandLine.ParameterException(appSpec.commandLine(),
                    "Missing required option: '--app=APP'");
        }
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
