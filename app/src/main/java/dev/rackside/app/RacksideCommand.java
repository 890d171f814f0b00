package dev.rackside.app;

import dev.rackside.app.cli.AppsCommand;
import dev.rackside.app.cli.BuildsCommand;
import dev.rackside.app.cli.PsCommand;
import dev.rackside.app.cli.RacksCommand;
import dev.rackside.app.cli.ReleasesCommand;
import dev.rackside.app.cli.ResourcesCommand;
import dev.rackside.app.cli.ServicesCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "rackside", mixinStandardHelpOptions = true, versionProvider = Version.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = "Console and headless CLI for Convox v3 racks on EKS (GovCloud included).",
        subcommands = {RacksCommand.class, AppsCommand.class, PsCommand.class, ServicesCommand.class,
            ReleasesCommand.class, BuildsCommand.class, ResourcesCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 error (one line on stderr), 2 usage error.",
            "Configuration: $XDG_CONFIG_HOME/rackside/racks.yaml (default ~/.config/rackside/racks.yaml); "
                + "KUBECONFIG is honoured."})
public final class RacksideCommand implements Callable<Integer> {
    private final Wiring wiring;

    @Spec
    CommandSpec spec;

    @Option(names = "--read-only", scope = CommandLine.ScopeType.INHERIT,
            description = "Refuse every action that changes a rack (the read commands are unaffected).")
    boolean readOnly;

    public RacksideCommand(Wiring wiring) {
        this.wiring = wiring;
    }

    public Wiring wiring() {
        return wiring;
    }

    public CommandSpec spec() {
        return spec;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /**
     * No command: the full-screen console belongs here and is not built yet, so say so plainly and show
     * what the CLI can already see instead of pretending.
     */
    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        err.println("note: the full-screen console is not in this build yet; these are the racks rackside sees. "
                + "'rackside --help' lists the commands.");
        err.flush();
        return spec.commandLine().execute("racks");
    }
}
