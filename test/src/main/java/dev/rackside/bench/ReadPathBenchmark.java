package dev.rackside.bench;

import dev.rackside.services.api.AppReader;
import dev.rackside.services.api.RackReader;
import dev.rackside.services.kube.KubeRackReaders;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.Snapshot;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.racks.RackRegistry;
import dev.rackside.services.kube.ConvoxObjects;
import dev.rackside.services.kube.ConvoxObjects.PodState;
import dev.rackside.services.testing.MockApi;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Read-path benchmark: a rack of APPS apps with PODS_PER_APP pods each on the mock API, read through a
 * kubeconfig exactly as the CLI does. Reports the time from opening the rack to the first complete apps
 * snapshot and to the first complete process table (which needs the whole rack-wide pod list), and the
 * heap the reader holds after GC. Not a test: run it with the command in README.md.
 */
public final class ReadPathBenchmark {
    private ReadPathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int apps = Integer.getInteger("bench.apps", 1000);
        int podsPerApp = Integer.getInteger("bench.podsPerApp", 10);
        int runs = Integer.getInteger("bench.runs", 3);
        try (MockApi api = new MockApi()) {
            ConvoxObjects f = new ConvoxObjects(api.client());
            f.rack("bench", "3.24.8", "us-gov-west-1", "bench.example.org");
            long seedStart = System.nanoTime();
            ExecutorService seeders = Executors.newFixedThreadPool(8);
            for (int a = 0; a < apps; a++) {
                final int app = a;
                seeders.execute(() -> {
                    String name = String.format("app%04d", app);
                    String ns = f.app("bench", name, app % 10 == 0 ? "Updating" : "Running", "RBENCHAAAAA", false, null);
                    for (int p = 0; p < podsPerApp; p++) {
                        f.pod(ns, "bench", name, p % 2 == 0 ? "web" : "worker", "service",
                                name + "-" + p, PodState.RUNNING, "RBENCHAAAAA", Instant.now(),
                                List.of("bin/web", "--port", "3000"));
                    }
                });
            }
            seeders.shutdown();
            seeders.awaitTermination(30, TimeUnit.MINUTES);
            System.out.printf("seeded %d apps / %d pods in %.1f s%n", apps, apps * podsPerApp,
                    (System.nanoTime() - seedStart) / 1e9);

            Path home = Files.createTempDirectory("rackside-bench");
            Path kubeconfig = api.writeKubeconfig(home, "bench");
            Environment env = new Environment(Map.of("KUBECONFIG", kubeconfig.toString()), home);
            ExecutorService io = Executors.newFixedThreadPool(4);
            Rack rack = new RackRegistry(env, io).resolve(Optional.of("bench"));
            String lastApp = String.format("app%04d", apps - 1);
            long listStart = System.nanoTime();
            int listed = api.client().pods().inAnyNamespace().withLabels(Map.of("system", "convox", "rack", "bench"))
                    .list().getItems().size();
            System.out.printf("for scale: one plain LIST of the %d pods from this mock server takes %d ms%n", listed,
                    (System.nanoTime() - listStart) / 1_000_000);
            // Readers stay open until the end: the mock server closes watches on its only event loop with a
            // blocking wait, which would stall the next run's lists. Idle watches cost the server nothing.
            List<RackReader> open = new java.util.ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                long baseline = usedHeapAfterGc();
                long start = System.nanoTime();
                RackReader reader = new KubeRackReaders(env, io).open(rack);
                Snapshot<?> appsSnap = reader.apps().firstComplete().get(10, TimeUnit.MINUTES);
                long appsAt = System.nanoTime();
                AppReader app = reader.app(lastApp);
                Snapshot<?> ps = app.processes().firstComplete().get(10, TimeUnit.MINUTES);
                long psAt = System.nanoTime();
                long held = usedHeapAfterGc() - baseline;
                System.out.printf("run %d: apps %d rows in %d ms; first process table (all %d pods listed) in %d ms;"
                        + " reader heap after GC %.1f MB (%s / %s)%n", run, appsSnap.rows().size(),
                        (appsAt - start) / 1_000_000, apps * podsPerApp, (psAt - start) / 1_000_000,
                        held / 1e6, appsSnap.state(), ps.state());
                open.add(reader);
            }
            // What a command reads (rackside ps -a APP, rackside apps): the one-shot reader, nothing watched.
            for (int run = 1; run <= runs; run++) {
                long start = System.nanoTime();
                try (RackReader once = new KubeRackReaders(env, io).once(rack)) {
                    once.apps().firstComplete().get(10, TimeUnit.MINUTES);
                    Snapshot<?> ps = once.app(lastApp).processes().firstComplete().get(10, TimeUnit.MINUTES);
                    long psAt = System.nanoTime();
                    Snapshot<?> healthy = once.appsComplete(false).get(10, TimeUnit.MINUTES);
                    long appsAt = System.nanoTime();
                    System.out.printf("once %d: ps of one app (%d rows: its pods listed) in %d ms; apps with health "
                            + "(%d rows, the rack's pods listed once) in %d ms%n", run, ps.rows().size(),
                            (psAt - start) / 1_000_000, healthy.rows().size(), (appsAt - start) / 1_000_000);
                }
            }
            // Exit without closing: tearing down a mock server with open watches only adds noise.
            System.exit(0);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
