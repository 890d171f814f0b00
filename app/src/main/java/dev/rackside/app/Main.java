package dev.rackside.app;

import dev.rackside.app.cli.CommandFailure;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.api.Racks;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Entry point: logging to a file, then picocli with rackside's exit codes (0 ok, 1 error, 2 usage). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Environment env = Environment.system();
        routeLoggingToFile(env);
        PrintWriter out = new PrintWriter(System.out, true, java.nio.charset.StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, java.nio.charset.StandardCharsets.UTF_8);
        System.exit(run(args, env, out, err));
    }

    /** Runs one command line against {@code env}; what the tests call. */
    public static int run(String[] args, Environment env, PrintWriter rawOut, PrintWriter rawErr) {
        // The one boundary to the terminal: whatever a command prints, an API's error text or a config value
        // it quotes included, shows control characters instead of obeying them (OSC 52, a title change...).
        PrintWriter out = dev.rackside.services.text.TerminalText.writer(rawOut);
        PrintWriter err = dev.rackside.services.text.TerminalText.writer(rawErr);
        try (Wiring wiring = new Wiring(env)) {
            RacksideCommand command = new RacksideCommand(wiring);
            CommandLine cli = RacksideCommand.commandLine(command, args);
            // The session's read-only flag is known once the line is parsed, before anything is built.
            cli.setExecutionStrategy(parsed -> {
                wiring.readOnly(command.readOnly());
                warnAboutRacksFile(parsed, env, err);
                return new CommandLine.RunLast().execute(parsed);
            });
            // "--rack sandbox": a rack may be named like a command (the sandbox rack is).
            cli.setAllowSubcommandsAsOptionParameters(true);
            cli.setOut(out);
            cli.setErr(err);
            // picocli colours its usage help on a terminal; through the boundary those escapes would arrive as
            // ^[[31m garbage, so the CLI's help is plain, as everything else it prints (HostileTextTest caught it).
            cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
            cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                if (e instanceof CommandFailure || e instanceof Racks.RackNotFound
                        || e instanceof IllegalArgumentException) {
                    err.println("rackside: " + e.getMessage());
                } else {
                    org.slf4j.LoggerFactory.getLogger(Main.class).error("command failed", e);
                    err.println("rackside: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                err.flush();
                return 1;
            });
            return cli.execute(args);
        }
    }

    /** Commands that report racks.yaml themselves, or do not read it. */
    private static final java.util.Set<String> OWN_RACKS_FILE_REPORT = java.util.Set.of("racks", "sandbox",
            "__train");

    /**
     * A broken racks.yaml is said by every command, not only by {@code racks}: an operator whose production
     * rack silently fell out of the file (and with it its {@code readOnly} or {@code tier}) must hear of it
     * whatever they ran. The console (no subcommand) shows it in its own way.
     */
    private static void warnAboutRacksFile(CommandLine.ParseResult parsed, Environment env, PrintWriter err) {
        if (!parsed.hasSubcommand() || parsed.subcommand().isUsageHelpRequested()
                || OWN_RACKS_FILE_REPORT.contains(parsed.subcommand().commandSpec().name())) {
            return;
        }
        for (String problem : dev.rackside.services.racks.RacksFile.read(env.racksFile()).problems()) {
            err.println("warning: " + problem);
        }
        err.flush();
    }

    /**
     * rackside's own log goes to $XDG_STATE_HOME/rackside/rackside.log, never to the terminal: fabric8 logs
     * every refused watch at ERROR, which would bury the one line a command prints.
     */
    static void routeLoggingToFile(Environment env) {
        Path dir = env.stateHome().resolve("rackside");
        try {
            dev.rackside.services.audit.PrivateFiles.ensure(dir.resolve("rackside.log"));
            System.setProperty("org.slf4j.simpleLogger.logFile", dir.resolve("rackside.log").toString());
            System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        } catch (IOException | SecurityException e) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "off");
        }
    }
}
