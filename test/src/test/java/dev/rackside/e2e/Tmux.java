package dev.rackside.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A tmux session as a real pty: send keys, read the screen, resize (platform-notes F). */
final class Tmux implements AutoCloseable {
    final String session;

    Tmux(String session, int columns, int rows, String command) throws Exception {
        this.session = session;
        run("tmux", "-f", "/dev/null", "new-session", "-d", "-s", session, "-x", String.valueOf(columns), "-y",
                String.valueOf(rows), command);
        run("tmux", "set-option", "-t", session, "-s", "escape-time", "0");
    }

    static boolean available() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    String screen() throws Exception {
        return run("tmux", "capture-pane", "-t", session, "-p");
    }

    void keys(String... keys) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "send-keys", "-t", session));
        cmd.addAll(List.of(keys));
        run(cmd.toArray(String[]::new));
    }

    void literal(String text) throws Exception {
        run("tmux", "send-keys", "-t", session, "-l", text);
    }

    void resize(int columns, int rows) throws Exception {
        run("tmux", "resize-window", "-t", session, "-x", String.valueOf(columns), "-y", String.valueOf(rows));
    }

    String await(Predicate<String> expected, String what) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < until) {
            last = screen();
            if (expected.test(last)) {
                Thread.sleep(100);
                String again = screen();
                if (again.equals(last)) {
                    return again;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("tmux never showed " + what + ":\n" + last);
    }

    String awaitText(String fragment) throws Exception {
        return await(s -> s.contains(fragment), "'" + fragment + "'");
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        new ProcessBuilder("tmux", "kill-session", "-t", session).start().waitFor();
    }
}
