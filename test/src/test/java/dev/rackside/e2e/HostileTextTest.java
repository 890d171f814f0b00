package dev.rackside.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rackside.services.kube.ConvoxObjects;
import dev.rackside.services.testing.FakeRackApi;
import dev.rackside.services.testing.MockApi;
import dev.rackside.services.testing.MotoServer;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-text corpus: one set of payloads (C0 and C1 controls, CSI, OSC 0 and OSC 52, DCS, 8-bit CSI, bidi
 * overrides and isolates, lone surrogates, combining marks, wide characters and emoji, a 100 KB string) planted in
 * every field of a rack that reaches a screen, then every read command run on a real pty ({@code script}) and the
 * console walked through its panes in tmux with the pane's raw output captured. Nothing a rack says may reach the
 * terminal as a control: no raw control byte, C1 character or bidi control in the CLI's bytes, none of the
 * payloads' sequences in the console's, the frame intact, the process up until {@code :q}.
 */
class HostileTextTest {
    /** Each payload class once; every field below gets all of them. */
    static final List<String> PAYLOADS = List.of(
            "\u0007\u0008\u000b\u000c\u000e\u001f\u007f",            // C0 and DEL
            "\u001b[2J\u001b[31mred\u001b[0m",                      // ESC, CSI: clear screen, colours
            "\u001b]0;PWNTITLE\u0007",                              // OSC 0: the window title
            "\u001b]52;c;cm0gLXJmIH4=\u0007",                       // OSC 52: the operator's clipboard
            "\u001bP1$rPWNDCS\u001b\\",                              // DCS
            "\u009b2J\u0085\u008dC1",                               // 8-bit CSI and other C1
            "\u202eevil\u202c\u2066iso\u2069\u200f\u061c",         // bidi overrides, isolates and marks
            "\udcffhalf\ud800",                                     // lone surrogates (invalid UTF-8 on the wire)
            "e\u0301\u0301\u0301\u0301\u0301",                      // stacked combining marks
            "部署🚀",                                                // wide characters and an emoji
            "carriage\rreturn");                                    // a bare CR that would overwrite the line
    static final String HOSTILE = String.join(" ", PAYLOADS);
    static final String BIG = "A".repeat(100_000) + HOSTILE;

    /** The fields planted, as README counts them. */
    static final List<String> FIELDS = List.of("pod log line", "Event reason", "Event message",
            "namespace annotation convox.com/params", "release description (100 KB)", "release env key",
            "build description", "pod label", "pod node name", "container args", "container waiting message",
            "resource URL", "API error message (500)", "racks.yaml value echoed in a warning",
            "keymap action echoed in an error", "theme value echoed on the bottom line",
            "compliance finding and its evidence (a container name)", "CloudWatch log message",
            "rack API process id in the run banner", "rack API error on the exec socket (404)",
            "rack API error on a write (409)", "API error message (403)");

    @TempDir
    Path tmp;

    @Test
    void nothingARackSaysReachesTheTerminalAsAControl() throws Exception {
        assumeTrue(Tmux.available(), "tmux is installed on the build machines; this test needs it");
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        Path kubeconfig = tmp.resolve("kubeconfig");
        MotoServer moto = new MotoServer();
        moto.start();
        try {
            corpus(repo, kubeconfig, moto);
        } finally {
            moto.stop();
        }
    }

