package dev.rackside.app.cli;

import dev.rackside.services.api.Confirmation;
import dev.rackside.services.api.Mutation;
import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.model.Rack;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "promote", description = {"Promote a release as 'convox releases promote' and follow it to its end: "
        + "Running (exit 0), or rolled back with the reason (exit 1).",
    "Through the rack's own API where it has one; on a cluster without one rackside renders and applies it itself. "
        + "Ctrl-C stops watching, not the deploy."})
public class PromoteCommand extends MutatingCommand {
    @Parameters(index = "0", paramLabel = "RELEASE")
    String release;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "The rack rolls back a rollout that is not "
            + "ready by then. Default: the rack's deployTimeout in racks.yaml, else 3000 (Convox's).")
    Long timeout;

    @Option(names = "--direct", description = "When the rack's API cannot be used, deploy with rackside's own renderer "
            + "anyway (it follows Convox 3.24.9's templates, not the rack's own version of them).")
    boolean direct;

    @Option(names = "--wait", description = "Accepted for the Convox CLI's habit; rackside always follows the "
            + "deploy to its end.")
    boolean wait;

    @Override
    protected Mutation mutation() {
        return Mutation.PROMOTE;
    }

    @Override
    protected String summary() {
        return Confirmation.Summary.promote(app, release);
    }

    @Override
    protected Outcome run(Operations ops, Rack target) {
        return ops.promote(target, app, release, deploy(timeout, direct));
    }

    Operations.Deploy deploy(Long seconds, boolean directly) {
        return new Operations.Deploy(Optional.ofNullable(seconds).map(Duration::ofSeconds), directly, progress());
    }

    @Command(name = "rollback", description = "Roll back to a release as Convox does: a new release with its build "
            + "and env, promoted (progress as for promote).")
    public static class Rollback extends MutatingCommand {
        @Parameters(index = "0", paramLabel = "RELEASE")
        String release;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "As for promote.")
        Long timeout;

        @Option(names = "--direct", description = "As for promote.")
        boolean direct;

        @Override
        protected Mutation mutation() {
            return Mutation.ROLLBACK;
        }

        @Override
        protected String summary() {
            return Confirmation.Summary.rollback(app, release);
        }

        @Override
        protected Outcome run(Operations ops, Rack target) {
            return ops.rollback(target, app, release, new Operations.Deploy(Optional.ofNullable(timeout)
                    .map(Duration::ofSeconds), direct, progress()));
        }
    }

    @Command(name = "cancel", description = "Cancel the deploy in progress (the Atom goes Cancelled and rolls back), "
            + "as 'convox apps cancel'.")
    public static class Cancel extends MutatingCommand {
        @Option(names = "--timeout", paramLabel = "SECONDS",
                description = "How long the rollback may take when rackside drives it. Default: as for promote.")
        Long timeout;

        @Override
        protected Mutation mutation() {
            return Mutation.CANCEL;
        }

        @Override
        protected String summary() {
            return Confirmation.Summary.cancel(app);
        }

        @Override
        protected Outcome run(Operations ops, Rack target) {
            return ops.cancel(target, app, new Operations.Deploy(Optional.ofNullable(timeout).map(Duration::ofSeconds),
                    false, progress()));
        }
    }

}
