package dev.rackside.bench;

import dev.rackside.views.console.TerminalOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What the console benchmarks share: re-running the benchmark inside a tmux session at 120x40, so it draws
 * on a real pty, and waiting for the screen to go quiet.
 */
final class BenchInTmux {
    private BenchInTmux() {
    }

    /** The part of a benchmark that runs on the pty and writes its report to {@code result}. */
    @FunctionalInterface
    interface Inside {
        void run(Path result) throws Exception;
    }

    /** A benchmark's main: the inside part when called from the tmux session, else {@link #run}. */
    static void main(String[] args, Class<?> bench, String heap, int minutes, Inside inside) throws Exception {
        if (args.length == 2 && args[0].equals("--inside")) {
            inside.run(Path.of(args[1]));
            return;
        }
        run(bench, heap, minutes);
    }

    /**
     * Starts {@code main} of {@code bench} with {@code --inside RESULT} in a detached tmux session, waits for
     * RESULT.done (at most {@code minutes}), prints RESULT and exits.
     */
    static void run(Class<?> bench, String heap, int minutes) throws Exception {
        Path result = Files.createTempFile("rackside-bench", ".txt");
        Files.delete(result);
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        StringBuilder props = new StringBuilder();
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("bench.")) {
                props.append(" -D").append(k).append('=').append(v);
            }
        });
        String session = "rackside-bench-" + ProcessHandle.current().pid();
        new ProcessBuilder("tmux", "-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "120", "-y", "40",
                java + " " + heap + props + " -cp " + cp + " " + bench.getName() + " --inside " + result + " 2>"
                        + result + ".err").inheritIO().start().waitFor();
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        Path done = Path.of(result + ".done");
        while (!Files.exists(done) && System.nanoTime() < until) {
            Thread.sleep(500);
        }
        new ProcessBuilder("tmux", "kill-session", "-t", session).start().waitFor();
        System.out.print(Files.exists(result) ? Files.readString(result) : "no result; stderr:\n"
                + Files.readString(Path.of(result + ".err")));
        System.exit(0);
    }

    /** Waits until nothing was written for {@code quietMs}. */
    static void waitUntilQuiet(TerminalOutput out, long quietMs) throws InterruptedException {
        long last = out.bytesWritten();
        long since = System.nanoTime();
        while (System.nanoTime() - since < TimeUnit.MILLISECONDS.toNanos(quietMs)) {
            Thread.sleep(10);
            if (out.bytesWritten() != last) {
                last = out.bytesWritten();
                since = System.nanoTime();
            }
        }
    }
}
