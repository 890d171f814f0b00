package dev.rackside.app;

import dev.rackside.app.cli.AppsCommand;
import dev.rackside.app.cli.BuildsCommand;
import dev.rackside.app.cli.InstancesCommand;
import dev.rackside.app.cli.RackInfoCommand;
import dev.rackside.app.cli.DiagnoseCommand;
import dev.rackside.app.cli.ExecCommand;
import dev.rackside.app.cli.RunCommand;
import dev.rackside.app.cli.PsCommand;
import dev.rackside.app.cli.RacksCommand;
import dev.rackside.app.cli.ReleasesCommand;
import dev.rackside.app.cli.ResourcesCommand;
import dev.rackside.app.cli.SandboxCommand;
import dev.rackside.app.cli.AuditCommand;
import dev.rackside.app.cli.LockCommand;
import dev.rackside.app.cli.ComplianceCommand;
import dev.rackside.app.cli.EnvCommand;
import dev.rackside.app.cli.LogsCommand;
import dev.rackside.app.cli.PromoteCommand;
import dev.rackside.app.cli.RestartCommand;
import dev.rackside.app.cli.ScaleCommand;
import dev.rackside.app.cli.ServicesCommand;
import dev.rackside.app.cli.PsCommand.Stop;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "rackside", mixinStandardHelpOptions = true, versionProvider = Version.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = "Console and headless CLI for Convox v3 racks on EKS (GovCloud included).",
        footer = {"", "Exit codes: 0 ok, 1 error (one line on stderr), 2 usage error.",
            "Configuration: $XDG_CONFIG_HOME/rackside/racks.yaml (default ~/.config/rackside/racks.yaml); "
                + "KUBECONFIG is honoured."})
public final class RacksideCommand implements Callable<Integer> {
    /** The subcommands, in the order {@code --help} lists them. */
    static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(RacksCommand.class, RackInfoCommand.class,
            InstancesCommand.class, AppsCommand.class, PsCommand.class, ServicesCommand.class, ReleasesCommand.class,
            BuildsCommand.class, dev.rackside.app.cli.BuildCommand.class, dev.rackside.app.cli.DeployCommand.class,
            ResourcesCommand.class, ScaleCommand.class, RestartCommand.class, LockCommand.class,
            LockCommand.Unlock.class, PromoteCommand.class, PromoteCommand.Rollback.class, Stop.class,
            PromoteCommand.Cancel.class, EnvCommand.class, DiagnoseCommand.class, ExecCommand.class, RunCommand.class,
            LogsCommand.class, ComplianceCommand.class, AuditCommand.class, SandboxCommand.class,
            dev.rackside.app.cli.TrainCommand.class);

    /** The root's own options that take a value: what follows them is not a subcommand's name. */
    private static final java.util.Set<String> VALUED_OPTIONS = java.util.Set.of("-r", "--rack", "--theme");

    private final Wiring wiring;

    @Spec
    CommandSpec spec;

    @Option(names = "--read-only", scope = CommandLine.ScopeType.INHERIT,
            description = "Refuse every action that changes a rack (the read commands are unaffected).")
    boolean readOnly;

    @Option(names = {"-r", "--rack"}, paramLabel = "RACK", scope = CommandLine.ScopeType.LOCAL,
            description = "Console: open this rack's apps instead of the racks list.")
    String rack;

    @Option(names = "--theme", paramLabel = "NAME", scope = CommandLine.ScopeType.LOCAL,
            description = "Console theme: dark (default), light, high-contrast, colorblind, mono, or a file "
                    + "in $XDG_CONFIG_HOME/rackside/themes/NAME.yaml. Also RACKSIDE_THEME.")
    String theme;

    @Option(names = "--sandbox", scope = CommandLine.ScopeType.LOCAL,
            description = "Console on the embedded sandbox rack (also what a machine with no rack configured gets).")
    boolean sandbox;

    @Option(names = "--mouse", scope = CommandLine.ScopeType.LOCAL,
            description = "Console: let the mouse click rows (off by default: it stops native text selection).")
    boolean mouse;

    public RacksideCommand(Wiring wiring) {
        this.wiring = wiring;
    }

    /**
     * The command line for {@code args}. picocli builds each command's model by reflecting over its fields, and
     * its own classes (compiled for Java 5) are ones no class-data archive can hold, so the whole tree of ~40
     * commands cost ~0.3 s at every start (0.9 s before the console's first frame). A line that names its
     * subcommand gets only that one; a line of root options only (the console: {@code --rack R}, {@code --sandbox})
     * gets none; help, version and anything unrecognised get them all (so picocli can list them or suggest the
     * nearest).
     */
    public static CommandLine commandLine(RacksideCommand root, String[] args) {
        CommandLine cli = new CommandLine(root);
        if (consoleLine(args)) {
            return cli;
        }
        String named = subcommandNamed(args);
        for (Class<?> c : SUBCOMMANDS) {
            Command a = c.getAnnotation(Command.class);
            if (named == null || a.name().equals(named) || java.util.Arrays.asList(a.aliases()).contains(named)) {
                cli.addSubcommand(c);
            }
        }
        return cli;
    }

    /** Only root options (and their values), none of them asking for help or the version: the console. */
    private static boolean consoleLine(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (VALUED_OPTIONS.contains(a)) {
                i++;
            } else if (!a.startsWith("-") || a.equals("--") || HELP_OPTIONS.contains(a)) {
                return false;
            }
        }
        return true;
    }

    private static final java.util.Set<String> HELP_OPTIONS = java.util.Set.of("-h", "--help", "-V", "--version");

    /** The first word of {@code args} that names a subcommand, or null. */
    private static String subcommandNamed(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (VALUED_OPTIONS.contains(a)) {
                i++;
            } else if (a.equals("--")) {
                return null;
            } else if (!a.startsWith("-")) {
                for (Class<?> c : SUBCOMMANDS) {
                    Command cmd = c.getAnnotation(Command.class);
                    if (cmd.name().equals(a) || java.util.Arrays.asList(cmd.aliases()).contains(a)) {
                        return a;
                    }
                }
                return null;
            }
        }
        return null;
    }

    public Wiring wiring() {
        return wiring;
    }

    public CommandSpec spec() {
        return spec;
    }

    /** The embedded sandbox, loaded on first use (its own class loader; see SandboxLoader). */
    public dev.rackside.services.api.Sandbox sandbox() {
        return SandboxLoader.load();
    }

    public boolean readOnly() {
        return readOnly;
    }

    /**
     * No command: the full-screen console. Without a terminal (output piped, no tty) there is no screen
     * to draw on, so the racks list is printed instead.
     */
    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        if (System.console() == null) {
            err.println("note: no terminal to draw the console on; listing the racks instead. "
                    + "'rackside --help' lists the commands.");
            err.flush();
            CommandLine cli = spec.commandLine();
            if (!cli.getSubcommands().containsKey("racks")) {
                cli.addSubcommand(RacksCommand.class); // the console's line was built without any (commandLine)
            }
            return cli.execute("racks");
        }
        if (sandbox || (rack == null && wiring.env().nothingConfigured())) {
            return SandboxConsole.run(wiring.env(), java.util.Optional.ofNullable(theme), readOnly, mouse, err);
        }
        return ConsoleLauncher.run(wiring, java.util.Optional.ofNullable(rack), java.util.Optional.ofNullable(theme),
                readOnly, mouse, err);
    }
}
