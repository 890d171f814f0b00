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
            Environment env = new Environment(Map.of("KUBECONFIG", kubeconfig.toString(), "XDG_CONFIG_HOME",
                    tmp.resolve("config").toString(), "XDG_STATE_HOME", tmp.resolve("state").toString()), tmp);
            Cli apps = cli(env, "apps");
            assertEquals(0, apps.code(), apps.err());
            assertTrue(apps.out().startsWith("APP "), apps.out());
            for (String app : new String[] {"backoffice", "payments", "search", "storefront"}) {
                assertTrue(apps.out().contains(app), apps.out());
            }
            assertTrue(apps.out().contains("updating"), apps.out());

            Cli logs = cli(env, "logs", "--rack", "sandbox", "--app", "storefront", "--no-follow", "--since", "1m");
            assertEquals(0, logs.code(), logs.err());
            java.util.List<String> lines = logs.out().lines().toList();
            assertTrue(lines.stream().anyMatch(l -> l.matches("\\S+Z service/web/web-\\S+ .+")), logs.out());
            assertTrue(lines.stream().anyMatch(l -> l.contains(" system/k8s/")), "events interleave: " + logs.out());
            assertEquals(lines.stream().map(l -> l.substring(0, 20)).sorted().toList(),
                    lines.stream().map(l -> l.substring(0, 20)).toList(), "merged by time");

            // The issue's walk: promote an older release, then one whose pods never pass their health check.
            Cli releases = cli(env, "releases", "-r", "sandbox", "-a", "storefront", "-o", "json");
            assertEquals(0, releases.code(), releases.err());
            var rows = tools.jackson.databind.json.JsonMapper.builder().build().readTree(releases.out());
            String bad = rows.get(0).get("id").asString();
            String older = "";
            for (var r : rows) {
                if (!r.get("status").asString().equals("active") && !r.get("id").asString().equals(bad)) {
                    older = r.get("id").asString();
                }
            }
            Cli promoted = cli(env, "promote", "-r", "sandbox", "-a", "storefront", older, "--yes");
            assertEquals(0, promoted.code(), promoted.err());
            assertTrue(promoted.out().strip().endsWith("promoted " + older + ": Running"), promoted.out());
            Cli reverted = cli(env, "promote", "-r", "sandbox", "-a", "storefront", bad, "--yes", "--timeout", "5");
            assertEquals(1, reverted.code(), reverted.err());
            assertTrue(reverted.out().contains("Atom app: Rollback => Reverted"), reverted.out());
            assertTrue(reverted.err().contains("rolled back: Reverted"), reverted.err());
            // exec from the command line with stdin not a terminal: no TTY, the output and the exit code as they are.
            String[] out = {""};
            assertEquals(0, cliProcess(repo, kubeconfig, out, "exec", "-r", "sandbox", "-a", "backoffice", "web", "--",
                    "echo", "from", "the", "cli"), out[0]);
            assertEquals("from the cli\n", out[0]);
            assertEquals(5, cliProcess(repo, kubeconfig, out, "exec", "-r", "sandbox", "-a", "backoffice", "web", "--",
                    "sh", "-c", "exit 5"), "the command's exit code is rackside's: " + out[0]);
            // resources proxy from the command line: the URL on the local port, a client reaching the resource.
            assertTrue(proxyAnswers(repo, kubeconfig), "the proxied resource answered");
            // The sandbox has no AWS account: its AWS side is the recorded inventory, and says so.
            Cli compliance = cli(env, "compliance", "--rack", "sandbox", "--concern", "keys", "-o", "json");
            assertEquals(3, compliance.code(), compliance.err());
            var report = tools.jackson.databind.json.JsonMapper.builder().build().readTree(compliance.out());
            assertEquals("recorded inventory", report.get("awsEvidence").asString());
            assertEquals("FAIL", report.get("concerns").get("keys").get("status").asString());
            for (var f : report.get("findings")) {
                assertTrue(f.get("message").asString().startsWith("[recorded inventory] "), f.toString());
            }

            // deploy from source: the example app's new service appears; a Dockerfile with RUN false fails the build.
            Cli deployed = cli(env, "deploy", "-r", "sandbox", "-a", "storefront", repo.resolve("test/example-app")
                    .toString(), "--yes");
            assertEquals(0, deployed.code(), deployed.err() + deployed.out());
            assertTrue(deployed.out().contains("Building: ./api") && deployed.out().contains("[4/5] RUN bundle install"),
                    "the build's log on screen: " + deployed.out());
            java.util.regex.Matcher release = java.util.regex.Pattern.compile("Release: (R[A-Z]{10})")
                    .matcher(deployed.out());
            assertTrue(release.find(), deployed.out());
            assertTrue(deployed.out().strip().endsWith("promoted " + release.group(1) + ": Running"), deployed.out());
            java.util.regex.Matcher build = java.util.regex.Pattern.compile("Build: +(B[A-Z]{10})")
                    .matcher(deployed.out());
            assertTrue(build.find(), deployed.out());
            Cli buildLog = cli(env, "builds", "logs", "-r", "sandbox", "-a", "storefront", build.group(1));
            assertEquals(0, buildLog.code(), buildLog.err());
            assertTrue(buildLog.out().startsWith("Building: ./api\n"), "convox builds logs: the stored log, as the "
                    + "build wrote it: " + buildLog.out());
            Cli services = cli(env, "services", "-r", "sandbox", "-a", "storefront");
            assertTrue(services.out().lines().anyMatch(l -> l.startsWith("api ")), services.out());
            Cli built = cli(env, "build", "-r", "sandbox", "-a", "storefront", repo.resolve("test/example-app")
                    .toString(), "--yes");
            assertEquals(0, built.code(), built.err());
            java.util.List<String> tail = built.out().lines().toList();
            assertTrue(tail.get(tail.size() - 2).matches("Build: {3}B[A-Z]{10}")
                    && tail.get(tail.size() - 1).matches("Release: R[A-Z]{10}"), "as convox build ends: " + built.out());
            Path broken = Files.createDirectories(tmp.resolve("broken"));
            Files.writeString(broken.resolve("convox.yml"), "services:\n  web:\n    build: .\n    port: 3000\n");
            Files.writeString(broken.resolve("Dockerfile"), "FROM alpine\nRUN echo ok\nRUN false\nCMD x\n");
            Cli failed = cli(env, "build", "-r", "sandbox", "-a", "storefront", broken.toString(), "--yes", "--id");
            assertEquals(1, failed.code(), failed.out());
            assertTrue(failed.err().matches("(?s).*build B[A-Z]{10} failed at #\\d+ \\[3/4\\] RUN false.*"), failed.err());
            assertEquals("", failed.out(), "--id leaves stdout to the release id alone");

            Cli verify = cli(env, "audit", "verify");
            assertEquals(0, verify.code(), verify.err());
            assertTrue(verify.out().startsWith("journal intact: 16 records"), verify.out());

            plantedSecretsAreNowhere(env, kubeconfig);
        } finally {
            sandbox.destroy();
            sandbox.waitFor(20, TimeUnit.SECONDS);
        }
    }

    record Cli(int code, String out, String err) {
    }

    /** Every CLI run's output in this JVM, for the search for secrets after a session. */
    private static final java.util.List<String> PRINTED = java.util.Collections.synchronizedList(
            new java.util.ArrayList<>());

    /**
     * After the session above (reads, scale, promote, deploy, build, logs, proxy): the rack API's password and a
     * resource's password, both of which rackside held in memory, are in no output it printed and in no file it
     * wrote (journal, log, evidence, exports, caches), and show masked where they are shown at all (issue 17 item 7).
     */
    private void plantedSecretsAreNowhere(Environment env, Path kubeconfig) throws Exception {
        String apiPassword;
        String resourcePassword;
        try (io.fabric8.kubernetes.client.KubernetesClient k = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(kubeconfig))).build()) {
            apiPassword = new String(java.util.Base64.getDecoder().decode(k.secrets().inNamespace("sandbox-system")
                    .withName("api-password").get().getData().get("value")), java.nio.charset.StandardCharsets.UTF_8);
            String url = k.configMaps().inNamespace("sandbox-storefront").withName("resource-database").get().getData()
                    .get("URL");
            resourcePassword = java.net.URI.create(url).getUserInfo().split(":", 2)[1];
        }
        assertTrue(apiPassword.length() >= 16 && resourcePassword.length() >= 8, "real secrets to look for");
        Cli resources = cli(env, "resources", "-r", "sandbox", "-a", "storefront", "-o", "json");
        assertTrue(resources.out().contains("****"), resources.out());
        cli(env, "env", "-r", "sandbox", "-a", "storefront");
        cli(env, "rack", "-r", "sandbox");
        for (String printed : PRINTED) {
            for (String secret : new String[] {apiPassword, resourcePassword}) {
                assertTrue(!printed.contains(secret), "a secret was printed: " + printed);
            }
        }
        try (java.util.stream.Stream<Path> files = Files.walk(tmp)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.equals(kubeconfig) || f.getFileName().toString().equals("sandbox.out")) {
                    continue; // the sandbox's own kubeconfig and banner: the sandbox, not rackside, wrote them
                }
                String text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                for (String secret : new String[] {apiPassword, resourcePassword}) {
                    assertTrue(!text.contains(secret), "a secret was written to " + f);
                }
            }
        }
    }

    /** The CLI as its own process (exec writes the session's bytes to the process's stdout); its exit code. */
    private int cliProcess(Path repo, Path kubeconfig, String[] output, String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("java", "-jar",
                repo.resolve("app/target/rackside.jar").toString()));
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
        b.environment().put("KUBECONFIG", kubeconfig.toString());
        b.environment().put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
        b.environment().put("XDG_STATE_HOME", tmp.resolve("state").toString());
        b.environment().put("HOME", tmp.toString());
        Process p = b.start();
        p.getOutputStream().close();
        output[0] = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "rackside " + String.join(" ", args) + " did not end");
        return p.exitValue();
    }

    /**
     * {@code rackside resources proxy} as its own process: waits for its "connect with" line, talks to the port
     * it names (the sandbox's banner, then the echo of a line), then interrupts it as Ctrl-C would.
     */
    private boolean proxyAnswers(Path repo, Path kubeconfig) throws Exception {
        ProcessBuilder b = new ProcessBuilder("java", "-jar", repo.resolve("app/target/rackside.jar").toString(),
                "resources", "proxy", "-r", "sandbox", "-a", "storefront", "--port", "0", "database")
                .redirectErrorStream(true);
        b.environment().put("KUBECONFIG", kubeconfig.toString());
        b.environment().put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
        b.environment().put("XDG_STATE_HOME", tmp.resolve("state").toString());
        b.environment().put("HOME", tmp.toString());
        Process p = b.start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("proxying 127.0.0.1:") && first.contains(" to database at "
                    + "resource-database.sandbox-storefront.svc.cluster.local:5432 via rack API"), String.valueOf(first));
            String second = out.readLine();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "connect with postgres://storefront:\\*\\*\\*\\*@127\\.0\\.0\\.1:(\\d+)/app \\(Ctrl-C to stop\\)")
                    .matcher(String.valueOf(second));
            assertTrue(m.matches(), "the password masked: " + second);
            try (java.net.Socket c = new java.net.Socket("127.0.0.1", Integer.parseInt(m.group(1)))) {
                c.setSoTimeout(15_000);
                java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(c.getInputStream(),
                        java.nio.charset.StandardCharsets.UTF_8));
                assertTrue(in.readLine().startsWith("rackside sandbox: resource 'database' of sandbox-storefront"));
                c.getOutputStream().write("\\dt\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertEquals("database> \\dt", in.readLine());
            }
            assertEquals("connect: " + m.group(1), out.readLine());
            return true;
        } finally {
            p.destroy();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the proxy ends on SIGTERM");
        }
    }

    /**
     * One CLI run in this JVM. The mock API behind the sandbox closes watches on its only event loop with a
     * blocking wait; on a loaded machine the next connection can then time out for a while after a command
     * that watched. That is the mock's limit, not rackside's, so a run that could not connect (or whose rack did not
     * answer in time, so nothing was asked of it) is tried again.
     */
    static Cli cli(Environment env, String... args) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(args, env, new PrintWriter(out), new PrintWriter(err));
            boolean stalled = err.toString().contains("HTTP connect timed out")
                    || err.toString().contains("did not answer in");
            PRINTED.add(out.toString());
            PRINTED.add(err.toString());
            if (code == 0 || !stalled || attempt == 5) {
                return new Cli(code, out.toString(), err.toString());
            }
            Thread.sleep(3000);
        }
    }

    @Test
    void aFreshMachineOpensTheSandboxInTheConsole() throws Exception {
        assumeTrue(Tmux.available(), "tmux is installed on the build machines; this test needs it");
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        Path home = Files.createDirectories(tmp.resolve("home"));
        try (Tmux tmux = new Tmux("rackside-fresh-" + ProcessHandle.current().pid(), 120, 30,
                "cd " + repo + " && env -u KUBECONFIG -u XDG_CONFIG_HOME -u XDG_STATE_HOME HOME=" + home
                        + " RACKSIDE_ARCHIVE=off TERM=xterm-256color ./rackside; sleep 30")) {
            String s = tmux.awaitText("Apps (4)");
            assertTrue(s.contains("SANDBOX") && s.contains("sandbox › Apps"), s);
            tmux.literal(":app payments");
            tmux.keys("Enter");
            s = tmux.await(x -> x.contains("crashed") && x.contains("running"), "payments' pods, one service crashing");
            // Esc goes up the breadcrumb (the app's tabs are one level), not back to the tab seen before.
            tmux.literal("3");
            tmux.awaitText("sandbox › payments › Releases");
            tmux.keys("Escape");
            tmux.await(x -> x.contains("sandbox › Apps") && x.contains("Apps (4)"), "Esc from a tab goes up to Apps");
            Thread.sleep(500);
            tmux.literal(":app payments");
            tmux.keys("Enter");
            tmux.awaitText("sandbox › payments › Processes");
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
            tmux.await(x -> !x.contains("export which lines"), "the export prompt gone");
            // An Esc followed at once by ':' reads as Alt-: in any terminal; a person is slower than that.
            Thread.sleep(500);
            tmux.literal(":compliance");
            tmux.keys("Enter");
            s = tmux.await(x -> x.contains("AWS: recorded inventory") && x.contains("residency"),
                    "the sandbox's compliance, its AWS side labelled as recorded");

            // A promote from the console: the deadline asked first, then the question; its progress with the time it
            // rolls back at stays in view on another pane.
            tmux.keys("Escape");
            Thread.sleep(500);
            tmux.literal(":app storefront");
            tmux.keys("Enter");
            tmux.awaitText("sandbox › storefront › Processes");
            tmux.literal("3");
            tmux.awaitText("sandbox › storefront › Releases");
            tmux.literal("j");
            Thread.sleep(300);
            tmux.literal("P");
            tmux.awaitText("roll back if not ready within (seconds, or like 50m): 3000█");
            for (int i = 0; i < 4; i++) {
                tmux.keys("BSpace");
            }
            tmux.literal("0");
            tmux.awaitText("(a duration: 3000, 50m, 1h)"); // refused as it is typed
            tmux.keys("BSpace");
            tmux.literal("5m");
            tmux.keys("Enter");
            tmux.awaitText("(rolls back after 300s) on rack sandbox? [y/N]");
            tmux.literal("y");
            s = tmux.await(x -> x.matches("(?s).*deploying R[A-Z]{10}.*rolls back at \\d\\d:\\d\\dZ.*"),
                    "the deploy's progress with its rollback time");
            Thread.sleep(500);
            tmux.keys("Escape");
            s = tmux.await(x -> x.contains("sandbox › Apps") && x.lines().findFirst().orElse("").contains("storefront: "),
                    "the deploy still in the status line from Apps");
            tmux.literal(":q");
            tmux.keys("Enter");
        }
    }

    @Test
    void deployFromTheConsoleGoesFromADirectoryToARunningRelease() throws Exception {
        assumeTrue(Tmux.available(), "tmux is installed on the build machines; this test needs it");
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        Path home = Files.createDirectories(tmp.resolve("deploy-home"));
        try (Tmux tmux = new Tmux("rackside-deploy-" + ProcessHandle.current().pid(), 120, 30,
                "cd " + repo + " && env -u KUBECONFIG -u XDG_CONFIG_HOME -u XDG_STATE_HOME HOME=" + home
                        + " RACKSIDE_ARCHIVE=off TERM=xterm-256color ./rackside; sleep 30")) {
            tmux.awaitText("Apps (4)");
            tmux.literal(":app storefront");
            tmux.keys("Enter");
            tmux.awaitText("storefront › Processes");
            tmux.literal(":deploy");
            tmux.keys("Enter");
            tmux.awaitText("deploy storefront from directory: " + repo);
            tmux.literal("/test/example-app");
            tmux.keys("Enter");
            tmux.awaitText("and deploy it to storefront on rack sandbox? [y/N]");
            tmux.literal("y");
            String s = tmux.await(x -> x.contains("RUN bundle install"), "the build's log in the Deploy pane");
            assertTrue(s.contains("Deploy storefront from " + repo.resolve("test/example-app")), s);
            // Leaving the pane leaves the deploy running; :deploy shows it again.
            tmux.keys("Escape");
            tmux.awaitText("storefront › Processes");
            tmux.literal(":deploy");
            tmux.keys("Enter");
            tmux.awaitText("is still going: shown here");
            s = tmux.await(x -> x.contains(" · done (") && x.matches("(?s).*✓ promoted R[A-Z]{10}: Running.*"),
                    "the promote's end in the pane");
            tmux.keys("Escape");
            tmux.literal("2");
            tmux.await(x -> x.matches("(?s).*api-\\S+\\s+api\\s+running.*"), "the new service's process running");
            // The Builds pane: Enter on the newest build opens its log from the rack API.
            tmux.literal("4");
            tmux.awaitText("Builds (");
            tmux.keys("Enter");
            tmux.await(x -> x.contains("Logs storefront build/B") && x.contains("Running: docker push"),
                    "the build's log");
            tmux.literal(":q");
            tmux.keys("Enter");
        }
    }

    @Test
    void execFromTheConsoleHandsTheTerminalOverAndTakesItBack() throws Exception {
        assumeTrue(Tmux.available(), "tmux is installed on the build machines; this test needs it");
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        Path home = Files.createDirectories(tmp.resolve("exec-home"));
        Path stty = tmp.resolve("exec-stty");
        try (Tmux tmux = new Tmux("rackside-exec-" + ProcessHandle.current().pid(), 120, 30,
                "cd " + repo + " && env -u KUBECONFIG -u XDG_CONFIG_HOME -u XDG_STATE_HOME HOME=" + home
                        + " RACKSIDE_ARCHIVE=off TERM=xterm-256color ./rackside; stty -a > " + stty + "; sleep 30")) {
            tmux.awaitText("Apps (4)");
            tmux.literal(":app backoffice");
            tmux.keys("Enter");
            tmux.await(x -> x.contains("Processes (") && x.matches("(?s).*web-\\S+\\s+web\\s+running.*"),
                    "backoffice's web process running");
            tmux.literal("/^web-.*running");
            tmux.keys("Enter");
            tmux.awaitText("Processes (1/");
            tmux.literal("x");
            // The sandbox rack is not production: a shell opens without a question, through the rack API.
            String s = tmux.await(x -> x.contains("root@web-") && x.contains(":/app#"), "the shell's prompt");
            assertTrue(s.contains("rackside: open a shell in process web-"), s);
            tmux.literal("echo $SERVICE");
            tmux.keys("Enter");
            tmux.await(x -> x.lines().anyMatch(l -> l.strip().equals("web")), "the command's output");
            tmux.resize(100, 28);
            tmux.literal("cat VERSION");
            tmux.keys("Enter");
            tmux.awaitText("2026.11.30-1a2b3c4");
            tmux.literal("exit 4");
            tmux.keys("Enter");
            s = tmux.await(x -> x.contains("exited 4") && x.contains("Processes (1/"),
                    "the console back as it was, the exit code on the bottom line");
            assertTrue(s.contains("backoffice › Processes"), s);
            // :proxy opens a tunnel the status line lists; quitting closes it.
            tmux.resize(120, 30);
            tmux.literal(":proxy database 0");
            tmux.keys("Enter");
            s = tmux.await(x -> x.contains("proxy: database→127.0.0.1:"), "the tunnel in the status line");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("proxy: database→127\\.0\\.0\\.1:(\\d+)")
                    .matcher(s);
            assertTrue(m.find(), s);
            int port = Integer.parseInt(m.group(1));
            try (java.net.Socket c = new java.net.Socket("127.0.0.1", port)) {
                c.setSoTimeout(15_000);
                assertTrue(new java.io.BufferedReader(new java.io.InputStreamReader(c.getInputStream(),
                        java.nio.charset.StandardCharsets.UTF_8)).readLine().startsWith(
                        "rackside sandbox: resource 'database' of sandbox-backoffice"));
            }
            tmux.literal(":q");
            tmux.keys("Enter");
            long until = System.nanoTime() + 20_000_000_000L;
            while (!Files.exists(stty) && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            Thread.sleep(200);
            try (java.net.Socket c = new java.net.Socket("127.0.0.1", port)) {
                org.junit.jupiter.api.Assertions.fail("the tunnel outlived the console on port " + port);
            } catch (java.net.ConnectException closed) {
                // closed with the console, as it should be
            }
            String modes = Files.readString(stty);
            for (String mode : java.util.List.of("icanon", "echo", "isig")) {
                assertTrue(java.util.regex.Pattern.compile("(?m)(^|\\s)" + mode + "(\\s|$)").matcher(modes).find(),
                        "the terminal is back in cooked mode (" + mode + "):\n" + modes);
            }
        }
    }
}
