package dev.rackside.app;

import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.MouseCaptureMode;
import com.googlecode.lanterna.terminal.Terminal;
import dev.rackside.services.kube.KubeRackReaders;
import dev.rackside.services.racks.Environment;
import dev.rackside.themes.BundledThemes;
import dev.rackside.themes.ColourDepth;
import dev.rackside.views.console.Console;
import dev.rackside.views.console.ConsoleContext;
import dev.rackside.views.console.TerminalOutput;
import dev.rackside.views.keys.Actions;
import dev.rackside.views.keys.KeymapLoader;
import dev.rackside.views.style.Palette;
import dev.rackside.views.style.ThemeLoader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.LoggerFactory;

/** Puts the console on the real terminal: configuration first (errors before the screen opens), then Lanterna. */
final class ConsoleLauncher {
    private ConsoleLauncher() {
    }

    static int run(Wiring wiring, Optional<String> rack, Optional<String> themeName, boolean readOnly, boolean mouse,
            PrintWriter err) {
        Environment env = wiring.env();
        Path config = env.configHome().resolve("rackside");
        KeymapLoader.Result keys = KeymapLoader.load(config.resolve("keymap.yaml"), Actions.ALL, readOnly);
        if (keys.keymap() == null) {
            keys.errors().forEach(e -> err.println("rackside: " + e));
            err.flush();
            return 1;
        }
        dev.rackside.services.logs.LogLimits logLimits;
        try {
            logLimits = dev.rackside.services.logs.LogLimits.from(env);
        } catch (IllegalArgumentException e) {
            err.println("rackside: " + e.getMessage());
            err.flush();
            return 1;
        }
        ThemeLoader.Loaded theme = new ThemeLoader(config.resolve("themes"))
                .load(themeName.orElse(env.get("RACKSIDE_THEME").orElse(BundledThemes.DEFAULT)));
        theme.problems().forEach(p -> LoggerFactory.getLogger(ConsoleLauncher.class).warn("theme: {}", p));
        Palette palette = new Palette(theme.theme(), ColourDepth.detect(env.variables()));
        ExecutorService io = Executors.newFixedThreadPool(4, Wiring.daemonThreads("rackside-console"));
        Terminal terminal = null;
        TerminalScreen screen = null;
        try {
            DefaultTerminalFactory factory = new DefaultTerminalFactory(
                    new TerminalOutput(new FileOutputStream(FileDescriptor.out)), System.in, StandardCharsets.UTF_8)
                    .setForceTextTerminal(true);
            factory.setMouseCaptureMode(mouse ? MouseCaptureMode.CLICK_RELEASE : null);
            terminal = factory.createTerminal();
            screen = new TerminalScreen(terminal);
            screen.startScreen();
            screen.setCursorPosition(null);
            freeFlowControlKeys();
            var journal = new dev.rackside.services.audit.Journal(env.stateHome().resolve("rackside")
                    .resolve("journal.jsonl"));
            ConsoleContext ctx = new ConsoleContext(wiring.racks(), new KubeRackReaders(env, io), io,
                    keys.keymap(), palette, readOnly, rack, "rackside " + Version.current(), Clock.systemUTC(),
                    theme.problems().isEmpty() ? Optional.empty() : Optional.of(String.join("; ", theme.problems())),
                    journal, new dev.rackside.services.deploy.KubeOperations(env, journal, readOnly), wiring.logs(),
                    logLimits, wiring.compliance());
            Console console = new Console(screen, ctx);
            console.start();
            console.awaitQuit();
            return 0;
        } catch (IOException e) {
            err.println("rackside: cannot open the terminal: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            if (screen != null) {
                try {
                    screen.stopScreen();
                } catch (IOException ignored) {
                    // the terminal is going away; nothing left to restore it with
                }
            }
            io.shutdownNow();
        }
    }

    /**
     * Ctrl-S (export in the Logs pane) is XOFF to a terminal with flow control on: it would freeze the
     * screen instead of reaching rackside. Turn IXON off; Lanterna restores the settings it saved at start
     * when the console ends.
     */
    private static void freeFlowControlKeys() {
        java.io.File tty = new java.io.File("/dev/tty");
        if (!tty.canRead()) {
            return;
        }
        try {
            Process p = new ProcessBuilder("/bin/stty", "-ixon").redirectInput(tty)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException e) {
            LoggerFactory.getLogger(ConsoleLauncher.class).warn("stty -ixon: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
