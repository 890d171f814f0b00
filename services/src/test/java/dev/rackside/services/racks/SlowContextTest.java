package dev.rackside.services.racks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.api.Racks;
import dev.rackside.services.kube.ConvoxObjects;
import dev.rackside.services.testing.MockApi;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rack asked for by name whose context is slow: the sweep's short deadline is not the last word. The
 * contexts that did not answer are asked again with a session's patience, and one that never answers is
 * named as such, not turned into "no rack named".
 */
class SlowContextTest {
    @TempDir
    Path home;
    MockApi api;
    ServerSocket silent;
    final List<Socket> held = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);

    @BeforeEach
    void start() throws Exception {
        api = new MockApi();
        new ConvoxObjects(api.client()).rack("govprod", "3.24.9", "us-gov-west-1", "govprod.example.org");
        // A server that takes connections and never says a word: a cluster behind a dead VPN.
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept());
                } catch (java.io.IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void stop() throws Exception {
        silent.close();
        for (Socket s : held) {
            s.close();
        }
        api.close();
        pool.shutdownNow();
    }

    private Environment env(String... entries) throws Exception {
        Path kubeconfig = home.resolve("kubeconfig");
        Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\n" + String.join("", entries));
        return new Environment(Map.of("KUBECONFIG", kubeconfig.toString()), home);
    }

    @Test
    void aContextThatNeverAnswersIsNamedNotCalledAMissingRack() throws Exception {
        Environment env = env(MockApi.kubeconfigEntry("fake", "https://127.0.0.1:" + silent.getLocalPort()));
        RackRegistry registry = new RackRegistry(env, pool, Duration.ofMillis(500), Duration.ofSeconds(2));
        Racks.RackNotFound e = assertThrows(Racks.RackNotFound.class, () -> registry.resolve(Optional.of("govprod")));
        assertTrue(e.getMessage().startsWith("rack 'govprod' is not in the contexts that answered, and 1 did not"),
                e.getMessage());
        assertTrue(e.getMessage().contains("context fake did not answer in 2 s"), e.getMessage());
    }

    @Test
    void aContextSlowerThanTheSweepIsWaitedFor() throws Exception {
        // The rack's cluster answers, but only after the sweep (1 ms here) has given up on it.
        Environment env = env(MockApi.kubeconfigEntry("slow", api.url()));
        RackRegistry registry = new RackRegistry(env, pool, Duration.ofMillis(1), Duration.ofSeconds(20));
        assertEquals("govprod", registry.resolve(Optional.of("govprod")).internalName());
    }

    @Test
    void askingForTheSandboxByNameWhenItIsNotServedSaysHowToHaveIt() throws Exception {
        Environment env = env(MockApi.kubeconfigEntry("ops", api.url()));
        Racks.RackNotFound e = assertThrows(Racks.RackNotFound.class, () -> new RackRegistry(env, pool).resolve(
                Optional.of("sandbox")));
        assertTrue(e.getMessage().startsWith("no rack named 'sandbox' (known: govprod)"), e.getMessage());
        assertTrue(e.getMessage().contains("run 'rackside sandbox --kubeconfig F' in another terminal and then "
                + "KUBECONFIG=F rackside --rack sandbox"), e.getMessage());
    }
}
