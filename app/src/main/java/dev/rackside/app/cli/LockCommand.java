package dev.rackside.app.cli;

import dev.rackside.services.api.Confirmation;
import dev.rackside.services.api.Mutation;
import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.model.Rack;
import picocli.CommandLine.Command;

@Command(name = "lock", description = "Lock an app (as 'convox apps lock'): a locked app cannot be deleted.")
public class LockCommand extends MutatingCommand {
    @Override
    protected Mutation mutation() {
        return Mutation.LOCK;
    }

    @Override
    protected String summary() {
        return Confirmation.Summary.lock(app, true);
    }

    @Override
    protected Outcome run(Operations ops, Rack target) {
        return ops.lock(target, app, true);
    }

    @Command(name = "unlock", description = "Unlock an app (as 'convox apps unlock').")
    public static class Unlock extends MutatingCommand {
        @Override
        protected Mutation mutation() {
            return Mutation.UNLOCK;
        }

        @Override
        protected String summary() {
            return Confirmation.Summary.lock(app, false);
        }

        @Override
        protected Outcome run(Operations ops, Rack target) {
            return ops.lock(target, app, false);
        }
    }
}
