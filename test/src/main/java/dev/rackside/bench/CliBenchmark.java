package dev.rackside.bench;

import dev.rackside.services.kube.ConvoxObjects;
import dev.rackside.services.kube.ConvoxObjects.PodState;
import dev.rackside.services.testing.MockApi;
import dev.rackside.services.testing.SampleRack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI beside kubectl, whole process, on the same mock API servers: {@code hyperfine} (warm-up 2, at least 10
 * runs) for wall time, {@code /usr/bin/time} for CPU and peak RSS. A small rack (the sample's 5 apps) and a big one
 * (1,000 apps of 10 pods, and one app of 2,000), the way the performance issue states its figures; rackside through
 * its launcher with its class-data archive, trained first; JDK 17 beside it with {@code -Dbench.jdk17=PATH}.
 *
 * <p>kubectl cannot run its discovery against this mock (it serves no /api discovery documents), so its side is
 * {@code kubectl get --raw} of the same LIST: one request and the JSON printed, the floor of what kubectl does.
 * Prints one Markdown table: figure, rackside, kubectl, ratio, target, JDK, machine, date.
 */
public final class CliBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CliBenchmark() {
    }

    record Figure(String name, String rackside, String kubectl, String target, String kubeconfig) {
    }

    public static void main(String[] args) throws Exception {
        int apps = Integer.getInteger("bench.apps", 1000);
        int podsPerApp = Integer.getInteger("bench.podsPerApp", 10);
        int bigPods = Integer.getInteger("bench.bigPods", 2000);
        int runs = Math.max(10, Integer.getInteger("bench.runs", 10));
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        Path home = Files.createTempDirectory("rackside-cli-bench");
        try (MockApi small = new MockApi(); MockApi big = new MockApi()) {
            SampleRack.seedTwoRacks(new ConvoxObjects(small.client()));
            seedBig(big, apps, podsPerApp, bigPods);
            Path smallKc = small.writeKubeconfig(Files.createDirectories(home.resolve("small")), "ops");
            Path bigKc = big.writeKubeconfig(Files.createDirectories(home.resolve("big")), "bench");
            if (Boolean.getBoolean("bench.hold")) {
                // For profiling by hand: the two racks stay up until this process is stopped.
                System.out.println("small rack (prod, staging): KUBECONFIG=" + smallKc);
                System.out.println("big rack (bench): KUBECONFIG=" + bigKc);
                Thread.currentThread().join();
            }
            String nsApps = "'/api/v1/namespaces?labelSelector=system%3Dconvox%2Ctype%3Dapp'";
            List<Figure> figures = List.of(
                    new Figure("--help", "./rackside --help", "kubectl version --client", "≤ 0.20 s", smallKc.toString()),
                    new Figure("apps -o json, 5-app rack", "./rackside apps -o json --rack prod",
                            "kubectl get --raw " + nsApps, "≤ 0.60 s", smallKc.toString()),
                    new Figure("ps of one app, 5-app rack", "./rackside ps -a api --rack prod",
                            "kubectl get --raw /api/v1/namespaces/prod-api/pods", "≤ 0.60 s", smallKc.toString()),
                    new Figure("racks", "./rackside racks", "kubectl get --raw " + nsApps.replace("type%3Dapp",
                            "type%3Drack"), "≤ 0.60 s", smallKc.toString()),
                    new Figure("apps, " + (apps + 1) + " apps / " + (apps * podsPerApp + bigPods) + " pods",
                            "./rackside apps --rack bench", "kubectl get --raw " + nsApps, "≤ 1.5× kubectl",
                            bigKc.toString()),
                    new Figure("ps of the " + bigPods + "-pod app", "./rackside ps -a big --rack bench",
                            "kubectl get --raw /api/v1/namespaces/bench-big/pods", "≤ 1.5× kubectl",
                            bigKc.toString()));
            List<String> jdks = new ArrayList<>(List.of(""));
            String jdk17 = System.getProperty("bench.jdk17", "");
            if (!jdk17.isBlank()) {
                jdks.add(jdk17);
            }
            String machine = machine();
            StringBuilder table = new StringBuilder("| Figure | rackside | kubectl | ratio | rackside CPU, peak RSS | "
                    + "kubectl CPU, peak RSS | target | JDK | machine | date |\n|---|---|---|---|---|---|---|---|---|---|\n");
            for (String java : jdks) {
                Map<String, String> env = env(home, java);
                String jdk = java.isBlank() ? "launcher's (25 when present), archive" : "17 (" + java + "), archive";
                train(repo, env, smallKc, home);
                for (Figure f : figures) {
                    Map<String, String> e = new java.util.HashMap<>(env);
                    e.put("KUBECONFIG", f.kubeconfig());
                    double[] medians = hyperfine(repo, e, runs, f.rackside(), f.kubectl(), home);
                    String rsCost = cost(repo, e, f.rackside());
                    String kcCost = cost(repo, e, f.kubectl());
                    table.append("| ").append(f.name()).append(" | ").append(String.format("%.2f s", medians[0]))
                            .append(" | ").append(String.format("%.2f s", medians[1])).append(" | ")
                            .append(String.format("%.1f×", medians[0] / medians[1])).append(" | ").append(rsCost)
                            .append(" | ").append(kcCost).append(" | ").append(f.target()).append(" | ").append(jdk)
                            .append(" | ").append(machine).append(" | ").append(LocalDate.now()).append(" |\n");
                    System.out.println("done: " + f.name() + " (" + jdk + ")");
                }
            }
            System.out.println();
            System.out.print(table);
        }
    }

    static void seedBig(MockApi api, int apps, int podsPerApp, int bigPods) throws InterruptedException {
        ConvoxObjects f = new ConvoxObjects(api.client());
        f.rack("bench", "3.24.8", "us-gov-west-1", "bench.example.org");
        ExecutorService seeders = Executors.newFixedThreadPool(8);
        long start = System.nanoTime();
        for (int a = 0; a < apps; a++) {
            final int app = a;
            seeders.execute(() -> {
                String name = String.format("app%04d", app);
                String ns = f.app("bench", name, "Running", "RBENCHAAAAA", false, null);
                for (int p = 0; p < podsPerApp; p++) {
                    f.pod(ns, "bench", name, "web", "service", name + "-" + p, PodState.RUNNING, "RBENCHAAAAA",
                            Instant.now(), List.of("bin/web"));
                }
            });
        }
        String ns = f.app("bench", "big", "Running", "RBIGAAAAAAA", false, null);
        for (int p = 0; p < bigPods; p++) {
            final int pod = p;
            seeders.execute(() -> f.pod(ns, "bench", "big", pod % 2 == 0 ? "web" : "worker", "service",
                    "big-" + pod, PodState.RUNNING, "RBIGAAAAAAA", Instant.now(), List.of("bin/web")));
        }
        seeders.shutdown();
        seeders.awaitTermination(30, TimeUnit.MINUTES);
        System.out.printf("seeded the big rack: %d apps, %d pods, in %.0f s%n", apps + 1, apps * podsPerApp + bigPods,
                (System.nanoTime() - start) / 1e9);
    }

    static Map<String, String> env(Path home, String java) {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.put("XDG_STATE_HOME", home.resolve("state").toString());
        env.put("XDG_CACHE_HOME", home.resolve(java.isBlank() ? "cache" : "cache17").toString());
        env.remove("RACKSIDE_ARCHIVE");
        if (!java.isBlank()) {
            env.put("RACKSIDE_JAVA", java);
        }
        return env;
    }

    /** One real run, then the launcher's background training; waits until the archive is there. */
    static void train(Path repo, Map<String, String> env, Path kubeconfig, Path home) throws Exception {
        Map<String, String> e = new java.util.HashMap<>(env);
        e.put("KUBECONFIG", kubeconfig.toString());
        run(repo, e, "./rackside racks > /dev/null 2>&1");
        Path cache = Path.of(env.get("XDG_CACHE_HOME"), "rackside");
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < until) {
            try (var files = Files.list(cache)) {
                if (files.anyMatch(p -> p.toString().endsWith(".aot") || p.toString().endsWith(".jsa"))) {
                    Thread.sleep(2000); // the training run renames it into place, then exits
                    return;
                }
            } catch (java.io.IOException notYet) {
                // the cache directory is made by the first run
            }
            Thread.sleep(500);
        }
        System.out.println("warning: no class-data archive after 5 minutes; figures are without it");
    }

    /** Median wall seconds of each command (hyperfine, no shell, warm-up 2). */
    private static double[] hyperfine(Path repo, Map<String, String> env, int runs, String a, String b, Path home)
            throws Exception {
        Path out = home.resolve("hyperfine.json");
        ProcessBuilder pb = new ProcessBuilder("hyperfine", "-N", "-w", "2", "-r", String.valueOf(runs), "-i",
                "--export-json", out.toString(), a, b.replace("'", "")).directory(repo.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("hyperfine failed for " + a);
        }
        JsonNode results = JSON.readTree(Files.readString(out)).get("results");
        return new double[] {results.get(0).get("median").asDouble(), results.get(1).get("median").asDouble()};
    }

    /** CPU seconds (user + system) and peak RSS of one run, from GNU time. */
    private static String cost(Path repo, Map<String, String> env, String command) throws Exception {
        String out = run(repo, env, "/usr/bin/time -f 'TIME %U %S %M' " + command + " 2>&1 >/dev/null | tail -1");
        String[] f = out.strip().split(" ");
        if (f.length < 4 || !f[0].equals("TIME")) {
            return "?";
        }
        double cpu = Double.parseDouble(f[1]) + Double.parseDouble(f[2]);
        return String.format("%.2f s, %d MiB", cpu, Long.parseLong(f[3]) / 1024);
    }

    static String run(Path repo, Map<String, String> env, String shell) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", shell).directory(repo.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    static String machine() throws Exception {
        String model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
        return Runtime.getRuntime().availableProcessors() + " cores, " + model;
    }
}
