package dev.rackside.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rackside.app.Main;
import dev.rackside.services.racks.Environment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox as a newcomer and a scripter meet it: {@code rackside sandbox --kubeconfig F} serving
 * headless for the CLI, and {@code ./rackside} on a machine with nothing configured opening it in the console.
 */
class SandboxEndToEndTest {
    @TempDir
    Path tmp;

    @Test
    void headlessSandboxServesTheCli() throws Exception {
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        Path kubeconfig = tmp.resolve("sandbox.kubeconfig");
        Process sandbox = new ProcessBuilder("java", "-jar", repo.resolve("app/target/rackside.jar").toString(),
                "sandbox", "--kubeconfig", kubeconfig.toString(), "--seed", "3")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("sandbox.out").toFile()).start();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(kubeconfig) && System.nanoTime() < until && sandbox.isAlive()) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(kubeconfig), Files.readString(tmp.resolve("sandbox.out")));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new String[] {"apps"}, new Environment(Map.of("KUBECONFIG", kubeconfig.toString(),
                    "XDG_CONFIG_HOME", tmp.resolve("config").toString()), tmp), new PrintWriter(out),
                    new PrintWriter(err));
            assertEquals(0, code, err.toString());
            assertTrue(out.toString().startsWith("APP "), out.toString());
            for (String app : new String[] {"backoffice", "payments", "search", "storefront"}) {
                assertTrue(out.toString().contains(app), out.toString());
            }
            assertTrue(out.toString().contains("updating"), out.toString());

            StringWriter logs = new StringWriter();
            code = Main.run(new String[] {"logs", "--rack", "sandbox", "--app", "storefront", "--no-follow", "--since",
                "1m"}, new Environment(Map.of("KUBECONFIG", kubeconfig.toString(), "XDG_CONFIG_HOME",
                        tmp.resolve("config").toString()), tmp), new PrintWriter(logs), new PrintWriter(err));
            StringWriter racks = new StringWriter();
            Main.run(new String[] {"racks"}, new Environment(Map.of("KUBECONFIG", kubeconfig.toString(),
                    "XDG_CONFIG_HOME", tmp.resolve("config").toString()), tmp), new PrintWriter(racks),
                    new PrintWriter(racks));
            assertEquals(0, code, err + " racks: " + racks);
            java.util.List<String> lines = logs.toString().lines().toList();
            assertTrue(lines.stream().anyMatch(l -> l.matches("\\S+Z service/web/web-\\S+ .+")), logs.toString());
            assertTrue(lines.stream().anyMatch(l -> l.contains(" system/k8s/")), "events interleave: " + logs);
            assertEquals(lines.stream().map(l -> l.substring(0, 20)).sorted().toList(),
                    lines.stream().map(l -> l.substring(0, 20)).toList(), "merged by time");

            // The walk: promote an older release, then one whose pods never pass their health check.
            Environment env = new Environment(Map.of("KUBECONFIG", kubeconfig.toString(), "XDG_CONFIG_HOME",
                    tmp.resolve("config").toString(), "XDG_STATE_HOME", tmp.resolve("state").toString()), tmp);
            StringWriter releases = new StringWriter();
            assertEquals(0, Main.run(new String[] {"releases", "-r", "sandbox", "-a", "storefront", "-o", "json"}, env,
                    new PrintWriter(releases), new PrintWriter(err)));
            var rows = tools.jackson.databind.json.JsonMapper.builder().build().readTree(releases.toString());
            String bad = rows.get(0).get("id").asString();
            String older = "";
            for (var r : rows) {
                if (!r.get("status").asString().equals("active") && !r.get("id").asString().equals(bad)) {
                    older = r.get("id").asString();
                }
            }
            StringWriter promoted = new StringWriter();
            assertEquals(0, Main.run(new String[] {"promote", "-r", "sandbox", "-a", "storefront", older, "--yes"}, env,
                    new PrintWriter(promoted), new PrintWriter(err)), err.toString());
            assertTrue(promoted.toString().strip().endsWith("promoted " + older + ": Running"), promoted.toString());
            StringWriter reverted = new StringWriter();
            StringWriter why = new StringWriter();
            assertEquals(1, Main.run(new String[] {"promote", "-r", "sandbox", "-a", "storefront", bad, "--yes",
                "--timeout", "5"}, env, new PrintWriter(reverted), new PrintWriter(why)));
            assertTrue(reverted.toString().contains("Atom app: Rollback => Reverted"), reverted.toString());
            assertTrue(why.toString().contains("rolled back: Reverted"), why.toString());
            StringWriter verify = new StringWriter();
            assertEquals(0, Main.run(new String[] {"audit", "verify"}, env, new PrintWriter(verify),
                    new PrintWriter(err)), err.toString());
            assertTrue(verify.toString().startsWith("journal intact: 4 records"), verify.toString());
        } finally {
            sandbox.destroy();
            sandbox.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFreshMachineOpensTheSandboxInTheConsole() throws Exception {
        assumeTrue(Tmux.available(), "tmux is installed on the build machines; this test needs it");
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        Path home = Files.createDirectories(tmp.resolve("home"));
        try (Tmux tmux = new Tmux("rackside-fresh-" + ProcessHandle.current().pid(), 120, 30,
                "cd " + repo + " && env -u KUBECONFIG -u XDG_CONFIG_HOME -u XDG_STATE_HOME HOME=" + home
                        + " TERM=xterm-256color ./rackside; sleep 30")) {
            String s = tmux.awaitText("Apps (4)");
            assertTrue(s.contains("SANDBOX") && s.contains("sandbox › Apps"), s);
            tmux.literal(":app payments");
            tmux.keys("Enter");
            s = tmux.await(x -> x.contains("crashed") && x.contains("running"), "payments' pods, one service crashing");
            tmux.literal(":logs");
            tmux.keys("Enter");
            s = tmux.await(x -> x.contains("Logs payments") && x.contains("● following") && x.contains("service/web/"),
                    "the app's logs following");
            tmux.literal("k");
            tmux.awaitText("❚❚ paused");
            // Ctrl-S reaches rackside (the console turns XON/XOFF off) and asks what to export.
            tmux.keys("C-s");
            tmux.awaitText("export which lines");
            tmux.keys("Escape");
            tmux.keys("Escape");
            tmux.literal(":q");
            tmux.keys("Enter");
        }
    }
}
