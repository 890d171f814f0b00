package dev.rackside.services.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.api.AppReader;
import dev.rackside.services.api.RackReader;
import dev.rackside.services.kube.KubeRackReaders;
import dev.rackside.services.model.App;
import dev.rackside.services.model.Build;
import dev.rackside.services.model.Process;
import dev.rackside.services.model.Release;
import dev.rackside.services.model.Resource;
import dev.rackside.services.model.Service;
import dev.rackside.services.model.Snapshot;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.racks.RackRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox rack read through a kubeconfig with the ordinary read path, and through kubectl. */
class SandboxTest {
    @TempDir
    static Path home;
    static SandboxServer sandbox;
    static ExecutorService pool;
    static RackReader reader;
    static Path kubeconfig;

    @BeforeAll
    static void start() throws Exception {
        sandbox = SandboxServer.start(7, Duration.ofMillis(300));
        kubeconfig = sandbox.writeKubeconfig(home.resolve("sandbox.kubeconfig"));
        pool = Executors.newFixedThreadPool(4);
        Environment env = new Environment(Map.of(), home).onlyKubeconfig(kubeconfig);
        reader = new KubeRackReaders(env, pool).open(new RackRegistry(env, pool).resolve(Optional.of("sandbox")));
    }

    @AfterAll
    static void stop() {
        reader.close();
        sandbox.close();
        pool.shutdownNow();
    }

    static <T> List<T> await(java.util.function.Supplier<Snapshot<T>> feed, Predicate<List<T>> ok) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Snapshot<T> s = feed.get();
        while (System.nanoTime() < until) {
            s = feed.get();
            if (s.state() == Snapshot.State.READY && ok.test(s.rows())) {
                return s.rows();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("never converged; last: " + s);
    }

    @Test
    void theSeededRackSatisfiesTheReadPath() throws Exception {
        List<App> apps = await(() -> reader.apps().current(), rows -> rows.size() == 4);
        assertEquals(List.of("backoffice", "payments", "search", "storefront"), apps.stream().map(App::name).toList());
        assertTrue(apps.stream().anyMatch(a -> a.status().equals("updating")));
        assertTrue(apps.stream().anyMatch(a -> a.status().equals("running")));
        assertEquals("sandbox", reader.rack().provider(), "the sandbox never passes for a real rack");

        AppReader payments = reader.app("payments");
        await(() -> payments.processes().current(), rows -> rows.stream().filter(p -> p.service().equals("worker"))
                .allMatch(p -> p.status().equals("crashed")) && rows.stream().filter(p -> p.service().equals("web"))
                .allMatch(p -> p.status().equals("running")) && rows.size() == 4);

        AppReader store = reader.app("storefront");
        List<Release> releases = await(() -> store.releases().current(), rows -> rows.size() >= 5);
        assertEquals("active", releases.stream().filter(r -> r.status().equals("active")).findFirst()
                .map(Release::status).orElse(""));
        List<Build> builds = await(() -> store.builds().current(), rows -> !rows.isEmpty());
        assertTrue(builds.stream().anyMatch(b -> b.status().equals("failed")));
        List<Resource> resources = await(() -> store.resources().current(), rows -> rows.size() == 2);
        assertEquals(List.of("redis", "postgres"), resources.stream().map(Resource::type).toList());
        assertTrue(resources.get(1).url().contains(":****@"), resources.toString());
        List<Service> services = await(() -> store.services().current(), rows -> rows.size() == 2);
        assertEquals(Optional.of(3), services.get(0).min());
        assertEquals(Optional.of(9), services.get(0).max(), "the HPA's range for a ranged service");
        String yaml = store.describe(AppReader.Kind.RELEASE, releases.get(0).id()).orElseThrow();
        assertTrue(yaml.contains("STRIPE_KEY=****") && !yaml.contains("sk_live_"), yaml);
    }

    @Test
    void scalingConvergesToTheRequestedPods() throws Exception {
        AppReader backoffice = reader.app("backoffice");
        await(() -> backoffice.processes().current(), rows -> rows.stream()
                .filter(p -> p.service().equals("web") && p.status().equals("running")).count() == 1);
        sandbox.client().apps().deployments().inNamespace("sandbox-backoffice").withName("web")
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":4}}");
        List<Process> up = await(() -> backoffice.processes().current(), rows -> rows.stream()
                .filter(p -> p.service().equals("web") && p.status().equals("running")).count() == 4);
        assertEquals(4, up.stream().filter(p -> p.service().equals("web")).count());
        sandbox.client().apps().deployments().inNamespace("sandbox-backoffice").withName("web")
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":2}}");
        await(() -> backoffice.processes().current(), rows -> rows.stream()
                .filter(p -> p.service().equals("web")).count() == 2);
        await(() -> backoffice.services().current(), rows -> rows.stream()
                .anyMatch(s -> s.name().equals("web") && s.desired() == 2 && s.running() == 2));
    }

    @Test
    void sameSeedSameRack() {
        try (SandboxServer again = SandboxServer.start(7, Duration.ofMillis(300))) {
            List<String> a = releaseNames(sandbox);
            List<String> b = releaseNames(again);
            assertEquals(a, b);
            assertTrue(a.size() >= 20, a.toString());
        }
    }

    static List<String> releaseNames(SandboxServer s) {
        return s.client().genericKubernetesResources(dev.rackside.services.kube.ConvoxCrds.RELEASES).inAnyNamespace()
                .list().getItems().stream().map(r -> r.getMetadata().getName()).sorted().toList();
    }

    @Test
    void kubectlSeesTheSameRackThroughTheWrittenKubeconfig() throws Exception {
        Optional<String> kubectl = onPath("kubectl");
        org.junit.jupiter.api.Assumptions.assumeTrue(kubectl.isPresent(), "kubectl is not on PATH");
        String ns = run(kubectl.get(), "--kubeconfig", kubeconfig.toString(), "get", "ns", "-l", "system=convox");
        assertTrue(ns.contains("sandbox-system") && ns.contains("sandbox-storefront"), ns);
        String releases = run(kubectl.get(), "--kubeconfig", kubeconfig.toString(), "get", "releases.convox.com", "-A");
        for (String name : releaseNames(sandbox)) {
            assertTrue(releases.contains(name), name + " missing in\n" + releases);
        }
        String deploy = run(kubectl.get(), "--kubeconfig", kubeconfig.toString(), "get", "deploy", "-n",
                "sandbox-payments");
        assertTrue(deploy.contains("worker"), deploy);
    }

    static Optional<String> onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (java.nio.file.Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }

    static String run(String... command) throws Exception {
        java.lang.Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
        return out;
    }
}
