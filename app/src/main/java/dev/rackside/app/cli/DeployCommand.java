package dev.rackside.app.cli;

import dev.rackside.services.api.Mutation;
import dev.rackside.services.api.Operations;
import dev.rackside.services.model.Rack;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code convox deploy} (3.24.9 pkg/cli/deploy.go): the build of {@code build}, then the release it made
 * promoted and followed as {@code promote} follows it. Besides the CLI's own output, the build's and the
 * release's ids are printed once the build is done (an operator needs the release to roll back from).
 */
@Command(name = "deploy", description = {"Build DIR and promote the release it makes, as 'convox deploy'; follows "
        + "the deploy to its end: Running (exit 0), or rolled back with the reason (exit 1).",
    "The build as for 'build'; the deadline as for 'promote'. Ctrl-C stops watching, not the deploy."})
public final class DeployCommand extends SourceCommand {
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "The rack rolls back a rollout that is not "
            + "ready by then. Default: the rack's deployTimeout in racks.yaml, else 3000 (Convox's).")
    Long timeout;

    @Override
    protected Mutation mutation() {
        return Mutation.DEPLOY;
    }

    @Override
    protected String summary() {
        return summaryOf(app, dir, true);
    }

    @Override
    Operations.Built carryOut(Operations ops, Rack target, Operations.Source source) {
        return ops.deploy(target, app, source, new Operations.Deploy(Optional.ofNullable(timeout)
                .map(Duration::ofSeconds), false, source.progress()));
    }
}
