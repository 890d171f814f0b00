package dev.rackside.bench;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import dev.rackside.services.kube.KubeRackReaders;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.racks.RackRegistry;
import dev.rackside.services.kube.ConvoxObjects;
import dev.rackside.services.kube.ConvoxObjects.PodState;
import dev.rackside.services.testing.MockApi;
import dev.rackside.themes.ColourDepth;
import dev.rackside.views.console.Console;
import dev.rackside.views.console.TerminalOutput;
import dev.rackside.views.keys.Actions;
import dev.rackside.views.keys.Keymap;
import dev.rackside.views.style.Palette;
import dev.rackside.views.style.ThemeLoader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Console benchmark on a real pty (it re-runs itself inside tmux at 120x40): bytes written by an idle
 * screen, bytes and key-to-flush time of filter keystrokes over a 10,000-row table, and the first full
 * frame. Output goes through the same 64 KB {@link TerminalOutput} the launcher uses, which counts bytes.
 */
public final class ConsoleBenchmark {
    private ConsoleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchInTmux.main(args, ConsoleBenchmark.class, "-Xmx2g", 10, ConsoleBenchmark::inside);
    }

    private static void inside(Path result) throws Exception {
        int pods = Integer.getInteger("bench.pods", 10_000);
        MockApi api = new MockApi();
        ConvoxObjects f = new ConvoxObjects(api.client());
        f.rack("bench", "3.24.8", "us-gov-west-1", "bench.example.org");
        String ns = f.app("bench", "big", "Running", "RBIGAAAAAAA", false, null);
        ExecutorService seeders = Executors.newFixedThreadPool(8);
        for (int i = 0; i < pods; i++) {
            final int n = i;
            seeders.execute(() -> f.pod(ns, "bench", "big", n % 3 == 0 ? "worker" : "web", "service",
                    String.format("big-%05d", n), n % 50 == 0 ? PodState.CRASHED : PodState.RUNNING, "RBIGAAAAAAA",
                    Instant.now(), List.of("bin/web", "--port", "3000")));
        }
        seeders.shutdown();
        seeders.awaitTermination(20, TimeUnit.MINUTES);

        Path home = Files.createTempDirectory("rackside-bench-home");
        Path kubeconfig = api.writeKubeconfig(home, "bench");
        Environment env = new Environment(Map.of("KUBECONFIG", kubeconfig.toString()), home);
        ExecutorService io = Executors.newFixedThreadPool(4);
        TerminalOutput out = new TerminalOutput(new FileOutputStream(FileDescriptor.out));
        DefaultTerminalFactory factory = new DefaultTerminalFactory(out, System.in, StandardCharsets.UTF_8)
                .setForceTextTerminal(true);
        TerminalScreen screen = new TerminalScreen(factory.createTerminal());
        screen.startScreen();
        BlockingQueue<KeyStroke> keys = new LinkedBlockingQueue<>();
        Palette palette = new Palette(new ThemeLoader(home).load("dark").theme(), ColourDepth.INDEXED_256);
        var services = dev.rackside.services.session.SessionBuilder.of(env).io(io).version("rackside bench")
                .aws(new dev.rackside.services.aws.AwsClients(Map.of())).build();
        var settings = new dev.rackside.views.console.ConsoleSettings(Keymap.defaults(Actions.ALL, false), palette,
                Optional.of("bench"), Optional.empty(), dev.rackside.services.api.LogLimits.DEFAULT);
        long start = System.nanoTime();
        long startBytes = out.bytesWritten();
        Console console = new Console(screen, services, settings, () -> {
            try {
                return keys.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new KeyStroke(KeyType.EOF);
            }
        });
        console.start();
        waitForFrames(console, 1);
        long firstFrameBytes = out.bytesWritten() - startBytes;
        long firstFrameMs = (out.lastFlushNanos() - start) / 1_000_000;

        keys.add(new KeyStroke(KeyType.Enter)); // apps -> big's processes
        BenchInTmux.waitUntilQuiet(out, 3000);
        long beforeIdle = out.bytesWritten();
        Thread.sleep(10_000);
        long idleBytes = out.bytesWritten() - beforeIdle;

        keys.add(new KeyStroke('/', false, false));
        BenchInTmux.waitUntilQuiet(out, 500);
        List<Long> latencies = new ArrayList<>();
        List<Long> bytes = new ArrayList<>();
        String typed = "big-0";
        for (int round = 0; round < 20; round++) {
            for (char c : typed.toCharArray()) {
                measure(out, keys, new KeyStroke(c, false, false), latencies, bytes);
            }
            for (int i = 0; i < typed.length(); i++) {
                measure(out, keys, new KeyStroke(KeyType.Backspace), latencies, bytes);
            }
        }
        keys.add(new KeyStroke(KeyType.Escape));
        keys.add(new KeyStroke(':', false, false));
        keys.add(new KeyStroke('q', false, false));
        keys.add(new KeyStroke(KeyType.Enter));
        console.awaitQuit(java.time.Duration.ofSeconds(10));
        screen.stopScreen();

        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(result))) {
            w.printf("console at 120x40, 256 colours, %d-row process table%n", pods);
            w.printf("first full frame: %d bytes, %d ms after the console started%n", firstFrameBytes, firstFrameMs);
            w.printf("idle screen: %d bytes in 10 s%n", idleBytes);
            w.printf("filter keystroke (%d): bytes mean %.0f, max %d; key to flush p50 %.1f ms, p99 %.1f ms%n",
                    latencies.size(), mean(bytes), Collections.max(bytes), pct(latencies, 50), pct(latencies, 99));
        }
        Files.createFile(Path.of(result + ".done"));
        System.exit(0);
    }

    private static void measure(TerminalOutput out, BlockingQueue<KeyStroke> keys, KeyStroke key, List<Long> latencies,
            List<Long> bytes) throws InterruptedException {
        long flushes = out.flushes();
        long before = out.bytesWritten();
        long at = System.nanoTime();
        keys.add(key);
        long until = at + TimeUnit.SECONDS.toNanos(5);
        while (out.flushes() == flushes && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        latencies.add(out.lastFlushNanos() - at);
        BenchInTmux.waitUntilQuiet(out, 60);
        bytes.add(out.bytesWritten() - before);
    }

    private static void waitForFrames(Console console, long n) throws InterruptedException {
        while (console.framesDrawn() < n) {
            Thread.sleep(1);
        }
    }

    private static double mean(List<Long> xs) {
        return xs.stream().mapToLong(Long::longValue).average().orElse(0);
    }

    private static double pct(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int i = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, i)) / 1e6;
    }
}
