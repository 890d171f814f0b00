package dev.rackside.services.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.api.RackReader;
import dev.rackside.services.model.Feed;
import dev.rackside.services.model.Process;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.Snapshot;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.racks.RackRegistry;
import dev.rackside.services.testing.FaultProxy;
import dev.rackside.services.testing.MockApi;
import dev.rackside.services.testing.SampleRack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network goes the moment a pane has its rows, before its watch was ever seen open (the on-call engineer
 * opens an app as the VPN drops). The table must still be told stale within seconds, and be whole again, rows
 * deleted meanwhile gone, once the API answers.
 */
class LostWatchTest {
    @TempDir
    Path home;

    @Test
    void aConnectionLostRightAfterTheListIsToldWithinSecondsAndHealsWithoutWhatWasDeleted() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (MockApi api = new MockApi(); FaultProxy proxy = new FaultProxy(api.server().getPort())) {
            SampleRack.seed(new ConvoxObjects(api.client()), "prod");
            Path kubeconfig = api.writeKubeconfig(home, "ops");
            Files.writeString(kubeconfig, Files.readString(kubeconfig)
                    .replace(":" + api.server().getPort() + "'", ":" + proxy.port() + "'"));
            Environment env = new Environment(Map.of("KUBECONFIG", kubeconfig.toString()), home);
            Rack rack = new RackRegistry(env, pool).resolve(Optional.of("prod"));
            try (RackReader reader = new KubeRackReaders(env, pool).open(rack)) {
                Feed<Process> ps = reader.app("api").processes();
                Snapshot<Process> first = ps.firstComplete().get(20, TimeUnit.SECONDS);
                assertEquals(8, first.rows().size(), first.toString());
                proxy.cut(); // within milliseconds of the list, well inside the health check's first second
                long cutAt = System.nanoTime();
                // Deleted while the network is down (by the test's own client, straight to the server). Apart: the
                // mock server can stall for seconds after connections are reset under it, and that is not ours.
                var deleted = java.util.concurrent.CompletableFuture.runAsync(() -> api.client().pods()
                        .inNamespace("prod-api").withName("web-5d9c7b-aaaaa").delete());
                Snapshot<Process> stale = await(ps, Snapshot::stale, 15);
                long toldMs = (System.nanoTime() - cutAt) / 1_000_000;
                assertTrue(stale.stale(), "never told stale: " + stale);
                assertTrue(toldMs <= 5_000, "told " + toldMs + " ms after the cut, not within seconds: " + stale);
                assertEquals(8, stale.rows().size(), "the last rows stay while it is down");
                assertTrue(stale.error().orElseThrow().startsWith("pods"), stale.toString());

                deleted.get(90, TimeUnit.SECONDS);
                proxy.restore();
                Snapshot<Process> healed = await(ps, s -> !s.stale() && s.rows().size() == 7, 30);
                assertEquals(7, healed.rows().size(), "the process deleted while it was down is gone: " + healed);
                assertTrue(!healed.stale(), healed.toString());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Snapshot<Process> await(Feed<Process> feed, Predicate<Snapshot<Process>> done, int seconds)
            throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Snapshot<Process> s = feed.current();
        while (!done.test(s) && System.nanoTime() < until) {
            Thread.sleep(50);
            s = feed.current();
        }
        return s;
    }
}