    private void corpus(Path repo, Path kubeconfig, MotoServer moto) throws Exception {
        try (MockApi api = MockRackServer.start(kubeconfig); FakeRackApi rackApi = hostileRackApi()) {
            plant(api);
            plantCloudWatch(moto);
            Path config = Files.createDirectories(tmp.resolve("config/rackside"));
            // prod reaches its rack API; a second entry's hostile tier is refused, quoted in the warning.
            Files.writeString(config.resolve("racks.yaml"), "racks:\n  - name: prod\n    context: ops\n"
                    + "    api: " + rackApi.url().replace("http://", "http://convox:pw@") + "\n"
                    + "  - name: other\n    context: ops\n    tier: \"" + quoted(HOSTILE) + "\"\n");
            String env = "env HOME=" + tmp + " KUBECONFIG=" + kubeconfig + " XDG_CONFIG_HOME=" + tmp.resolve("config")
                    + " XDG_STATE_HOME=" + tmp.resolve("state") + " RACKSIDE_ARCHIVE=off TERM=xterm-256color";
            // AWS (moto) only where the command reads it: the rest stay as quick as they were.
            String aws = moto.env().entrySet().stream().map(e -> " " + e.getKey() + "=" + e.getValue())
                    .collect(java.util.stream.Collectors.joining());

            List<String> commands = List.of("racks", "apps", "apps -o json", "ps -a evil", "ps -a evil -o json",
                    "services -a evil", "releases -a evil", "releases -a evil -o json", "builds -a evil",
                    "resources -a evil", "env -a evil", "logs -a evil --no-follow --since 1h", "diagnose -a evil",
                    "rack", "ps --no-such-flag", "compliance", "compliance -o md",
                    "logs -a evil --source cloudwatch --no-follow --since 1h",
                    "run -a evil web --detach -y -- echo hi", "exec -a evil -y web-hostile-aaaaa -- true",
                    "scale -a evil web --count 2 -y", "instances");
            // Two at a time: each is a JVM start and a read, and the machine has two cores.
            java.util.Map<String, String> outputs = new java.util.concurrent.ConcurrentHashMap<>();
            java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
                for (String command : commands) {
                    runs.add(two.submit(() -> {
                        String line = command.equals("racks") ? command : command.contains(" -- ")
                                ? command.replace(" -- ", " --rack prod -- ") : command + " --rack prod";
                        outputs.put(command, onPty(repo, env + (command.contains("cloudwatch") ? aws : "")
                                + " ./rackside " + line));
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> run : runs) {
                    run.get(300, TimeUnit.SECONDS);
                }
            } finally {
                two.shutdownNow();
            }
            for (String command : commands) {
                String out = outputs.get(command);
                assertNoControls(command, out);
                assertTrue(!java.util.regex.Pattern.compile("(?m)^\\s+at [a-z]+\\.[a-zA-Z.]+\\(").matcher(out).find(),
                        command + " printed a stack trace:\n" + out);
            }
            // The payloads did arrive (shown, not obeyed): the test is not passing on empty output.
            assertTrue(outputs.get("ps -a evil").contains("^[]0;PWNTITLE^G"), "the OSC is shown made visible:\n"
                    + outputs.get("ps -a evil"));
            assertTrue(outputs.get("logs -a evil --no-follow --since 1h").contains("PWNDCS"),
                    outputs.get("logs -a evil --no-follow --since 1h"));
            assertTrue(outputs.get("builds -a evil").contains("^[]52;c;"), "the 500's hostile message is shown:\n"
                    + outputs.get("builds -a evil"));
            String json = outputs.get("releases -a evil -o json");
            assertTrue(json.contains("\\u009b") && json.contains("\\u202e"), "JSON escapes C1 and bidi:\n"
                    + json.substring(0, Math.min(json.length(), 2000)));
            assertTrue(outputs.get("ps --no-such-flag").contains("Unknown option: '--no-such-flag'"),
                    "a usage error on a terminal is plain text:\n" + outputs.get("ps --no-such-flag"));
            for (String c : List.of("compliance", "compliance -o md")) {
                assertTrue(outputs.get(c).contains("privileged") && outputs.get(c).contains("^[]0;PWNTITLE^G"),
                        "the finding quoting the hostile container is shown (" + c + "):\n" + outputs.get(c));
            }
            assertTrue(outputs.get("racks").contains("warning: "), "the racks.yaml value is echoed in a warning:\n"
                    + outputs.get("racks"));
            String cloudwatch = outputs.get("logs -a evil --source cloudwatch --no-follow --since 1h");
            assertTrue(cloudwatch.contains("from CloudWatch ^G^H") && cloudwatch.contains("^[]0;PWNTITLE^G"),
                    "the CloudWatch message is shown:\n" + cloudwatch.substring(0, Math.min(cloudwatch.length(), 2000)));
            String run = outputs.get("run -a evil web --detach -y -- echo hi");
            assertTrue(run.lines().anyMatch(l -> l.startsWith("^G^H^K^L^N^_^? ^[[2J")),
                    "the process id the rack API named is shown in the banner:\n" + run);
            String exec = outputs.get("exec -a evil -y web-hostile-aaaaa -- true");
            assertTrue(exec.contains("exec refused ^G^H") && exec.contains("^[]0;PWNTITLE^G"),
                    "the rack API's exec error is shown:\n" + exec);
            String scale = outputs.get("scale -a evil web --count 2 -y");
            assertTrue(scale.contains("scale conflicted ^G^H") && scale.contains("^[]0;PWNTITLE^G"),
                    "the rack API's 409 is shown:\n" + scale);
            String instances = outputs.get("instances");
            assertTrue(instances.contains("denied ^G^H") && instances.contains("^[]0;PWNTITLE^G"),
                    "the 403's message is shown:\n" + instances);
            assertTrue(rackApi.requests().stream().anyMatch(r -> r.path().contains("/exec")),
                    "exec went to the rack API's socket: " + rackApi.requests());

            // A keymap naming an action that does not exist stops the console's start, quoting what it read.
            Path keys = Files.createDirectories(tmp.resolve("keys/rackside"));
            Files.writeString(keys.resolve("keymap.yaml"), "keys:\n  \"" + quoted(HOSTILE) + "\": ctrl-y\n");
            String keymap = onPty(repo, env.replace("XDG_CONFIG_HOME=" + tmp.resolve("config"), "XDG_CONFIG_HOME="
                    + tmp.resolve("keys")) + " ./rackside --rack prod");
            assertNoControls("(console with a hostile keymap)", keymap);
            assertTrue(keymap.contains("keymap.yaml:2:") && keymap.contains("^[]0;PWNTITLE^G"), keymap);

            // A theme whose colour is the payload: the console says so on its bottom line, in dark.
            Files.createDirectories(config.resolve("themes"));
            Files.writeString(config.resolve("themes/evil.yaml"), "name: evil\ncolours:\n  text: \""
                    + quoted(HOSTILE) + "\"\n");
            console(repo, env);
        }
    }

    private void console(Path repo, String env) throws Exception {
        Path raw = tmp.resolve("console.raw");
        Path exit = tmp.resolve("exit");
        try (Tmux tmux = new Tmux("rackside-hostile-" + ProcessHandle.current().pid(), 120, 30,
                "cd " + repo + " && " + env + " ./rackside --rack prod --theme evil; echo $? > " + exit + "; sleep 60")) {
            Tmux.run("tmux", "pipe-pane", "-o", "-t", "rackside-hostile-" + ProcessHandle.current().pid(),
                    "cat >> " + raw);
            frameIntact(tmux.awaitText("Apps ("));
            assertTrue(tmux.screen().lines().reduce((a, b) -> b).orElse("").contains("evil.yaml"),
                    "the broken theme is said on the bottom line:\n" + tmux.screen());
            tmux.literal(":app evil");
            tmux.keys("Enter");
            frameIntact(tmux.awaitText("Processes (1)"));
            tmux.literal("d");
            frameIntact(tmux.awaitText("Describe web-hostile-aaaaa"));
            tmux.keys("G");
            frameIntact(tmux.screen());
            tmux.keys("Escape");
            for (String tab : new String[] {"1", "3", "4", "5"}) {
                tmux.literal(tab);
                Thread.sleep(800);
                frameIntact(tmux.screen());
            }
            tmux.literal("3");
            Thread.sleep(500);
            tmux.literal("d");
            Thread.sleep(800);
            frameIntact(tmux.screen());
            tmux.keys("Escape");
            tmux.literal("2");
            Thread.sleep(500);
            tmux.literal("l");
            frameIntact(tmux.await(x -> x.contains("^[]0;PWNTITLE^G") && x.contains("Logs evil"), "the hostile log line shown"));
            tmux.keys("Escape");
            Thread.sleep(500);
            tmux.literal("1");
            Thread.sleep(500);
            tmux.literal("D");
            frameIntact(tmux.awaitText("Deploy Diagnostics: evil"));
            tmux.keys("Escape");
            Thread.sleep(500);
            tmux.literal(":q");
            tmux.keys("Enter");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.exists(exit) && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            Thread.sleep(200);
            assertEquals("0", Files.readString(exit).strip(), "the console stayed up and quit cleanly");
        }
        String bytes = new String(Files.readAllBytes(raw), StandardCharsets.UTF_8);
        for (String sequence : List.of("\u001b]", "\u001bP", "\u009b", "\u0085", "\u0007", "\u202e", "\u2066",
                "\u200f", "PWNTITLE\u0007")) {
            assertEquals(-1, bytes.indexOf(sequence), "the console wrote a payload's control "
                    + visible(sequence) + " to the terminal");
        }
        assertTrue(bytes.contains("PWNTITLE"), "the payload was drawn (made visible), not missing");
    }

    /** Runs a command on a pseudo-terminal and returns exactly the bytes the terminal received. */
    private static String onPty(Path repo, String command) throws Exception {
        Process p = new ProcessBuilder("script", "-q", "-e", "-c", "cd " + repo + " && " + command, "/dev/null")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), command);
        return new String(out, StandardCharsets.UTF_8);
    }

