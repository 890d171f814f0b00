package dev.rackside.app.cli;

import dev.rackside.services.deploy.Operations;
import dev.rackside.services.model.Rack;
import picocli.CommandLine.Command;

@Command(name = "lock", description = "Lock an app (convox.com/lock): a locked app cannot be deleted.")
public final class LockCommand extends MutatingCommand {
    @Override
    protected String summary() {
        return "lock " + app;
    }

    @Override
    protected String run(Operations ops, Rack target) {
        return ops.lock(target, app, true);
    }

    @Command(name = "unlock", description = "Unlock an app.")
    public static final class Unlock extends MutatingCommand {
        @Override
        protected String summary() {
            return "unlock " + app;
        }

        @Override
        protected String run(Operations ops, Rack target) {
            return ops.lock(target, app, false);
        }
    }
}
