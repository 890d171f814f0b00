package dev.rackside.services.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.api.RackReader;
import dev.rackside.services.model.Process;
import dev.rackside.services.model.Rack;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.racks.RackRegistry;
import dev.rackside.services.testing.MockApi;
import dev.rackside.services.testing.SampleRack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command's reader (issue 16: one-shot reads do one-shot work): each kind it prints is listed once, with
 * {@code resourceVersion=0}, when it is asked for; nothing is watched, and {@code ps} of one app lists that app's
 * pods, not the rack's.
 */
class OnceReadTest {
    static MockApi api;
    static ExecutorService executor;
    static Rack rack;
    static Environment env;
    @TempDir
    static Path home;

    @BeforeAll
    static void seed() throws Exception {
        api = new MockApi();
        SampleRack.seedTwoRacks(new ConvoxObjects(api.client()));
        executor = Executors.newFixedThreadPool(4);
        env = new Environment(Map.of("KUBECONFIG", api.writeKubeconfig(home, "prod-admin").toString()), home);
        rack = new RackRegistry(env, executor).resolve(Optional.of("prod"));
    }

    @AfterAll
    static void close() {
        api.close();
        executor.shutdownNow();
    }

    /** The GETs the mock answered since the last call, as "path?query". */
    private static List<String> gets() throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (var r = api.server().takeRequest(200, TimeUnit.MILLISECONDS); r != null;
                r = api.server().takeRequest(200, TimeUnit.MILLISECONDS)) {
            if (r.getMethod().equals("GET")) {
                out.add(r.getPath());
            }
        }
        return out;
    }

    @Test
    void psListsTheAppsOwnPodsOnceAndWatchesNothing() throws Exception {
        gets();
        try (RackReader reader = new KubeRackReaders(env, executor).once(rack)) {
            reader.apps().firstComplete().get(20, TimeUnit.SECONDS);
            List<Process> ps = reader.app("api").processes().firstComplete().get(20, TimeUnit.SECONDS).rows();
            List<String> expected = api.client().pods().inNamespace("prod-api").list().getItems().stream()
                    .filter(ProcessMapper::listed).map(p -> p.getMetadata().getName()).sorted().toList();
            assertFalse(expected.isEmpty());
            assertEquals(expected, ps.stream().map(Process::id).sorted().toList(), "the app's processes, all of them");
        }
        List<String> gets = gets();
        assertTrue(gets.stream().noneMatch(g -> g.contains("watch=true")), "no watch: " + gets);
        assertTrue(gets.stream().noneMatch(g -> g.startsWith("/api/v1/pods")), "no rack-wide pod list: " + gets);
        assertEquals(1, gets.stream().filter(g -> g.startsWith("/api/v1/namespaces/prod-api/pods?")).count(), gets
                .toString());
        assertTrue(gets.stream().filter(g -> g.contains("/pods?")).allMatch(g -> g.contains("resourceVersion=0")),
                gets.toString());
        assertTrue(gets.stream().noneMatch(g -> g.contains("/releases") || g.contains("/builds")
                || g.contains("/deployments")), "only what ps prints: " + gets);
    }

    @Test
    void appsListsPodsOnceForHealthAndReadsReleasesOnlyWhenChecking() throws Exception {
        gets();
        try (RackReader reader = new KubeRackReaders(env, executor).once(rack)) {
            assertFalse(reader.appsComplete(false).get(20, TimeUnit.SECONDS).rows().isEmpty());
        }
        List<String> quick = gets();
        assertEquals(1, quick.stream().filter(g -> g.startsWith("/api/v1/pods?")).count(), quick.toString());
        assertTrue(quick.stream().noneMatch(g -> g.contains("/releases/")), "no release read: " + quick);
        assertTrue(quick.stream().noneMatch(g -> g.contains("watch=true")), quick.toString());
        try (RackReader reader = new KubeRackReaders(env, executor).once(rack)) {
            reader.appsComplete(true).get(20, TimeUnit.SECONDS);
        }
        assertTrue(gets().stream().anyMatch(g -> g.contains("/releases/")), "--check reads the active releases");
    }
}
