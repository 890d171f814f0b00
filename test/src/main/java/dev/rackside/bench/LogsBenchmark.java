package dev.rackside.bench;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import dev.rackside.services.api.LogSession;
import dev.rackside.services.api.LogSink;
import dev.rackside.services.api.Logs;
import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.kube.KubeRackReaders;
import dev.rackside.services.api.LogBuffer;
import dev.rackside.services.api.LogLimits;
import dev.rackside.services.logs.RackLogs;
import dev.rackside.services.model.LogLine;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.racks.RackRegistry;
import dev.rackside.services.kube.ConvoxObjects;
import dev.rackside.sandbox.SandboxServer;
import dev.rackside.themes.ColourDepth;
import dev.rackside.views.console.Console;
import dev.rackside.views.console.TerminalOutput;
import dev.rackside.views.keys.Actions;
import dev.rackside.views.keys.Keymap;
import dev.rackside.views.logs.LogViewState;
import dev.rackside.views.style.Palette;
import dev.rackside.views.style.ThemeLoader;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Log pane benchmark on a real pty (it re-runs itself inside tmux at 120x40, output through the counting
 * 64 KB {@link TerminalOutput} the launcher uses):
 * <ol>
 * <li>flood: 50 pods whose logs hold as many lines as the mock API can send, read by the Logs pane while it
 * follows; sustained lines per second, lines that reached the buffer, skipped on screen and evicted
 * (nothing may be lost without being counted), and the heap the full buffer takes;</li>
 * <li>trickle: 20 lines a second into a following pane; bytes written to the terminal per new line;</li>
 * <li>the flood again through {@code kubectl logs -f -l ... --prefix --max-log-requests 50}, when kubectl is
 * on the PATH, against the same server.</li>
 * </ol>
 */
public final class LogsBenchmark {
    private static final String RACK = "bench";
    private static final String APP = "flood";
    private static final String NS = RACK + "-" + APP;

