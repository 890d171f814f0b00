package dev.rackside.app.cli;

import dev.rackside.app.RacksideCommand;
import dev.rackside.services.api.Confirmation;
import dev.rackside.services.api.Mutation;
import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Outcome;
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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "env", description = {"An app's environment (its newest release's), every value masked.",
    "--reveal KEY (or 'env get KEY') prints one value in clear, and the journal records who read it."},
        subcommands = {EnvCommand.Get.class, EnvCommand.Set.class, EnvCommand.Unset.class})
public final class EnvCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-r", "--rack"}, paramLabel = "RACK", description = "Rack name.")
    String rack;

    // Not required here: 'env set -a APP' gives it to the subcommand.
    @Option(names = {"-a", "--app"}, paramLabel = "APP", description = "App name.")
    String app;

    @Option(names = "--reveal", paramLabel = "KEY", description = "Print this key's value in clear (journaled).")
    String reveal;

    @Override
    public Integer call() {
        RacksideCommand root = (RacksideCommand) spec.root().userObject();
        if (app == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "env needs --app APP");
        }
        Rack target = root.wiring().racks().resolve(Optional.ofNullable(rack));
        return print(root, target, app, Optional.ofNullable(reveal));
    }

    static int print(RacksideCommand root, Rack target, String app, Optional<String> reveal) {
        Operations ops = root.wiring().services().operations();
        var out = root.spec().commandLine().getOut();
        try {
            if (reveal.isPresent()) {
                out.println(Visible.of(ops.reveal(target, app, reveal.get())));
            } else {
                ops.env(target, app).forEach((k, v) -> out.println(Visible.of(k + "=" + v)));
            }
        } catch (Outcome.Failed e) {
            throw new CommandFailure(e.getMessage());
        }
        out.flush();
        return 0;
    }

    /** {@code convox env get KEY}: one value in clear, journaled. */
    @Command(name = "get", description = "Print one env value in clear (as 'convox env get'); journaled.")
    public static final class Get implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-r", "--rack"}, paramLabel = "RACK", description = "Rack name.")
        String rack;

        @Option(names = {"-a", "--app"}, required = true, paramLabel = "APP", description = "App name.")
        String app;

        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Override
        public Integer call() {
            RacksideCommand root = (RacksideCommand) spec.root().userObject();
            return print(root, root.wiring().racks().resolve(Optional.ofNullable(rack)), app, Optional.of(key));
        }
    }

    /** What set and unset share: a new release, promoted only when asked. */
    abstract static class Change extends MutatingCommand {
        @Option(names = "--promote", description = "Promote the new release (progress as for promote).")
        boolean promote;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "With --promote: as for promote.")
        Long timeout;

        @Option(names = "--direct", description = "With --promote: as for promote.")
        boolean direct;

        abstract Map<String, String> set();

        abstract List<String> unset();

        Operations.EnvChange change() {
            return new Operations.EnvChange(set(), unset());
        }

        @Override
        protected String summary() {
            return Confirmation.Summary.env(app, change(), promote);
        }

        @Override
        protected Outcome run(Operations ops, Rack target) {
            Optional<Operations.Deploy> deploy = promote ? Optional.of(new Operations.Deploy(Optional.ofNullable(timeout)
                    .map(Duration::ofSeconds), direct, progress())) : Optional.empty();
            return ops.envChange(target, app, change(), deploy);
        }
    }

    @Command(name = "set", description = "Set env keys in a new release (Convox's 'env set'); --promote activates it.")
    public static final class Set extends Change {
        @Parameters(paramLabel = "KEY=VALUE", arity = "1..*")
        List<String> pairs;

        @Override
        protected Mutation mutation() {
            return Mutation.ENV_SET;
        }

        @Override
        Map<String, String> set() {
            Map<String, String> out = new LinkedHashMap<>();
            for (String p : pairs) {
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    throw new CommandFailure("'" + p.substring(0, Math.min(p.length(), 40)) + "' is not KEY=VALUE; "
                            + "nothing was changed");
                }
                out.put(p.substring(0, eq), p.substring(eq + 1));
            }
            return out;
        }

        @Override
        List<String> unset() {
            return List.of();
        }
    }

    @Command(name = "unset", description = "Remove env keys in a new release (Convox's 'env unset').")
    public static final class Unset extends Change {
        @Parameters(paramLabel = "KEY", arity = "1..*")
        List<String> keys;

        @Override
        protected Mutation mutation() {
            return Mutation.ENV_UNSET;
        }

        @Override
        Map<String, String> set() {
            return Map.of();
        }

        @Override
        List<String> unset() {
            return new ArrayList<>(keys);
        }
    }
}
