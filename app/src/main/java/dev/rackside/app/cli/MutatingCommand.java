package dev.rackside.app.cli;

import dev.rackside.app.RacksideCommand;
import dev.rackside.services.audit.Journal;
import dev.rackside.services.deploy.KubeOperations;
import dev.rackside.services.deploy.Operations;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.Tier;
import java.io.Console;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command that changes a rack shares: the rack and app, the confirmation policy (a question on a
 * terminal, the app's name typed on production racks, {@code --yes} required without a terminal), read-only
 * refusal, and the journaled operations.
 */
public abstract class MutatingCommand implements Callable<Integer> {
    /** The top command, whatever the nesting ({@code rackside env set} is two levels down). */
    protected RacksideCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = {"-r", "--rack"}, paramLabel = "RACK", description = "Rack name (or RACKSIDE_RACK, or the only rack).")
    protected String rack;

    @Option(names = {"-a", "--app"}, required = true, paramLabel = "APP", description = "App name.")
    protected String app;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (needed when stdin is not a terminal).")
    protected boolean yes;

    @Override
    public final Integer call() {
        root = (RacksideCommand) spec.root().userObject();
        Rack target = root.wiring().racks().resolve(Optional.ofNullable(rack));
        Operations ops = new KubeOperations(root.wiring().env(), journal(), root.readOnly());
        String done;
        try {
            if (!root.readOnly() && !target.readOnly()) {
                confirm(target, summary());
            }
            done = run(ops, target);
        } catch (Operations.Refused e) {
            throw new CommandFailure(e.getMessage());
        }
        var out = root.spec().commandLine().getOut();
        out.println(done);
        out.flush();
        return 0;
    }

    protected Journal journal() {
        return new Journal(root.wiring().env().stateHome().resolve("rackside").resolve("journal.jsonl"));
    }

    /** "scale api/web count=4": what the operator is asked to confirm. */
    protected abstract String summary();

    protected abstract String run(Operations ops, Rack target);

    private void confirm(Rack target, String what) {
        if (yes) {
            return;
        }
        Console console = System.console();
        if (console == null) {
            throw new CommandFailure(what + " needs --yes when stdin is not a terminal; nothing was changed");
        }
        if (target.tier() == Tier.PRODUCTION) {
            String typed = console.readLine("Rack %s is PRODUCTION. Type the app name (%s) to %s: ", target.name(), app,
                    what);
            if (typed == null || !typed.trim().equals(app)) {
                throw new CommandFailure("confirmation did not match '" + app + "'; nothing was changed");
            }
            return;
        }
        String answer = console.readLine("%s on rack %s? [y/N] ", what, target.name());
        if (answer == null || !answer.trim().equalsIgnoreCase("y") && !answer.trim().equalsIgnoreCase("yes")) {
            throw new CommandFailure("not confirmed; nothing was changed");
        }
    }
}