    private LogsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchInTmux.main(args, LogsBenchmark.class, "-Xmx3g", 15, LogsBenchmark::inside);
    }

    private static void inside(Path result) throws Exception {
        int pods = Integer.getInteger("bench.logPods", 50);
        int lines = Integer.getInteger("bench.logLines", 20_000);
        int bufferMb = Integer.getInteger("bench.logMb", 8);
        Instant t0 = Instant.now().minusSeconds(120);
        FloodLogs flood = new FloodLogs(pods, lines, t0);
        KubernetesMockServer server = SandboxServer.crudServerWithLogs(flood, true);
        StringBuilder report = new StringBuilder();
        Path home = Files.createTempDirectory("rackside-logs-bench");
        try (var client = server.createClient()) {
            ConvoxObjects f = new ConvoxObjects(client);
            f.rack(RACK, "3.24.8", "us-east-1", "bench.example.org");
            String ns = f.app(RACK, APP, "Running", "RFLOODAAAAA", false, null);
            for (int p = 0; p < pods; p++) {
                f.pod(ns, RACK, APP, "web", "service", FloodLogs.pod(p), ConvoxObjects.PodState.RUNNING, "RFLOODAAAAA",
                        Instant.now(), List.of("bin/web"));
            }
            Path kubeconfig = home.resolve("kubeconfig");
            Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\ncurrent-context: bench\n"
                    + dev.rackside.services.testing.MockApi.kubeconfigEntry("bench", "https://127.0.0.1:"
                            + server.getPort()));
            Environment env = new Environment(Map.of("KUBECONFIG", kubeconfig.toString()), home);
            ExecutorService io = Executors.newFixedThreadPool(4);
            TerminalOutput out = new TerminalOutput(new FileOutputStream(FileDescriptor.out));
            TerminalScreen screen = new TerminalScreen(new DefaultTerminalFactory(out, System.in,
                    StandardCharsets.UTF_8).setForceTextTerminal(true).createTerminal());
            screen.startScreen();
            BlockingQueue<KeyStroke> keys = new LinkedBlockingQueue<>();
            Palette palette = new Palette(new ThemeLoader(home).load("dark").theme(), ColourDepth.INDEXED_256);
            Trickle trickle = new Trickle();
            var services = dev.rackside.services.session.SessionBuilder.of(env).io(io).version("rackside bench")
                    .aws(new AwsClients(Map.of())).logs(rackLogs -> (rack, query, sink) -> query.app().equals("trickle")
                            ? trickle.open(sink) : rackLogs.open(rack, query, sink)).build();
            var settings = new dev.rackside.views.console.ConsoleSettings(Keymap.defaults(Actions.ALL, false), palette,
                    Optional.of(RACK), Optional.empty(), new LogLimits(LogBuffer.DEFAULT_LINES, (long) bufferMb << 20));
            Console console = new Console(screen, services, settings, () -> {
                try {
                    return keys.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new KeyStroke(KeyType.EOF);
                }
            });
            console.start();
            BenchInTmux.waitUntilQuiet(out, 2000);

            // 2. trickle first, on a quiet screen: bytes per new line while following.
            type(keys, ":app trickle\n");
            BenchInTmux.waitUntilQuiet(out, 1000);
            type(keys, ":logs\n");
            BenchInTmux.waitUntilQuiet(out, 1000);
            long before = out.bytesWritten();
            int trickled = trickle.run(20, 10);
            Thread.sleep(500);
            long perLine = (out.bytesWritten() - before) / Math.max(1, trickled);
            report.append(String.format(Locale.ROOT, "trickle: %d lines at 20/s into a following 120x40 pane: "
                    + "%d bytes to the terminal per new line%n", trickled, perLine));
            keys.add(new KeyStroke(KeyType.Escape));
            keys.add(new KeyStroke(KeyType.Escape));
            BenchInTmux.waitUntilQuiet(out, 1000);

            // 1. flood.
            long total = (long) pods * lines;
            System.gc();
            long heapBefore = usedHeap();
            type(keys, ":app " + APP + "\n");
            BenchInTmux.waitUntilQuiet(out, 1000);
            long bytesBefore = out.bytesWritten();
            type(keys, ":logs\n");
            Optional<LogViewState> view = Optional.empty();
            long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (view.isEmpty() && System.nanoTime() < until) {
                view = console.shownLog();
                Thread.sleep(5);
            }
            LogBuffer buffer = view.orElseThrow().buffer();
            while (buffer.end() == 0 && System.nanoTime() < until) {
                Thread.sleep(1);
            }
            long start = System.nanoTime();
            long last = -1;
            long lastChange = System.nanoTime();
            while (buffer.end() < total && System.nanoTime() < until && System.nanoTime() - lastChange < 10e9) {
                Thread.sleep(2);
                if (buffer.end() != last) {
                    last = buffer.end();
                    lastChange = System.nanoTime();
                }
            }
            long took = System.nanoTime() - start;
            Thread.sleep(300);
            long received = buffer.end();
            double perSecond = received / (took / 1e9);
            long estimate = buffer.bytes();
            long heapFull = usedHeap();
            report.append(String.format(Locale.ROOT, "flood: %d pods x %d lines = %,d lines; %,d reached the pane's "
                    + "buffer in %.2f s = %,.0f lines/s sustained (following)%n", pods, lines, total, received,
                    took / 1e9, perSecond));
            report.append(String.format(Locale.ROOT, "  lost without a count: %,d; held %,d, evicted %,d (counted on "
                    + "screen), skipped on screen %,d (counted, in the buffer)%n", total - received,
                    buffer.end() - buffer.first(), buffer.evicted(), view.get().skipped()));
            report.append(String.format(Locale.ROOT, "  terminal bytes during the flood: %,d%n",
                    out.bytesWritten() - bytesBefore));
            keys.add(new KeyStroke(KeyType.Escape));
            BenchInTmux.waitUntilQuiet(out, 1000);
            buffer = null;
            view = Optional.empty();
            System.gc();
            long heapClosed = usedHeap();
            report.append("  LogLine objects alive after the pane closed: " + liveLogLines() + "\n");
            report.append(String.format(Locale.ROOT, "  heap of the full buffer (pane open minus pane closed, after "
                    + "GC): %.1f MB for a %d MB bound (%.0f%% of it; the buffer's own estimate %.1f MB); heap before "
                    + "opening %.1f MB, open %.1f MB, closed %.1f MB%n",
                    (heapFull - heapClosed) / 1048576.0, bufferMb, 100.0 * (heapFull - heapClosed) / ((long) bufferMb << 20),
                    estimate / 1048576.0, heapBefore / 1048576.0, heapFull / 1048576.0, heapClosed / 1048576.0));
            keys.add(new KeyStroke(KeyType.EOF));
            console.awaitQuit(java.time.Duration.ofSeconds(5));
            screen.stopScreen();

            // 3. kubectl, same server, same workload.
            report.append(kubectl(kubeconfig, total));
            io.shutdownNow();
        } finally {
            Files.writeString(result, report.toString());
            Files.writeString(Path.of(result + ".done"), "");
            System.exit(0);
        }
    }

    private static String kubectl(Path kubeconfig, long total) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(), "logs", "-f", "-n", NS,
                    "-l", "service=web", "--prefix", "--max-log-requests", "50", "--timestamps")
                    .redirectError(ProcessBuilder.Redirect.to(kubeconfig.resolveSibling("kubectl.err").toFile())).start();
        } catch (java.io.IOException e) {
            return "kubectl: not on the PATH; comparison skipped\n";
        }
        long start = System.nanoTime();
        long first = 0;
        long n = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8),
                1 << 16)) {
            while (r.readLine() != null) {
                if (n++ == 0) {
                    first = System.nanoTime();
                }
            }
        }
        p.waitFor(1, TimeUnit.MINUTES);
        long end = System.nanoTime();
        if (n == 0) {
            return "kubectl: no lines; it said: " + Files.readString(kubeconfig.resolveSibling("kubectl.err")).strip()
                    + "\n";
        }
        return String.format(Locale.ROOT, "kubectl logs -f -l service=web --prefix --max-log-requests 50: %,d of %,d "
                + "lines in %.2f s from its first line (%.2f s with start-up) = %,.0f lines/s, to a pipe%n", n, total,
                (end - first) / 1e9, (end - start) / 1e9, n / ((end - first) / 1e9));
    }

    private static void type(BlockingQueue<KeyStroke> keys, String text) {
        for (char c : text.toCharArray()) {
            keys.add(c == '\n' ? new KeyStroke(KeyType.Enter) : new KeyStroke(c, false, false));
        }
    }

    /** How many LogLine objects the heap holds, from the JVM's own class histogram. */
    private static String liveLogLines() {
        try {
            Process p = new ProcessBuilder("jcmd", String.valueOf(ProcessHandle.current().pid()), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return out.lines().filter(l -> l.endsWith("dev.rackside.services.model.LogLine")).findFirst()
                    .map(String::strip).orElse("0");
        } catch (java.io.IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static long usedHeap() {
        var mem = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return mem.getHeapMemoryUsage().getUsed();
    }

    /** A source for the bytes-per-line phase: lines at a fixed rate straight into the pane's sink. */
    static final class Trickle {
        private volatile LogSink sink;

        LogSession open(LogSink s) {
            sink = s;
            return new LogSession() {
                @Override
                public Status status() {
                    return new Status(1, 0, List.of(), false, 0);
                }

                @Override
                public void close() {
                    sink = null;
                }
            };
        }

        int run(int perSecond, int seconds) throws InterruptedException {
            int n = 0;
            long every = 1000 / perSecond;
            for (int i = 0; i < perSecond * seconds; i++) {
                LogSink s = sink;
                if (s != null) {
                    s.accept(List.of(new LogLine(Instant.now(), "service/web/web-7d9c-x2xq", "INFO GET /products/"
                            + i + " 200 " + (i % 90) + "ms request_id=" + Long.toHexString(i * 7919L), LogLine.Origin.POD)));
                    n++;
                }
                Thread.sleep(every);
            }
            return n;
        }
    }
}
