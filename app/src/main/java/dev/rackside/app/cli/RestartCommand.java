package dev.rackside.app.cli;

import dev.rackside.services.api.Confirmation;
import dev.rackside.services.api.Mutation;
import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.model.Rack;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "restart", description = "Restart one service, or every service of the app (a rolling replacement, "
        + "as 'convox restart'; agents too).")
public final class RestartCommand extends MutatingCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE")
    String service;

    @Override
    protected Mutation mutation() {
        return Mutation.RESTART;
    }

    @Override
    protected String summary() {
        return Confirmation.Summary.restart(app, Optional.ofNullable(service));
    }

    @Override
    protected Outcome run(Operations ops, Rack target) {
        return ops.restart(target, app, Optional.ofNullable(service), progress());
    }
}
