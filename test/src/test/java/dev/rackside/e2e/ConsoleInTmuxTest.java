package dev.rackside.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rackside.services.testing.MockApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real pty: the real {@code ./rackside} launcher in tmux against a mock API holding a
 * Convox rack. Walks racks, :rack, :app, :ps, filters, opens help, resizes, quits with :q, and checks the
 * exit code and that the terminal is left sane.
 */
class ConsoleInTmuxTest {
    @TempDir
    Path tmp;

    @Test
    void operatorWalkOverARealTerminal() throws Exception {
        assumeTrue(Tmux.available(), "tmux is installed on the build machines; this test needs it");
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        assertTrue(Files.isExecutable(repo.resolve("rackside")), "run from the test module of a checkout");
        Path kubeconfig = tmp.resolve("kubeconfig");
        Path exit = tmp.resolve("exit");
        Path stty = tmp.resolve("stty");
        try (MockApi api = MockRackServer.start(kubeconfig);
                Tmux tmux = new Tmux("rackside-e2e-" + ProcessHandle.current().pid(), 120, 30,
                        "cd " + repo + " && env HOME=" + tmp + " KUBECONFIG=" + kubeconfig
                                + " XDG_CONFIG_HOME=" + tmp.resolve("config") + " RACKSIDE_ARCHIVE=off TERM=xterm-256color ./rackside;"
                                + " echo $? > " + exit + "; stty -a > " + stty + "; sleep 60")) {
            String s = tmux.awaitText("Racks (2)");
            assertTrue(s.contains("prod     aws       running  ops      us-gov-west-1  3.24.8"), s);

            tmux.literal(":rack prod");
            tmux.keys("Enter");
            s = tmux.awaitText("Apps (5)");
            assertTrue(s.contains("prod › Apps") && s.contains("GOVCLOUD"), s);

            tmux.literal(":app api");
            tmux.keys("Enter");
            tmux.literal(":ps");
            tmux.keys("Enter");
            s = tmux.awaitText("Processes (8)");
            assertTrue(s.contains("worker-7f6d-ddddd    worker   crashed"), s);

            tmux.literal("/web");
            s = tmux.awaitText("Processes (2/8)  /web");
            assertTrue(!s.contains("worker-7f6d-ddddd"), s);
            tmux.keys("Escape");
            tmux.awaitText("Processes (8)");

            tmux.literal("?");
            tmux.awaitText("Keys in Processes (action id in brackets");
            tmux.keys("Escape");
            tmux.awaitText("Processes (8)");

            tmux.resize(80, 24);
            s = tmux.await(x -> {
                List<String> lines = x.lines().toList();
                return lines.size() >= 23 && lines.get(2).length() == 80 && lines.get(22).startsWith("└");
            }, "the frame redrawn at 80x24");
            assertTrue(s.contains("Processes (8)"), s);

            tmux.literal(":q");
            tmux.keys("Enter");
            long until = System.nanoTime() + 20_000_000_000L;
            while (!Files.exists(stty) && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            Thread.sleep(200);
            assertEquals("0", Files.readString(exit).strip(), "rackside exits 0 on :q");
            String modes = Files.readString(stty);
            for (String mode : List.of("icanon", "echo", "isig")) {
                assertTrue(java.util.regex.Pattern.compile("(?m)(^|\\s)" + mode + "(\\s|$)").matcher(modes).find(),
                        "the terminal is back in cooked mode (" + mode + "):\n" + modes);
            }
        }
    }
}
