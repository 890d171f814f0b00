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
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/** Puts the console on the real terminal: configuration first (errors before the screen opens), then Lanterna. */
public final class ConsoleLauncher {
    private ConsoleLauncher() {
    }

    static int run(Wiring wiring, Optional<String> rack, Optional<String> themeName, boolean readOnly, boolean mouse,
            PrintWriter err) {
        Environment env = wiring.env();
        Optional<ConsoleSettings> configured = settings(env, rack, themeName, readOnly, err);
        if (configured.isEmpty()) {
            return 1;
        }
        ConsoleSettings settings = configured.get();
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

    /** The keymap, log bounds and theme from the user's configuration; empty (the errors said) when one is broken. */
    private static Optional<ConsoleSettings> settings(Environment env, Optional<String> rack, Optional<String> themeName,
            boolean readOnly, PrintWriter err) {
        Path config = env.configHome().resolve("rackside");
        KeymapLoader.Result keys = KeymapLoader.load(config.resolve("keymap.yaml"), Actions.ALL, readOnly);
        if (keys.keymap() == null) {
            keys.errors().forEach(e -> err.println("rackside: " + e));
            err.flush();
            return Optional.empty();
        }
        dev.rackside.services.api.LogLimits logLimits;
        try {
            logLimits = dev.rackside.services.api.LogLimits.from(env);
        } catch (IllegalArgumentException e) {
            err.println("rackside: " + e.getMessage());
            err.flush();
            return Optional.empty();
        }
        ThemeLoader.Loaded theme = new ThemeLoader(config.resolve("themes"))
                .load(themeName.orElse(env.get("RACKSIDE_THEME").orElse(BundledThemes.DEFAULT)));
        theme.problems().forEach(p -> LoggerFactory.getLogger(ConsoleLauncher.class).warn("theme: {}", p));
        Palette palette = new Palette(theme.theme(), ColourDepth.detect(env.variables()));
        return Optional.of(new ConsoleSettings(keys.keymap(), palette, rack,
                theme.problems().isEmpty() ? Optional.empty() : Optional.of(String.join("; ", theme.problems())),
                logLimits));
    }

    /**
     * The console on a virtual 120x40 terminal, walked through a rack's panes by a script of keys, for the class-data
     * training run: the console's own classes (the views, Lanterna, the theme's YAML) then come from the archive
     * too, as the CLI's do, instead of ~220 classes loaded and verified from the jars before the first frame.
     */
    public static void rehearse(Wiring wiring, String rack) throws IOException, InterruptedException {
        Optional<ConsoleSettings> settings = settings(wiring.env(), Optional.of(rack), Optional.empty(), true,
                new PrintWriter(java.io.OutputStream.nullOutputStream()));
        if (settings.isEmpty()) {
            return;
        }
        TerminalScreen screen = new TerminalScreen(new com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal(
                new com.googlecode.lanterna.TerminalSize(120, 40)));
        screen.startScreen();
        java.util.concurrent.BlockingQueue<com.googlecode.lanterna.input.KeyStroke> keys =
                new java.util.concurrent.LinkedBlockingQueue<>();
        Console console = new Console(screen, wiring.services(), settings.get(), () -> {
            try {
                return keys.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new com.googlecode.lanterna.input.KeyStroke(com.googlecode.lanterna.input.KeyType.EOF);
            }
        });
        console.start();
        // Apps, an app's Processes, its other tabs, a filter, back up (~ is Escape), then quit, a moment apart for the
        // data to come.
        for (String step : List.of("\n", "2", "1", "3", "4", "5", "/w", "~", "~", "~", ":q\n")) {
            Thread.sleep(400);
            for (char c : step.toCharArray()) {
                keys.add(switch (c) {
                    case '\n' -> new com.googlecode.lanterna.input.KeyStroke(com.googlecode.lanterna.input.KeyType.Enter);
                    case '~' -> new com.googlecode.lanterna.input.KeyStroke(com.googlecode.lanterna.input.KeyType.Escape);
                    default -> new com.googlecode.lanterna.input.KeyStroke(c, false, false);
                });
            }
        }
        console.awaitQuit(java.time.Duration.ofSeconds(10));
        screen.stopScreen();
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
