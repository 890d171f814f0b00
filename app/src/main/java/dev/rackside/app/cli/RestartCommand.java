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

    @picocli.CommandLine.Option(names = "--wait", description = "Follow the replacement until every restarted "
            + "service has only new processes, all ready ('restarted APP/SERVICE: 3 new processes ready'); Convox's "
            + "restart returns when the rack has taken the change, as rackside does without it.")
    boolean await;

    @picocli.CommandLine.Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "With --wait: stop following after this long (default ${DEFAULT-VALUE}); the restart "
                    + "goes on.")
    long timeout;

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
        return ops.restart(target, app, Optional.ofNullable(service),
                await ? Optional.of(java.time.Duration.ofSeconds(Math.max(1, timeout))) : Optional.empty(), progress());
    }
}
