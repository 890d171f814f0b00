package dev.rackside.app.cli;

import dev.rackside.app.RacksideCommand;
import dev.rackside.services.api.Mutation;
import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.api.Progress;
import dev.rackside.services.model.Rack;
import dev.rackside.services.text.Visible;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every command that changes a rack shares: the rack and app, the one confirmation policy
 * ({@link Confirmation}: refused on a read-only session or rack, a question on a terminal, the target's name typed
 * on production racks, {@code --yes} required without a terminal), and the session's {@link Operations}. The
 * outcome is printed as one line: on stdout when done, as {@code rackside: ...} with exit 1 when not.
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
        return ChangeRunner.run(root, target, mutation(), summary(), confirmTarget(), yes, ops -> run(ops, target));
    }

    /** The kind of change, for the read-only refusal. */
    protected abstract Mutation mutation();

    /** "scale api/web count=4": what the operator is asked to confirm. */
    protected abstract String summary();

    /** The name typed on a production rack: the app's, unless the change is about something narrower. */
    protected String confirmTarget() {
        return app;
    }

    protected abstract Outcome run(Operations ops, Rack target);

    /** Progress lines as they come; what the cluster says is made visible first. */
    protected Progress progress() {
        var out = root.spec().commandLine().getOut();
        return line -> {
            out.println(Visible.of(line));
            out.flush();
        };
    }
}
