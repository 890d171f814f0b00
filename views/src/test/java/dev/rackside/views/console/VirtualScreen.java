package dev.rackside.views.console;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Lanterna's virtual terminal as a test screen: keys in, the cell grid out as lines of text. */
final class VirtualScreen {
    final DefaultVirtualTerminal terminal;
    final TerminalScreen screen;

    VirtualScreen(int columns, int rows) throws IOException {
        terminal = new DefaultVirtualTerminal(new TerminalSize(columns, rows));
        screen = new TerminalScreen(terminal);
        screen.startScreen();
    }

    List<String> lines() {
        TerminalSize size = terminal.getTerminalSize();
        List<String> out = new ArrayList<>();
        for (int y = 0; y < size.getRows(); y++) {
            StringBuilder b = new StringBuilder();
            for (int x = 0; x < size.getColumns(); x++) {
                b.append(terminal.getCharacter(x, y).getCharacterString());
            }
            out.add(b.toString().replaceAll("\\s+$", ""));
        }
        return out;
    }

    String text() {
        return String.join("\n", lines());
    }

    /**
     * Polls the grid until {@code expected} holds on a settled frame (the same text twice, 60 ms apart,
     * so a frame read while the render thread is still writing it does not count).
     */
    String await(Predicate<String> expected, String what) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last = "";
        while (System.nanoTime() < until) {
            last = text();
            if (expected.test(last)) {
                Thread.sleep(60);
                String again = text();
                if (again.equals(last)) {
                    return again;
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("screen never showed " + what + ":\n" + last);
    }

    String awaitText(String fragment) throws InterruptedException {
        return await(s -> s.contains(fragment), "'" + fragment + "'");
    }

    void type(String keys) {
        for (char c : keys.toCharArray()) {
            terminal.addInput(new KeyStroke(c, false, false));
        }
    }

    /** Blocks for the next key without holding the virtual terminal's monitor (its readInput would). */
    KeyStroke nextKey() throws IOException {
        while (true) {
            KeyStroke k = terminal.pollInput();
            if (k != null) {
                return k;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new KeyStroke(KeyType.EOF);
            }
        }
    }

    void press(KeyType type) {
        terminal.addInput(new KeyStroke(type));
    }

    /** The line holding the selection marker. */
    String selectedLine() {
        return lines().stream().filter(l -> l.startsWith("│▶") || l.startsWith("║▶")).findFirst().orElse("");
    }
}
