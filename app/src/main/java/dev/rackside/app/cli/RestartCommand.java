package dev.rackside.app.cli;

import dev.rackside.services.deploy.Operations;
import dev.rackside.services.model.Rack;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "restart", description = "Restart one service, or every service of the app (a rolling replacement, "
        + "as 'convox restart').")
public final class RestartCommand extends MutatingCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE")
    String service;

    @Override
    protected String summary() {
        return "restart " + app + (service == null ? " (every service)" : "/" + service);
    }

    @Override
    protected String run(Operations ops, Rack target) {
        return ops.restart(target, app, Optional.ofNullable(service));
    }
}
