package dev.rackside.bench;

import dev.rackside.services.testing.MockApi;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The console on the big mock rack (1,000 apps of 10 pods and one app of 2,000), whole process as an operator starts
 * it: {@code ./rackside --rack bench} in a tmux session at 120x40, read by polling {@code tmux capture-pane} every
 * 20 ms. Per run: the Apps pane's 1,001 rows on screen, their HEALTH filled, the 2,000-process pane filled after
 * Enter, filter keystrokes from {@code send-keys} to the screen changing, and the JVM's RSS (peak and after a
 * settle). The launcher's class-data archive is trained first. The CRUD mock stalls for ~30 s after a client with
 * open watches leaves, so runs are 35 s apart.
 */
public final class ConsoleRackBenchmark {
    private static final String SESSION = "rackside-console-bench";

    private ConsoleRackBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int apps = Integer.getInteger("bench.apps", 1000);
        int runs = Math.max(1, Integer.getInteger("bench.runs", 3));
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        Path home = Files.createTempDirectory("rackside-console-bench");
        try (MockApi big = new MockApi()) {
            CliBenchmark.seedBig(big, apps, 10, 2000);
            Path kubeconfig = big.writeKubeconfig(Files.createDirectories(home.resolve("big")), "bench");
            List<String> jdks = new ArrayList<>(List.of(""));
            String jdk17 = System.getProperty("bench.jdk17", "");
            if (!jdk17.isBlank()) {
                jdks.add(jdk17);
            }
            StringBuilder table = new StringBuilder("| Figure | rackside (median of " + runs + ") | runs | target | JDK"
                    + " | machine | date |\n|---|---|---|---|---|---|---|\n");
            for (String java : jdks) {
                Map<String, String> env = CliBenchmark.env(home, java);
                env.put("KUBECONFIG", kubeconfig.toString());
                CliBenchmark.train(repo, env, kubeconfig, home);
                Thread.sleep(35_000);
                List<Run> results = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    results.add(run(repo, env, apps + 1));
                    System.out.println("run " + (i + 1) + ": " + results.get(results.size() - 1));
                    Thread.sleep(35_000);
                }
                String jdk = java.isBlank() ? "launcher's (25 when present), archive" : "17, archive";
                String tail = " | " + jdk + " | " + CliBenchmark.machine() + " | " + LocalDate.now() + " |\n";
                row(table, "Apps (" + (apps + 1) + ") on screen after launch", results, r -> r.appsMs, "ms", "", tail);
                row(table, "Apps: HEALTH filled after launch", results, r -> r.healthMs, "ms", "≤ 1,500 ms", tail);
                row(table, "Processes (2000) filled after Enter", results, r -> r.processesMs, "ms", "≤ 500 ms", tail);
                row(table, "filter keystroke, send-keys to screen, p50", results, r -> r.keyP50, "ms", "", tail);
                row(table, "filter keystroke, send-keys to screen, p99", results, r -> r.keyP99, "ms", "≤ 30 ms", tail);
                row(table, "RSS with the Processes pane open, 10 s later", results, r -> r.rssMb, "MiB", "≤ 250 MiB",
                        tail);
                row(table, "peak RSS", results, r -> r.peakMb, "MiB", "", tail);
            }
            System.out.println();
            System.out.print(table);
        }
    }

    /** What one launch measured. */
    record Run(double appsMs, double healthMs, double processesMs, double keyP50, double keyP99, double rssMb,
            double peakMb) {
    }

    private static Run run(Path repo, Map<String, String> env, int apps) throws Exception {
        StringBuilder exports = new StringBuilder();
        for (String k : List.of("HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "KUBECONFIG",
                "RACKSIDE_JAVA")) {
            if (env.containsKey(k)) {
                exports.append(k).append("='").append(env.get(k)).append("' ");
            }
        }
        tmux("kill-session", "-t", SESSION);
        long start = System.nanoTime();
        tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", "cd '" + repo + "' && exec env " + exports
                + "./rackside --rack bench");
        long pid = Long.parseLong(tmux("display", "-p", "-t", SESSION, "#{pane_pid}").strip());
        double appsMs = waitFor(start, s -> s.contains("Apps (" + apps + ")"));
        double healthMs = waitFor(start, s -> s.lines().anyMatch(l -> l.contains("app0000") && l.contains(" ok ")));
        for (String k : List.of("/", "b", "i", "g")) {
            tmux("send-keys", "-t", SESSION, "-l", k);
        }
        tmux("send-keys", "-t", SESSION, "Enter");
        waitFor(System.nanoTime(), s -> s.contains("Apps (1/" + apps + ")"));
        long enter = System.nanoTime();
        tmux("send-keys", "-t", SESSION, "Enter");
        double processesMs = waitFor(enter, s -> s.contains("Processes (2000)"));
        // The mock API shares this machine: the 1,000 manifest checks behind the Apps pane (one GET each, a scan
        // of the whole store on this mock) keep both cores busy for a minute. Keystrokes are timed once it is quiet,
        // so what is measured is rackside, not the mock's CPU.
        double mockBusyS = waitUntilMockQuiet();
        List<Double> keys = new ArrayList<>();
        tmux("send-keys", "-t", SESSION, "-l", "/");
        Thread.sleep(300);
        for (int round = 0; round < 4; round++) {
            for (String k : List.of("b", "i", "g", "-", "1")) {
                keys.add(keyToScreen(k, true));
            }
            for (int i = 0; i < 5; i++) {
                keys.add(keyToScreen("BSpace", false));
            }
        }
        Thread.sleep(10_000);
        double rss = status(pid, "VmRSS");
        double peak = status(pid, "VmHWM");
        tmux("send-keys", "-t", SESSION, "Escape");
        tmux("send-keys", "-t", SESSION, "-l", ":q");
        tmux("send-keys", "-t", SESSION, "Enter");
        Thread.sleep(2000);
        tmux("kill-session", "-t", SESSION);
        Collections.sort(keys);
        System.out.printf("  (the mock was busy %.0f s more before the keystrokes)%n", mockBusyS);
        return new Run(appsMs, healthMs, processesMs, pct(keys, 50), pct(keys, 99), rss, peak);
    }

    /** Waits (at most 5 minutes) until this JVM, the mock API, uses under a tenth of a core; the seconds waited. */
    private static double waitUntilMockQuiet() throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        long start = System.nanoTime();
        long until = start + TimeUnit.MINUTES.toNanos(5);
        long cpu = os.getProcessCpuTime();
        while (System.nanoTime() < until) {
            Thread.sleep(2000);
            long now = os.getProcessCpuTime();
            if (now - cpu < 200_000_000L) {
                break;
            }
            cpu = now;
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** From send-keys to the pane's text having changed, in ms. */
    private static double keyToScreen(String key, boolean literal) throws Exception {
        String before = capture();
        long at = System.nanoTime();
        if (literal) {
            tmux("send-keys", "-t", SESSION, "-l", key);
        } else {
            tmux("send-keys", "-t", SESSION, key);
        }
        return waitFor(at, s -> !s.equals(before));
    }

    private static double waitFor(long since, java.util.function.Predicate<String> screen) throws Exception {
        long until = since + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < until) {
            if (screen.test(capture())) {
                return (System.nanoTime() - since) / 1e6;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("not on screen within 120 s:\n" + capture());
    }

    private static String capture() throws Exception {
        return tmux("capture-pane", "-p", "-t", SESSION);
    }

    private static String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-f", "/dev/null"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static double status(long pid, String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static double pct(List<Double> sorted, int p) {
        int i = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, i));
    }

    private static void row(StringBuilder table, String figure, List<Run> runs,
            java.util.function.ToDoubleFunction<Run> value, String unit, String target, String tail) {
        List<Double> xs = new ArrayList<>();
        runs.forEach(r -> xs.add(value.applyAsDouble(r)));
        List<Double> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        StringBuilder each = new StringBuilder();
        xs.forEach(x -> each.append(each.length() == 0 ? "" : " / ").append(String.format("%.0f", x)));
        table.append("| ").append(figure).append(" | ").append(String.format("%.0f %s", sorted.get(sorted.size() / 2),
                unit)).append(" | ").append(each).append(" | ").append(target).append(tail);
    }
}
