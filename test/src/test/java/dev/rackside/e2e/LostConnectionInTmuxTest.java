package dev.rackside.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rackside.services.testing.FaultProxy;
import dev.rackside.services.testing.MockApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-call engineer's VPN drops mid-incident: the real {@code ./rackside} in tmux, its API behind a proxy that
 * is cut and restored. The open pane must say within seconds that what it shows is stale (title, status line with
 * the rack and the reason, a marker on the rows, not colour alone), keep answering keys, and recover by itself
 * when the API answers again, rows deleted meanwhile gone. Then the same pane at 80×24: hidden columns marked and
 * reachable sideways, and {@code ?} still in the hint bar.
 */
class LostConnectionInTmuxTest {
    @TempDir
    Path tmp;

    @Test
    void aLostApiIsToldWithinSecondsAndTheConsoleRecoversByItself() throws Exception {
        assumeTrue(Tmux.available(), "tmux is installed on the build machines; this test needs it");
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        Path kubeconfig = tmp.resolve("kubeconfig");
        try (MockApi api = MockRackServer.start(kubeconfig);
                FaultProxy proxy = new FaultProxy(api.server().getPort())) {
            Files.writeString(kubeconfig, Files.readString(kubeconfig)
                    .replace(":" + api.server().getPort() + "'", ":" + proxy.port() + "'"));
            try (Tmux tmux = new Tmux("rackside-lost-" + ProcessHandle.current().pid(), 120, 30,
                    "cd " + repo + " && env HOME=" + tmp + " KUBECONFIG=" + kubeconfig + " XDG_CONFIG_HOME="
                            + tmp.resolve("config") + " XDG_STATE_HOME=" + tmp.resolve("state")
                            + " RACKSIDE_ARCHIVE=off TERM=xterm-256color ./rackside --rack prod; sleep 60")) {
                tmux.awaitText("Apps (5)");
                tmux.literal(":app api");
                tmux.keys("Enter");
                String s = tmux.awaitText("Processes (8)");
                assertTrue(s.contains("web-5d9c7b-aaaaa"), s);

                proxy.cut();
                long cutAt = System.nanoTime();
                // Deleted while it is down, apart: the mock server can stall for seconds after connections are
                // reset under it, and that must not count against the console.
                var deleted = java.util.concurrent.CompletableFuture.runAsync(() -> api.client().pods()
                        .inNamespace("prod-api").withName("web-5d9c7b-aaaaa").delete());
                s = tmux.await(x -> x.contains("stale since"), "the pane marked stale");
                long toldMs = (System.nanoTime() - cutAt) / 1_000_000;
                assertTrue(toldMs <= 8_000, "told within seconds of the cut, not minutes: " + toldMs + " ms\n" + s);
                List<String> lines = s.lines().toList();
                assertTrue(lines.get(0).contains("prod"), "the status line names the rack:\n" + s);
                assertTrue(s.contains("web-5d9c7b-aaaaa"), "the last rows stay, marked, while it is down:\n" + s);
                assertTrue(lines.stream().anyMatch(l -> l.contains("~") && l.contains("web-5d9c7b-aaaaa")),
                        "stale rows carry a marker, not only a dimmer colour:\n" + s);
                // Then the reason, in the network's words, from one small LIST.
                s = tmux.await(x -> x.lines().findFirst().orElse("").contains("pods: unreachable: "), "the reason told");
                tmux.keys("j");
                long keyMs = keyToScreenMs(tmux, "?", "Keys in Processes");
                assertTrue(keyMs < 1_000, "keys answer while the API is gone: " + keyMs + " ms");
                System.out.println("key to screen with the API gone: " + keyMs + " ms");
                tmux.keys("Escape");

                deleted.get(90, java.util.concurrent.TimeUnit.SECONDS);
                proxy.restore();
                s = tmux.await(x -> x.contains("Processes (7)") && !x.contains("stale since"),
                        "the pane recovered by itself, the deleted process gone");
                assertFalse(s.contains("web-5d9c7b-aaaaa"), s);
                assertTrue(s.contains("✓ live again since"), "the recovery is noted:\n" + s);

                // A server taking 10 s per answer: opening another app waits for it, the screen does not.
                proxy.slow(10_000);
                tmux.literal(":app billing");
                tmux.keys("Enter");
                tmux.awaitText("prod › billing › Processes");
                long slowMs = keyToScreenMs(tmux, "?", "Keys in Processes");
                assertTrue(slowMs < 1_000, "keys answer while the API is slow: " + slowMs + " ms");
                System.out.println("key to screen with a 10 s API: " + slowMs + " ms");
                tmux.keys("Escape");
                proxy.restore();
                Thread.sleep(500);
                tmux.literal(":app api");
                tmux.keys("Enter");
                tmux.awaitText("prod › api › Processes");
                tmux.keys("1");
                tmux.awaitText("Services (3)");
                tmux.resize(80, 24);
                s = tmux.await(x -> x.lines().count() >= 24 && x.lines().toList().get(23).endsWith("<?> help"),
                        "the hint bar at 80 columns ending with <?> help");
                assertTrue(s.lines().toList().get(3).contains("›"), "hidden columns are marked:\n" + s);
                tmux.keys("Right");
                s = tmux.await(x -> x.lines().toList().get(3).contains("‹"), "scrolled sideways");
            }
        }
    }

    /** From sending a key to the screen showing its effect, polling tmux every 5 ms. */
    private static long keyToScreenMs(Tmux tmux, String key, String shown) throws Exception {
        long start = System.nanoTime();
        tmux.literal(key);
        while (!tmux.screen().contains(shown)) {
            if (System.nanoTime() - start > 30_000_000_000L) {
                throw new AssertionError("the screen never showed '" + shown + "' after " + key + ":\n" + tmux.screen());
            }
            Thread.sleep(5);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
