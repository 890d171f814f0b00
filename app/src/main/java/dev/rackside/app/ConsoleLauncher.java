package dev.rackside.app;

import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.MouseCaptureMode;
import com.googlecode.lanterna.terminal.Terminal;
import dev.rackside.services.racks.Environment;
import dev.rackside.themes.BundledThemes;
import dev.rackside.themes.ColourDepth;
import dev.rackside.views.console.Console;
import dev.rackside.views.console.ConsoleSettings;
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
import java.util.Optional;
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
        dev.rackside.services.api.LogLimits logLimits;
        try {
            logLimits = dev.rackside.services.api.LogLimits.from(env);
        } catch (IllegalArgumentException e) {
            err.println("rackside: " + e.getMessage());
            err.flush();
            return 1;
        }
        ThemeLoader.Loaded theme = new ThemeLoader(config.resolve("themes"))
                .load(themeName.orElse(env.get("RACKSIDE_THEME").orElse(BundledThemes.DEFAULT)));
        theme.problems().forEach(p -> LoggerFactory.getLogger(ConsoleLauncher.class).warn("theme: {}", p));
        Palette palette = new Palette(theme.theme(), ColourDepth.detect(env.variables()));
        Terminal terminal = null;
        TerminalScreen screen = null;
        Console console = null;
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
            ConsoleSettings settings = new ConsoleSettings(keys.keymap(), palette, rack,
                    theme.problems().isEmpty() ? Optional.empty() : Optional.of(String.join("; ", theme.problems())),
                    logLimits);
            console = new Console(screen, wiring.services(), settings);
            console.start();
            console.awaitQuit();
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
        }
        // Said after the screen is restored, so the operator can read it; the stack is in rackside.log.
        if (console != null && console.failure().isPresent()) {
            Throwable t = console.failure().get();
            err.println("rackside: the console stopped on an internal error (" + dev.rackside.services.text.Visible.of(
                    t.getClass().getSimpleName() + ": " + String.valueOf(t.getMessage())) + "); details in "
                    + env.stateHome().resolve("rackside").resolve("rackside.log"));
            err.flush();
            return 70;
        }
        return 0;
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
