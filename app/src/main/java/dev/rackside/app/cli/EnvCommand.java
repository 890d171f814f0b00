package dev.rackside.app.cli;

import dev.rackside.app.RacksideCommand;
import dev.rackside.services.deploy.KubeOperations;
import dev.rackside.services.deploy.Operations;
import dev.rackside.services.model.Rack;
import dev.rackside.services.text.Visible;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "env", description = {"An app's environment (its newest release's), every value masked.",
    "--reveal KEY prints one value in clear, and the journal records who read it."},
        subcommands = {EnvCommand.Set.class, EnvCommand.Unset.class})
public final class EnvCommand implements Callable<Integer> {
    @ParentCommand
    RacksideCommand root;

    @Option(names = {"-r", "--rack"}, paramLabel = "RACK", description = "Rack name.")
    String rack;

    // Not required here: 'env set -a APP' gives it to the subcommand.
    @Option(names = {"-a", "--app"}, paramLabel = "APP", description = "App name.")
    String app;

    @Option(names = "--reveal", paramLabel = "KEY", description = "Print this key's value in clear (journaled).")
    String reveal;

    @Override
    public Integer call() {
        if (app == null) {
            throw new picocli.CommandLine.ParameterException(root.spec().commandLine(), "env needs --app APP");
        }
        Rack target = root.wiring().racks().resolve(Optional.ofNullable(rack));
        Operations ops = new KubeOperations(root.wiring().env(), new dev.rackside.services.audit.Journal(
                root.wiring().env().stateHome().resolve("rackside").resolve("journal.jsonl")), root.readOnly());
        var out = root.spec().commandLine().getOut();
        try {
            if (reveal != null) {
                out.println(ops.reveal(target, app, reveal));
            } else {
                ops.env(target, app).forEach((k, v) -> out.println(Visible.of(k + "=" + v)));
            }
        } catch (Operations.Refused e) {
            throw new CommandFailure(e.getMessage());
        }
        out.flush();
        return 0;
    }

    /** What set and unset share: a new release, promoted only when asked. */
    abstract static class Change extends MutatingCommand {
        @Option(names = "--promote", description = "Promote the new release (progress as for promote).")
        boolean promote;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3000",
                description = "With --promote: as for promote. Default: ${DEFAULT-VALUE}.")
        long timeout;

        abstract Map<String, String> set();

        abstract List<String> unset();

        @Override
        protected String run(Operations ops, Rack target) {
            return ops.envChange(target, app, set(), unset(), promote, Duration.ofSeconds(timeout),
                    PromoteCommand.progress(root));
        }
    }

    @Command(name = "set", description = "Set env keys in a new release (Convox's 'env set'); --promote activates it.")
    public static final class Set extends Change {
        @Parameters(paramLabel = "KEY=VALUE", arity = "1..*")
        List<String> pairs;

        @Override
        Map<String, String> set() {
            Map<String, String> out = new LinkedHashMap<>();
            for (String p : pairs) {
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    throw new CommandFailure("'" + p + "' is not KEY=VALUE; nothing was changed");
                }
                out.put(p.substring(0, eq), p.substring(eq + 1));
            }
            return out;
        }

        @Override
        List<String> unset() {
            return List.of();
        }

        @Override
        protected String summary() {
            return "set " + String.join(", ", set().keySet()) + " in the env of " + app + (promote ? " and promote" : "");
        }
    }

    @Command(name = "unset", description = "Remove env keys in a new release (Convox's 'env unset').")
    public static final class Unset extends Change {
        @Parameters(paramLabel = "KEY", arity = "1..*")
        List<String> keys;

        @Override
        Map<String, String> set() {
            return Map.of();
        }

        @Override
        List<String> unset() {
            return new ArrayList<>(keys);
        }

        @Override
        protected String summary() {
            return "remove " + String.join(", ", keys) + " from the env of " + app + (promote ? " and promote" : "");
        }
    }
}
