package dev.rackside.app.cli;

import dev.rackside.app.RacksideCommand;
import dev.rackside.services.api.Confirmation;
import dev.rackside.services.api.Mutation;
import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.model.Rack;
import dev.rackside.services.text.Visible;
import java.io.Console;
import java.util.Optional;
import java.util.function.Function;

/**
 * Carries out one change from the command line under the one confirmation policy ({@link Confirmation}):
 * refused on a read-only session or rack, a question on a terminal (the target's name typed on production),
 * {@code --yes} required without a terminal; then the outcome as one line, on stdout when done, as
 * {@code rackside: ...} with exit 1 when not.
 */
final class ChangeRunner {
    private ChangeRunner() {
    }

    static int run(RacksideCommand root, Rack target, Mutation m, String summary, String confirmName, boolean yes,
            Function<Operations, Outcome> change) {
        confirm(root, target, m, summary, confirmName, yes);
        Outcome o = change.apply(root.wiring().services().operations());
        if (!o.ok()) {
            throw new CommandFailure(o.message());
        }
        var out = root.spec().commandLine().getOut();
        // Line by line, each made visible: a result of several lines (build's "Build:" and "Release:") stays lines.
        o.message().lines().forEach(l -> out.println(Visible.of(l)));
        out.flush();
        return 0;
    }

    /** The policy's refusal or question; returns when the change may go ahead. */
    static void confirm(RacksideCommand root, Rack target, Mutation m, String summary, String confirmName,
            boolean yes) {
        Optional<String> refused = Confirmation.refusal(target, root.readOnly(), m);
        if (refused.isPresent()) {
            throw new CommandFailure(refused.get() + "; nothing was changed");
        }
        if (!yes && Confirmation.asks(target, m)) {
            Confirmation.Question q = Confirmation.ask(target, summary, confirmName);
            Console console = System.console();
            if (console == null) {
                throw new CommandFailure(summary + " needs --yes when stdin is not a terminal; nothing was changed");
            }
            String answer = console.readLine("%s", Visible.of(q.prompt()));
            if (!q.accepts(answer)) {
                throw new CommandFailure(q.declined());
            }
        }
    }
}