    private static void assertNoControls(String command, String out) {
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            boolean lineEnd = c == '\n' || c == '\t' || (c == '\r' && i + 1 < out.length() && out.charAt(i + 1) == '\n');
            boolean control = (c < 0x20 && !lineEnd) || c == 0x7f || (c >= 0x80 && c <= 0x9f)
                    || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
                    || c == 0x061c;
            if (control) {
                int from = Math.max(0, i - 60);
                throw new AssertionError("'rackside " + command + "' wrote " + visible(String.valueOf(c))
                        + " to the terminal after: " + visible(out.substring(from, i)));
            }
        }
    }

    /** Every line of the screen inside the frame ends at the frame's right edge: nothing pushed it out. */
    private static void frameIntact(String screen) {
        List<String> lines = screen.lines().toList();
        for (int i = 3; i < Math.min(lines.size(), 28); i++) {
            String l = lines.get(i);
            assertTrue(l.startsWith("│") || l.startsWith("║"), "line " + i + " lost its left frame:\n" + screen);
            assertTrue(l.endsWith("│") || l.endsWith("║"), "line " + i + " lost its right frame:\n" + screen);
        }
    }

    private static String visible(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x200e && c <= 0x2069) ? String.format("\\u%04x",
                    (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    /**
     * Escapes valid both in a YAML double-quoted scalar and in a JSON string, so the file or the answer itself
     * is valid and the value arrives with its controls.
     */
    private static String quoted(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * The rack's own API for the writes: a one-off process it names with the payload (the run banner prints the
     * id), and an exec socket it refuses with the payload as the reason (stdapi's text error).
     */
    private static FakeRackApi hostileRackApi() throws java.io.IOException {
        FakeRackApi api = new FakeRackApi();
        api.on("POST /apps/evil/services/web/processes", FakeRackApi.Answer.json("{\"id\":\"" + quoted(HOSTILE)
                + "\",\"app\":\"evil\",\"name\":\"web\",\"status\":\"pending\",\"release\":\"REVILAAAAAA\"}"));
        api.on("GET /apps/evil/processes/web-hostile-aaaaa/exec", FakeRackApi.Answer.error(404, "exec refused "
                + HOSTILE));
        api.on("PUT /apps/evil/services/web", FakeRackApi.Answer.error(409, "scale conflicted " + HOSTILE));
        return api;
    }

    /** The app's CloudWatch group as the rack's fluentd writes it, one stream, the payloads in its messages. */
    private static void plantCloudWatch(MotoServer moto) {
        try (var cw = software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient.builder()
                .region(software.amazon.awssdk.regions.Region.US_GOV_WEST_1)
                .endpointOverride(java.net.URI.create(moto.endpoint()))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("testing", "testing")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
            String group = "/convox/prod/evil";
            String stream = "service/web/web-gone-bbbbb";
            cw.createLogGroup(b -> b.logGroupName(group));
            cw.createLogStream(b -> b.logGroupName(group).logStreamName(stream));
            long at = Instant.now().minusSeconds(300).toEpochMilli();
            cw.putLogEvents(b -> b.logGroupName(group).logStreamName(stream).logEvents(
                    software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent.builder().timestamp(at)
                            .message("from CloudWatch " + HOSTILE).build(),
                    software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent.builder().timestamp(at + 1)
                            .message(BIG).build()));
        }
    }

    /** App {@code evil} on rack prod: every field that reaches a screen holds the payloads. */
    private static void plant(MockApi api) {
        ConvoxObjects f = new ConvoxObjects(api.client());
        String release = "REVILAAAAAA";
        String ns = f.app("prod", "evil", "Running", release, false, HOSTILE);
        Instant now = Instant.now();
        f.release(ns, "prod", "evil", release, "BEVILAAAAAA", now.minus(Duration.ofHours(1)), BIG,
                "K" + PAYLOADS.get(2) + "EY=value\nSAFE=1", ConvoxObjects.MANIFEST);
        f.build(ns, "prod", "evil", "BEVILAAAAAA", "complete", release, now.minus(Duration.ofHours(2)),
                now.minus(Duration.ofHours(2)).plusSeconds(40), HOSTILE);
        f.deployment(ns, "prod", "evil", "web", 1, 3000, "256m", "512Mi", release);
        // A privileged container whose name is the payload: the compliance finding quotes it.
        api.client().apps().deployments().inNamespace(ns).withName("web").edit(d -> {
            var c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            c.setName("web" + HOSTILE);
            c.setSecurityContext(new io.fabric8.kubernetes.api.model.SecurityContextBuilder().withPrivileged(true)
                    .build());
            return d;
        });
        f.resource(ns, "prod", "evil", "database", "postgres", "postgres://app:pw@db" + HOSTILE + ":5432/app");
        f.pod(ns, "prod", "evil", "web", "service", "web-hostile-aaaaa", ConvoxObjects.PodState.CRASHED, release,
                now.minusSeconds(600), List.of("bin/web", HOSTILE));
        api.client().pods().inNamespace(ns).withName("web-hostile-aaaaa").edit(p -> {
            p.getMetadata().getLabels().put("note", HOSTILE);
            p.getSpec().setNodeName("ip-10-0-1-17" + HOSTILE);
            p.getStatus().getContainerStatuses().get(0).getState().getWaiting().setMessage(HOSTILE);
            return p;
        });
        api.client().v1().events().inNamespace(ns).resource(new EventBuilder().withNewMetadata()
                .withName("web-hostile-aaaaa.1").endMetadata().withType("Warning").withReason("BackOff" + HOSTILE)
                .withMessage(HOSTILE).withLastTimestamp(now.minusSeconds(30).toString()).withCount(3)
                .withNewInvolvedObject().withKind("Pod").withName("web-hostile-aaaaa").withNamespace(ns)
                .endInvolvedObject().build()).create();
        api.log(ns, "web-hostile-aaaaa", "evil", false, now.minusSeconds(60) + " " + HOSTILE + "\n"
                + now.minusSeconds(59) + " " + BIG + "\n");
        api.log(ns, "web-hostile-aaaaa", "evil", true, now.minusSeconds(700) + " FATAL " + HOSTILE + "\n");
        // The rack's instances forbidden with the payload as the reason (the console's walk does not need them).
        api.server().expect().get().withPath("/api/v1/nodes").andReturn(403, new StatusBuilder().withCode(403)
                .withReason("Forbidden").withMessage("denied " + HOSTILE).build()).always();
        api.server().expect().get().withPath("/apis/convox.com/v1/namespaces/" + ns + "/builds?resourceVersion=0")
                .andReturn(500, new StatusBuilder().withCode(500).withReason("InternalError").withMessage(HOSTILE)
                        .build()).always();
    }
}
