package dev.rackside.app.cli;

import dev.rackside.services.deploy.Operations;
import dev.rackside.services.model.Rack;
import dev.rackside.services.text.Visible;
import java.time.Duration;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "promote", description = {"Promote a release through the Atom protocol, as 'convox releases promote': "
        + "progress (status changes, ready counts, Events) streams until Running, or until the deploy rolls itself "
        + "back (exit 1).",
    "On racks whose atom controller runs, rackside hands the rollout to it and watches; elsewhere rackside drives "
        + "it, so keep it running until it ends (Ctrl-C stops watching; 'rackside cancel' rolls back)."})
public final class PromoteCommand extends MutatingCommand {
    @Parameters(index = "0", paramLabel = "RELEASE")
    String release;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3000",
            description = "Roll back when the new pods are not all ready by then. Default: ${DEFAULT-VALUE} (Convox's).")
    long timeout;

    @Option(names = "--wait", description = "Accepted for the Convox CLI's habit; rackside always follows the "
            + "deploy to its end.")
    boolean wait;

    @Override
    protected String summary() {
        return "promote " + app + " " + release.toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    protected String run(Operations ops, Rack target) {
        return ops.promote(target, app, release, Duration.ofSeconds(timeout), progress(root));
    }

    /** Progress lines as they come; what the cluster says is made visible first. */
    static Consumer<String> progress(dev.rackside.app.RacksideCommand root) {
        var out = root.spec().commandLine().getOut();
        return line -> {
            out.println(Visible.of(line));
            out.flush();
        };
    }

    @Command(name = "rollback", description = "Roll back to a release as Convox does: a new release with its build "
            + "and env, promoted (progress as for promote).")
    public static final class Rollback extends MutatingCommand {
        @Parameters(index = "0", paramLabel = "RELEASE")
        String release;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3000",
                description = "As for promote. Default: ${DEFAULT-VALUE}.")
        long timeout;

        @Override
        protected String summary() {
            return "roll " + app + " back to " + release.toUpperCase(java.util.Locale.ROOT);
        }

        @Override
        protected String run(Operations ops, Rack target) {
            return ops.rollback(target, app, release, Duration.ofSeconds(timeout), progress(root));
        }
    }

    @Command(name = "cancel", description = "Cancel the deploy in progress (the Atom goes Cancelled and rolls back), "
            + "as 'convox apps cancel'.")
    public static final class Cancel extends MutatingCommand {
        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3000",
                description = "How long the rollback may take when rackside drives it. Default: ${DEFAULT-VALUE}.")
        long timeout;

        @Override
        protected String summary() {
            return "cancel the deploy of " + app;
        }

        @Override
        protected String run(Operations ops, Rack target) {
            return ops.cancel(target, app, Duration.ofSeconds(timeout), progress(root));
        }
    }
}
