package dev.rackside.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.racks.Environment;
import dev.rackside.services.kube.ConvoxObjects;
import dev.rackside.services.testing.MockApi;
import dev.rackside.services.testing.MotoServer;
import dev.rackside.services.testing.SampleRack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The headless CLI, in process, against the mock API through a kubeconfig, as an operator would run it.
 * Each test gets a fresh API: the mock server closes watches on its single event loop with a blocking
 * wait, so a server that has just seen one CLI run close its informers answers the next run late.
 */
class CliTest {
    /** The AWS account of the compliance runs. */
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    MockApi api;
    @TempDir
    Path home;
    Path kubeconfig;
    int closedPort;

    record Result(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    @BeforeEach
    void seed() throws Exception {
        api = new MockApi();
        ConvoxObjects f = new ConvoxObjects(api.client());
        SampleRack.seedTwoRacks(f);
        kubeconfig = api.writeKubeconfig(home, "ops");
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
    }

    @AfterEach
    void close() {
        api.close();
    }

    Result run(Map<String, String> extraEnv, String... args) {
        Map<String, String> vars = new HashMap<>(Map.of("KUBECONFIG", kubeconfig.toString(),
                "XDG_CONFIG_HOME", home.resolve("config").toString(), "XDG_STATE_HOME", home.resolve("state").toString()));
        vars.putAll(extraEnv);
        // The mock server closes a departed client's watches on its only event loop with a blocking wait, and
        // stops answering for up to ~30 s (its limit, not rackside's): a command that met that is run again.
        for (int attempt = 1; ; attempt++) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(args, new Environment(vars, home), new PrintWriter(out), new PrintWriter(err));
            boolean stalled = err.toString().contains("did not answer in") || err.toString().contains(
                    "HTTP connect timed out");
            if (code == 0 || !stalled || attempt == 3) {
                return new Result(code, out.toString(), err.toString());
            }
        }
    }

    Result run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void racksListsBothRacksOfOneContextWithTheirFacts() {
        Result r = run("racks");
        assertEquals(0, r.code(), r.err());
        assertEquals(3, r.lines().size(), r.out() + r.err());
        assertEquals("NAME     PROVIDER  STATUS   CONTEXT  REGION         VERSION  TIER", r.lines().get(0));
        // An unset tier shows nothing (issue 19): trailing blanks are trimmed, as Convox's tables do.
        assertEquals("prod     aws       running  ops      us-gov-west-1  3.24.8", r.lines().get(1));
        assertEquals("staging  aws       running  ops      us-east-1      3.23.1", r.lines().get(2));
    }

    @Test
    void racksYamlMergesWithDiscoveryAndATypoNamesFileLineAndField() throws Exception {
        Path cfg = home.resolve("cfg-typo");
        Files.createDirectories(cfg.resolve("rackside"));
        Files.writeString(cfg.resolve("rackside/racks.yaml"), String.join("\n",
                "racks:",
                "  - name: prod",
                "    context: ops",
                "    tier: production",
                "    approvedRegions: [us-gov-west-1, us-gov-east-1]",
                "  - name: typo",
                "    contxt: ops",
                "  - name: away",
                "    context: away",
                ""));
        Files.writeString(home.resolve("kubeconfig-away"), "apiVersion: v1\nkind: Config\n"
                + MockApi.kubeconfigEntry("away", "https://127.0.0.1:" + closedPort));
        Path convox = home.resolve("convox-cli");
        Files.createDirectories(convox.resolve("racks/legacy-rack"));
        Files.writeString(convox.resolve("racks/legacy-rack/vars.json"),
                "{\"name\":\"legacy-rack\",\"region\":\"us-east-1\",\"release\":\"3.19.2\"}");
        Result r = run(Map.of("XDG_CONFIG_HOME", cfg.toString(), "CONVOX_CONFIG", convox.toString(),
                "KUBECONFIG", kubeconfig + ":" + home.resolve("kubeconfig-away")), "racks");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.lines();
        assertEquals(5, lines.size(), r.out());
        assertTrue(lines.get(1).matches("prod\\s+aws\\s+running\\s+ops\\s+us-gov-west-1\\s+3.24.8\\s+production"),
                lines.get(1));
        assertTrue(lines.get(2).matches("away\\s+-\\s+unreachable\\s+away\\s+-\\s+-"), lines.get(2));
        assertTrue(lines.get(3).startsWith("staging "), lines.get(3));
        assertTrue(lines.get(4).matches("legacy-rack\\s+-\\s+no context\\s+-\\s+us-east-1\\s+3.19.2"),
                lines.get(4));
        String file = cfg.resolve("rackside/racks.yaml").toString();
        assertTrue(r.err().contains("warning: " + file + ":7:5: racks[1].contxt: unknown field 'contxt' "
                + "(did you mean 'context'?)"), r.err());
        assertTrue(r.err().contains("racks[1].context: required field is missing"), r.err());
        assertTrue(r.err().contains("warning: rack away: unreachable"), r.err());
    }

    @Test
    void appsPrintsConvoxColumnsAndWarnsAboutBrokenApps() {
        Result r = run("apps", "--rack", "prod", "--check");
        assertEquals(0, r.code(), r.err());
        // Convox's APP STATUS RELEASE with the bare status (pkg/cli/apps.go); the lock and the health after them.
        assertEquals(List.of(
                "APP      STATUS    RELEASE      LOCKED  HEALTH",
                "api      running   RAPICURRDDD          stalled: Unschedulable",
                "billing  updating  RBILLINGAAA  locked  no processes ⚠",
                "broken   running   RBROKENAAAA          no processes ⚠",
                "empty    running   REMPTYAAAAA          no processes ⚠",
                "legacy   rollback  RLEGACYAAAA          no processes ⚠"), r.lines());
        assertTrue(r.err().contains("warning: app billing: convox.com/params annotation is not valid JSON"), r.err());
        assertTrue(r.err().contains("warning: app empty: release REMPTYAAAAA convox.yml: manifest is empty"),
                r.err());
        assertTrue(r.err().contains("warning: app broken: release RBROKENAAAA convox.yml:3:"), r.err());
        // Without --check the releases are not read: the same table, the namespace's own problems only.
        Result quick = run("apps", "--rack", "prod");
        assertEquals(r.lines().subList(0, 3), quick.lines().subList(0, 3));
        assertEquals("broken   running   RBROKENAAAA          no processes", quick.lines().get(3),
                "no ⚠: nothing is known against it without the release read");
        assertTrue(quick.err().contains("warning: app billing: convox.com/params annotation is not valid JSON"));
        assertFalse(quick.err().contains("convox.yml"), quick.err());
    }

    @Test
    void appsJsonCarriesTheDocumentedKeysAndProblems() {
        Result r = run("apps", "--rack", "prod", "-o", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode rows = JsonMapper.builder().build().readTree(r.out());
        assertEquals(5, rows.size());
        JsonNode billing = rows.get(1);
        assertEquals(List.of("name", "status", "release", "locked", "problems", "health"),
                List.copyOf(billing.propertyNames()), "new keys only ever come after the documented ones");
        assertEquals("updating", billing.get("status").asString());
        assertTrue(billing.get("locked").asBoolean());
        assertTrue(billing.get("problems").get(0).asString().contains("convox.com/params"), billing.toString());
        assertTrue(rows.get(4).get("status").asString().equals("rollback"), rows.get(4).toString());
    }

    @Test
    void anApiErrorWithEscapeSequencesIsShownNotObeyedOnStderr() {
        // What a proxy or an admission webhook in between could put in a 403's message: a new window title, the
        // operator's clipboard (OSC 52), a cleared screen, an 8-bit CSI.
        String hostile = "forbidden X\u001b]0;PWNTITLE\u0007\u001b]52;c;cm0gLXJmIH4=\u0007\u001b[2J\u009b31m";
        api.server().expect().get().withPath("/apis/convox.com/v1/namespaces/prod-api/releases?resourceVersion=0")
                .andReturn(403, new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(403)
                        .withReason("Forbidden").withMessage(hostile).build()).always();
        Result r = run(Map.of("RACKSIDE_RACK", "prod"), "releases", "-a", "api");
        assertEquals(1, r.code(), r.out() + r.err());
        for (char c : new char[] {'\u001b', '\u0007', '\u009b'}) {
            assertEquals(-1, r.err().indexOf(c), "no raw control character 0x" + Integer.toHexString(c) + " on stderr: "
                    + r.err());
        }
        assertTrue(r.err().contains("forbidden X^[]0;PWNTITLE^G^[]52;c;cm0gLXJmIH4=^G^[[2J\\u009b31m"), r.err());
    }

    @Test
    void aBrokenRacksFileIsReportedByEveryCommandNotOnlyRacks() throws Exception {
        Path dir = Files.createDirectories(home.resolve("config/rackside"));
        Files.writeString(dir.resolve("racks.yaml"), "racks:\n  - name: prod\n    context: ops\n    tier: "
                + "production\n    tier: development\n");
        Result r = run(Map.of("RACKSIDE_RACK", "prod", "XDG_CONFIG_HOME", home.resolve("config").toString()), "apps");
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("warning: " + dir.resolve("racks.yaml") + ":5:")
                && l.contains("key given twice")), r.err());
    }

    @Test
    void aContextThatDoesNotAnswerIsARowOfRacksWithItsReason() throws Exception {
        Files.writeString(home.resolve("kubeconfig-lab"), "apiVersion: v1\nkind: Config\n"
                + MockApi.kubeconfigEntry("lab", "https://127.0.0.1:" + closedPort));
        Result r = run(Map.of("KUBECONFIG", kubeconfig + ":" + home.resolve("kubeconfig-lab")), "racks");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.lines().stream().anyMatch(l -> l.matches("\\(lab\\)\\s+-\\s+unreachable\\s+lab\\s+-\\s+-.*")),
                "a row, not only a warning: " + r.out());
        assertTrue(r.err().contains("warning: context lab: "), r.err());
        Result json = run(Map.of("KUBECONFIG", kubeconfig + ":" + home.resolve("kubeconfig-lab")), "racks", "-o",
                "json");
        JsonNode lab = null;
        for (JsonNode n : JsonMapper.builder().build().readTree(json.out())) {
            if (n.path("context").asString("").equals("lab")) {
                lab = n;
            }
        }
        assertTrue(lab != null && lab.path("status").asString().equals("unreachable")
                && !lab.path("reason").asString("").isEmpty(), json.out());
    }

    @Test
    void auditTrailRefusesAQuestionItCannotAskBeforeAskingCloudTrail() {
        // Each of these fails before any AWS client is made (none of them could reach an account).
        Result both = run(Map.of("RACKSIDE_RACK", "prod"), "audit", "trail", "--since", "30d", "--from", "2026-09-01");
        assertEquals(1, both.code());
        assertTrue(both.err().contains("--since and --from are two ways to say the same; give one"), both.err());
        Result empty = run(Map.of("RACKSIDE_RACK", "prod"), "audit", "trail", "--from", "2026-12-01", "--to",
                "2026-11-01");
        assertTrue(empty.err().contains("the period is empty"), empty.err());
        Result badCategory = run(Map.of("RACKSIDE_RACK", "prod"), "audit", "trail", "--category", "dns");
        assertTrue(badCategory.err().contains("no category 'dns'"), badCategory.err());
        Result badFormat = run(Map.of("RACKSIDE_RACK", "prod"), "audit", "trail", "-o", "xlsx");
        assertEquals(2, badFormat.code(), badFormat.err());
        Result badSource = run(Map.of("RACKSIDE_RACK", "prod"), "audit", "trail", "--source", "athena");
        assertTrue(badSource.err().contains("--source must be lake or history, not 'athena'"), badSource.err());
        Result noLake = run(Map.of("RACKSIDE_RACK", "prod"), "audit", "trail", "--source", "lake");
        assertEquals(1, noLake.code(), noLake.err());
        assertTrue(noLake.err().contains("rack prod names no CloudTrail Lake event data store: set "
                + "compliance.cloudtrailLake in racks.yaml"), noLake.err());
    }

    @Test
    void throttlingIsWaitedOutAsTheServerAsks() throws Exception {
        // Three 429s, then the answer: the command asks again until it has it, and succeeds. (How long it waits is
        // fabric8's: Retry-After where the server sends one, else 100 ms doubling; this mock does not pass the
        // header through its CRUD dispatcher, so the count is what is checked.)
        api.server().expect().get().withPath("/apis/convox.com/v1/namespaces/prod-api/releases?resourceVersion=0")
                .andReturn(429, new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(429)
                        .withReason("TooManyRequests").withMessage("too many requests").build())
                .withHeader("Retry-After", "1").times(3);
        int before = api.server().getRequestCount();
        Result r = run(Map.of("RACKSIDE_RACK", "prod"), "releases", "-a", "api");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("ID "), r.out());
        int lists = 0;
        for (int i = 0; i < before; i++) {
            api.server().takeRequest(1, java.util.concurrent.TimeUnit.SECONDS);
        }
        for (var rq = api.server().takeRequest(1, java.util.concurrent.TimeUnit.SECONDS); rq != null;
                rq = api.server().takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (rq.getPath().equals("/apis/convox.com/v1/namespaces/prod-api/releases?resourceVersion=0")) {
                lists++;
            }
        }
        assertEquals(4, lists, "three throttled answers waited out, then the list; nothing more");
    }

    @Test
    void instancesAndRackSayWhatConvoxSaysThenMore() {
        // Seeded before the first command: the mock stalls for a while after a CLI client leaves.
        new ConvoxObjects(api.client()).pod("prod-system", "prod", "system", "api", "service", "api-6d8f9-abcde",
                ConvoxObjects.PodState.RUNNING, "", java.time.Instant.now(), List.of());
        // A node as EKS registers it; the mock serves no metrics for it.
        api.client().nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata()
                .withName("ip-10-1-2-3.us-gov-west-1.compute.internal").withLabels(Map.of(
                        "node.kubernetes.io/instance-type", "m5.large", "topology.kubernetes.io/zone", "us-gov-west-1a"))
                .endMetadata().withNewSpec().withProviderID("aws:///us-gov-west-1a/i-0123456789abcdef0").endSpec()
                .withNewStatus().addToAllocatable("cpu", new io.fabric8.kubernetes.api.model.Quantity("1930m"))
                .addToAllocatable("memory", new io.fabric8.kubernetes.api.model.Quantity("7548Mi"))
                .addNewCondition().withType("Ready").withStatus("True").endCondition().addNewAddress()
                .withType("InternalIP").withAddress("10.1.2.3").endAddress().endStatus().build()).create();
        Result r = run(Map.of("RACKSIDE_RACK", "prod"), "instances");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.lines().get(0).matches("ID +STATUS +STARTED +PS +CPU +MEM +PUBLIC +PRIVATE +INSTANCE +TYPE +ZONE "
                + "+CPU USED +MEM USED"), r.out());
        assertTrue(r.lines().get(1).matches("ip-10-1-2-3\\.us-gov-west-1\\.compute\\.internal +running +\\S.* +0 +"
                + "0\\.00% +0\\.00% +10\\.1\\.2\\.3 +i-0123456789abcdef0 +m5\\.large +us-gov-west-1a +n/a +n/a"),
                "Convox's 0.00% without metrics, rackside's n/a beside it: " + r.lines().get(1));
        Result rack = run(Map.of("RACKSIDE_RACK", "prod"), "rack");
        assertEquals(0, rack.code(), rack.err());
        assertEquals("Name      prod", rack.lines().get(0));
        assertTrue(rack.out().contains("\nStatus    running\n"), rack.out());
        assertTrue(rack.out().matches("(?s).*\\nID +SERVICE +STATUS.*\\napi-\\S+ +api +running.*"), "its system "
                + "processes: " + rack.out());
    }

    @Test
    void psShowsEveryStatusWithConvoxColumns() {
        Result r = run(Map.of("RACKSIDE_RACK", "prod"), "ps", "-a", "api");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.lines().get(0).matches("ID {19}SERVICE  STATUS     RELEASE      STARTED +COMMAND +READY  RESTARTS  WAITING +CPU +%CPU/R +MEM +%MEM/L"),
                "Convox's columns, then rackside's: " + r.out());
        assertTrue(r.out().matches("(?s).*worker-7f6d-ddddd\\s+worker\\s+crashed\\s+.*0/1\\s+7\\s+CrashLoopBackOff.*"),
                r.out());
        // STARTED is the pod's creationTimestamp, which the API server sets: seconds ago here.
        assertTrue(r.lines().get(1).matches("admin-6c5b-hhhhh\\s+admin\\s+unknown\\s+RAPICURRDDD\\s+(now|\\d+ seconds? ago)\\s+0/1\\s+0"
                + "(\\s+n/a){4}"),
                r.lines().get(1));
        assertTrue(r.out().contains("sh -c 'rake db:migrate && echo '\\''done'\\'''"), r.out());
        for (String status : List.of("running", "starting", "unhealthy", "crashed", "pending", "complete", "failed",
                "unknown")) {
            assertTrue(r.out().contains("  " + status + " "), status + " missing in\n" + r.out());
        }
    }

    @Test
    void psJsonIsStable() {
        Result r = run("ps", "--rack", "prod", "--app", "api", "-o", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode rows = JsonMapper.builder().build().readTree(r.out());
        assertEquals(8, rows.size());
        JsonNode crashed = null;
        for (JsonNode row : rows) {
            if (row.get("id").asString().equals("worker-7f6d-ddddd")) {
                crashed = row;
            }
        }
        assertEquals(List.of("id", "app", "service", "type", "status", "release", "started", "command", "instance",
                "restarts", "ready", "containers", "waiting", "cpuMillis", "memoryBytes", "metricsUnknown"),
                List.copyOf(crashed.propertyNames()));
        assertTrue(crashed.get("cpuMillis").isNull(), "the mock serves no metrics for it");
        assertEquals("no metrics for worker-7f6d-ddddd yet", crashed.get("metricsUnknown").asString());
        assertEquals("CrashLoopBackOff", crashed.get("waiting").asString());
        assertEquals("crashed", crashed.get("status").asString());
        assertEquals(7, crashed.get("restarts").asInt());
    }

    @Test
    void servicesShowConvoxServicesThenScaleColumns() {
        Result s = run("services", "--rack", "prod", "-a", "api");
        assertEquals(0, s.code(), s.err());
        // convox services 3.24.9: SERVICE DOMAIN PORTS, SCALE where a range exists, AUTOSCALE where one autoscales;
        // then rackside's DESIRED RUNNING READY CPU MEMORY, and CPU/MEM USED (n/a: the mock has no metrics-server).
        assertEquals("SERVICE  DOMAIN                       PORTS     SCALE  AUTOSCALE  DESIRED  RUNNING  READY  CPU  MEMORY"
                + "  CPU USED  MEM USED",
                s.lines().get(0), s.out());
        assertTrue(s.lines().get(1).matches("admin\\s+admin.api.prod.local\\s+4000\\s+1\\s+-\\s+1\\s+2\\s+0/1\\s+100\\s+128\\s+n/a\\s+n/a"),
                s.out());
        assertTrue(s.lines().get(2).matches("web\\s+web.api.prod.example.org\\s+443:3000\\s+2-8\\s+-\\s+2\\s+2\\s+1/2\\s+256\\s+512\\s+n/a\\s+n/a"),
                s.out());
        assertTrue(s.lines().get(3).matches("worker\\s+worker.api.prod.example.org\\s+3\\s+-\\s+3\\s+4\\s+0/3\\s+250\\s+1024\\s+n/a\\s+n/a"),
                s.out());
        Result scale = run("scale", "--rack", "prod", "-a", "api");
        assertEquals(0, scale.code(), scale.err());
        assertTrue(scale.lines().get(0).matches("SERVICE\\s+DESIRED\\s+RUNNING\\s+CPU\\s+MEMORY\\s+GPU\\s+MIN\\s+MAX(\\s+AUTOSCALE)?\\s+STATUS"),
                "convox scale's columns: " + scale.out());
        assertTrue(scale.out().matches("(?s).*web\\s+2\\s+2\\s+256\\s+512\\s+-\\s+2\\s+8.*"), scale.out());
    }

    @Test
    void releasesNewestFirstWithActive() {
        Result rel = run("releases", "--rack", "prod", "-a", "api");
        assertEquals(0, rel.code(), rel.err());
        assertTrue(rel.lines().get(1).matches("RAPICURRDDD\\s+active\\s+BAPIGOODAAA\\s+3 hours ago\\s+build 1a2b3c4 fix login"),
                rel.out());
        assertTrue(rel.lines().get(3).matches("RAPIOLDBBBB\\s+BAPIGOODAAA\\s+2 weeks ago\\s+initial"), rel.out());
    }

    @Test
    void buildsWithElapsed() {
        Result b = run("builds", "--rack", "prod", "-a", "api");
        assertEquals(0, b.code(), b.err());
        assertTrue(b.lines().get(2).matches("BAPIGOODAAA\\s+complete\\s+RAPIOLDBBBB\\s+2 weeks ago\\s+1m5s\\s+build 1a2b3c4"),
                b.out());
    }

    @Test
    void resourcesMaskPasswords() {
        Result res = run("resources", "--rack", "prod", "-a", "api");
        assertEquals(0, res.code(), res.err());
        assertTrue(res.out().contains("postgres://app:****@resource-database"), res.out());
        assertTrue(!res.out().contains("s3cretpass"), res.out());
    }

    @Test
    void logsPreviousShowsTheCrashWholeAndSaysWhenThereIsNone() {
        // The FATAL line is ten minutes old: --since (default 2m) must not hide the previous container's log.
        api.log("prod-api", "worker-7f6d-ddddd", "api", true, java.time.Instant.now().minusSeconds(600)
                + " FATAL: could not connect to redis\n");
        Result r = run(Map.of("RACKSIDE_RACK", "prod"), "logs", "-a", "api", "--process", "worker-7f6d-ddddd",
                "--previous", "--no-follow");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("FATAL: could not connect to redis"), r.out() + r.err());
        Result none = run(Map.of("RACKSIDE_RACK", "prod"), "logs", "-a", "api", "--process", "web-5d9c7b-aaaaa",
                "--previous", "--no-follow");
        assertTrue((none.out() + none.err()).contains("no previous container (restarts 0)"), none.out() + none.err());
    }

    // ---- the fault matrix's CLI rows (README "What happens when ...") ----------------------------------------

    @Test
    void expiredCredentialsSayWhatRenewsThem() {
        api.server().expect().get().withPath("/apis/convox.com/v1/namespaces/prod-api/releases?resourceVersion=0")
                .andReturn(401, new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(401)
                        .withReason("Unauthorized").withMessage("Unauthorized").build()).always();
        Result r = run(Map.of("RACKSIDE_RACK", "prod"), "releases", "-a", "api");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("unauthorized: the kube credentials were rejected or have expired (on EKS: aws sso "
                + "login --profile PROFILE; a stale kubeconfig: aws eks update-kubeconfig --name CLUSTER"), r.err());
    }

    @Test
    void aBurstOfServerErrorsIsRetriedWithinTheCommand() {
        api.server().expect().get().withPath("/apis/convox.com/v1/namespaces/prod-api/releases?resourceVersion=0")
                .andReturn(503, new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(503)
                        .withReason("ServiceUnavailable").withMessage("etcd leader changed").build()).times(2);
        api.server().expect().get().withPath("/apis/convox.com/v1/namespaces/prod-api/releases?resourceVersion=0")
                .andReturn(500, new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(500)
                        .withReason("InternalError").withMessage("try again").build()).once();
        Result r = run(Map.of("RACKSIDE_RACK", "prod"), "releases", "-a", "api");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("ID ") && r.out().contains("RAPICURRDDD"), r.out());
    }

    @Test
    void aNameThatDoesNotResolveIsSaidAsSuch() throws Exception {
        Path kc = home.resolve("kubeconfig-dns");
        Files.writeString(kc, "apiVersion: v1\nkind: Config\ncurrent-context: gone\n" + MockApi.kubeconfigEntry("gone",
                "https://api.rack-that-is-gone.invalid:6443"));
        Result r = run(Map.of("KUBECONFIG", kc.toString()), "apps", "--rack", "gone", "--timeout", "20");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("context gone: unreachable: the API server's name does not resolve (DNS)"),
                r.err());
    }

    @Test
    void aServerWhoseCertificateDoesNotVerifyIsRefusedNotSkipped() throws Exception {
        // A CA that did not sign the mock's certificate: what a man in the middle, or a wrong kubeconfig, looks like.
        Path store = home.resolve("other-ca.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process gen = new ProcessBuilder(keytool, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname",
                "CN=not-the-rack", "-ext", "bc:c", "-validity", "2", "-keystore", store.toString(), "-storepass",
                "changeit", "-storetype", "PKCS12").redirectErrorStream(true).start();
        gen.getInputStream().readAllBytes();
        assertEquals(0, gen.waitFor());
        Process export = new ProcessBuilder(keytool, "-exportcert", "-rfc", "-alias", "ca", "-keystore",
                store.toString(), "-storepass", "changeit").start();
        String pem = new String(export.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, export.waitFor());
        Path kc = home.resolve("kubeconfig-tls");
        Files.writeString(kc, "apiVersion: v1\nkind: Config\ncurrent-context: mitm\ncontexts:\n- name: mitm\n"
                + "  context: {cluster: mitm, user: mitm}\nclusters:\n- name: mitm\n  cluster:\n    server: '"
                + api.url() + "'\n    certificate-authority-data: " + java.util.Base64.getEncoder().encodeToString(
                        pem.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\nusers:\n- name: mitm\n"
                + "  user: {token: test-token}\n");
        Result r = run(Map.of("KUBECONFIG", kc.toString()), "apps", "--rack", "prod", "--timeout", "20");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("TLS failure"), r.err());
        assertFalse(r.out().contains("api "), "nothing was read past a certificate that does not verify: " + r.out());
    }

    @Test
    void errorsAreOneLineWithExitCodes() {
        Result unknownRack = run("apps", "--rack", "nope");
        assertEquals(1, unknownRack.code());
        assertEquals("rackside: no rack named 'nope' (known: prod, staging)", unknownRack.err().strip());
        Result ambiguous = run("apps");
        assertEquals(1, ambiguous.code());
        assertTrue(ambiguous.err().contains("several racks are known (prod, staging)"), ambiguous.err());
        Result usage = run("ps", "--rack", "prod");
        assertEquals(2, usage.code());
        assertTrue(usage.err().contains("Missing required option: '--app=APP'"), usage.err());
        Result help = run("releases", "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("--limit=N"), help.out());
        // Only the named command's model is built, yet the root's help lists them all, a misspelling still gets
        // the nearest name, and a nested command's help is there.
        Result all = run("--help");
        assertEquals(0, all.code(), all.err());
        for (Class<?> c : RacksideCommand.SUBCOMMANDS) {
            picocli.CommandLine.Command command = c.getAnnotation(picocli.CommandLine.Command.class);
            assertTrue(command.hidden() || java.util.regex.Pattern.compile("\n  " + command.name() + "[ ,]")
                    .matcher(all.out()).find(), command.name() + " missing from the help:\n" + all.out());
        }
        Result typo = run("relases");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("Did you mean: rackside releases"), typo.err());
        Result nested = run("--read-only", "apps", "lock", "--help");
        assertEquals(0, nested.code(), nested.err());
        assertTrue(nested.out().startsWith("Usage: rackside apps lock"), nested.out());
        // Root options only is the console (built without any subcommand): with no terminal it lists the racks, and
        // a misspelt option is still refused as usage.
        Result console = run("--read-only", "--rack", "prod");
        assertEquals(0, console.code(), console.err());
        assertTrue(console.out().contains("prod") && console.out().contains("staging"), console.out());
        Result badOption = run("--rack", "prod", "--raed-only");
        assertEquals(2, badOption.code());
        assertTrue(badOption.err().contains("Unknown option: '--raed-only'"), badOption.err());
        Result unknownApp = run("ps", "--rack", "prod", "-a", "ghost");
        assertEquals(1, unknownApp.code());
        assertEquals("rackside: app 'ghost' not found on rack prod", unknownApp.err().strip());
    }

    @Test
    void scaleRestartLockAreConfirmedJournaledAndVerifiable() throws Exception {
        Result noYes = run("scale", "--rack", "prod", "-a", "api", "web", "--count", "5");
        assertEquals(1, noYes.code());
        assertEquals("rackside: scale api/web count=5 needs --yes when stdin is not a terminal; nothing was changed",
                noYes.err().strip());
        Result ro = run("--read-only", "scale", "--rack", "prod", "-a", "api", "web", "--count", "5", "--yes");
        assertEquals(1, ro.code());
        assertEquals("rackside: read-only: scale is disabled (this session is read-only: --read-only); nothing was "
                + "changed", ro.err().strip());
        assertEquals(2, api.client().apps().deployments().inNamespace("prod-api").withName("web").get().getSpec()
                .getReplicas(), "nothing was changed");

        Result scaled = run("scale", "--rack", "prod", "-a", "api", "web", "--count", "5", "--yes");
        assertEquals(0, scaled.code(), scaled.err());
        // The fixture rack has a Deployment api with no ready pod: its API is down, so scale goes directly, and
        // says why.
        assertEquals("scaled api/web (count=5) (written to Kubernetes directly: the rack API cannot be used: cannot "
                + "open a tunnel to the rack API in prod-system: no ready pod behind Service api in prod-system)",
                scaled.out().strip());
        assertEquals(5, api.client().apps().deployments().inNamespace("prod-api").withName("web").get().getSpec()
                .getReplicas());
        assertEquals(0, run("lock", "--rack", "prod", "-a", "api", "--yes").code());
        assertEquals("true", api.client().namespaces().withName("prod-api").get().getMetadata().getAnnotations()
                .get("convox.com/lock"));

        Result verify = run("audit", "verify");
        assertEquals(0, verify.code(), verify.err());
        assertTrue(verify.out().startsWith("journal intact: 4 records; head "), verify.out());
        Result csv = run("audit", "export", "-o", "csv");
        assertEquals(5, csv.lines().size(), csv.out());
        assertTrue(csv.lines().get(0).startsWith("time,kind,action_id,operator,"), csv.out());
        assertTrue(csv.lines().get(1).contains(",intent,") && csv.lines().get(1).contains(",ops@ops,,prod,api,scale,"),
                csv.lines().get(1));

        Path journal = home.resolve("state/rackside/journal.jsonl");
        Files.writeString(journal, Files.readString(journal).replace("\"count\":\"5\"", "\"count\":\"50\""));
        Result tampered = run("audit", "verify");
        assertEquals(1, tampered.code());
        assertTrue(tampered.err().contains("journal.jsonl: line 1: its content was edited after it was written"),
                tampered.err());
    }

    @Test
    void unreachableRackFailsFastWithTheReason() throws Exception {
        Path cfg = home.resolve("cfg-down");
        Files.createDirectories(cfg.resolve("rackside"));
        Path kc = home.resolve("kubeconfig-down");
        Files.writeString(kc, "apiVersion: v1\nkind: Config\n" + MockApi.kubeconfigEntry("down",
                "https://127.0.0.1:" + closedPort));
        Files.writeString(cfg.resolve("rackside/racks.yaml"),
                "racks:\n  - name: down\n    context: down\n    kubeconfig: " + kc + "\n");
        Result r = run(Map.of("XDG_CONFIG_HOME", cfg.toString()), "apps", "--rack", "down", "--timeout", "20");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().startsWith("rackside: cannot read apps of rack down: app namespaces: unreachable"),
                r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    /** A pod that prints escape sequences and tabs, streamed by {@code logs --no-follow --tail 50}. */
    private void hostilePod() {
        dev.rackside.services.testing.LogFixtures.runningPod(api, "prod", "api", "web-evil", "web");
        dev.rackside.services.testing.LogFixtures.tail(api, "prod-api", "web-evil", "api", 50,
                dev.rackside.services.testing.LogFixtures.HOSTILE);
    }

    @Test
    void logsPrintConvoxLinesWithEveryControlShownNotObeyed() {
        hostilePod();
        Result r = run("logs", "--rack", "prod", "--app", "api", "--no-follow", "--tail", "50");
        assertEquals(0, r.code(), r.err());
        List<String> evil = r.lines().stream().filter(l -> l.contains("service/web/web-evil")).toList();
        assertEquals(List.of("2026-11-26T10:00:01Z service/web/web-evil ^[]0;owned^G^[[2J title and clear",
                "2026-11-26T10:00:02Z service/web/web-evil ERROR^Ipayment failed",
                "2026-11-26T10:00:03Z service/web/web-evil ^[]52;c;cm0gLXJmIH4=^G clipboard",
                "2026-11-26T10:00:04Z service/web/web-evil user \\u202egnp.exe bidi"), evil);
        assertTrue(r.out().chars().noneMatch(c -> c == 0x1b || c == 0x07), "no raw ESC or BEL reaches stdout");
    }

    @Test
    void logsFilterAndRefuseWhatTheyCannotDo() {
        hostilePod();
        Result filtered = run("logs", "--rack", "prod", "--app", "api", "--no-follow", "--tail", "50",
                "--filter", "payment|clipboard");
        assertEquals(List.of("2026-11-26T10:00:02Z service/web/web-evil ERROR^Ipayment failed",
                "2026-11-26T10:00:03Z service/web/web-evil ^[]52;c;cm0gLXJmIH4=^G clipboard"),
                filtered.lines().stream().filter(l -> l.contains("web-evil")).toList(), filtered.out());
        Result inverted = run("logs", "--rack", "prod", "--app", "api", "--no-follow", "--tail", "50",
                "--filter", "!web-evil");
        assertTrue(inverted.lines().stream().noneMatch(l -> l.contains("web-evil")), inverted.out());

        Result missing = run("logs", "--rack", "prod", "--app", "nope", "--no-follow");
        assertEquals(1, missing.code());
        assertEquals("rackside: app 'nope' not found on rack prod (no namespace prod-nope)", missing.err().strip());
        Result badSince = run("logs", "--rack", "prod", "--app", "api", "--since", "ten minutes");
        assertEquals(2, badSince.code());
        assertTrue(badSince.err().contains("'ten minutes' is not a duration like 30s, 2m, 1h30m or 2d"),
                badSince.err());
    }

    @Test
    void complianceExitsThreeOnAFailAndWritesTheOscalExport() throws Exception {
        Map<String, String> aws = MOTO.env();
        Result json = run(aws, "compliance", "--rack", "prod", "-o", "json");
        assertEquals(3, json.code(), json.err());
        JsonNode doc = new JsonMapper().readTree(json.out());
        assertEquals("aws-us-gov", doc.get("partition").asString());
        assertEquals("123456789012", doc.get("account").asString());
        assertEquals("live", doc.get("awsEvidence").asString());
        assertEquals("FAIL", doc.get("concerns").get("isolation").get("status").asString());
        assertEquals("FAIL", doc.get("concerns").get("keys").get("status").asString());
        assertEquals("FAIL", doc.get("concerns").get("audit").get("status").asString());
        assertTrue(doc.get("findings").size() > 0);
        assertTrue(doc.get("findings").get(0).get("evidence").get(0).asString().matches("[0-9a-f]{64}"));

        // The auditor's report: the failing AWS checks with what was found and how to fix it.
        Result md = run(aws, "compliance", "--rack", "prod", "--concern", "audit", "-o", "md");
        assertEquals(3, md.code(), md.err());
        assertTrue(md.out().contains("no trail covers us-gov-west-1"), md.out());
        // Both runs were kept as evidence, chained; their diff is readable.
        Result history = run(aws, "compliance", "history", "--rack", "prod");
        assertEquals(0, history.code(), history.err());
        assertTrue(history.lines().get(0).matches("RUN +STARTED +EVIDENCE +PASS +FAIL +ERROR +N/A +CHAIN"),
                history.out());
        assertEquals(3, history.lines().size(), history.out());
        assertTrue(history.lines().get(2).endsWith(" ok"), history.out());
        Result diff = run(aws, "compliance", "diff", "--rack", "prod");
        assertEquals(0, diff.code(), diff.err());
        assertTrue(diff.lines().get(0).matches("from \\d{8}T\\d{6}Z(-\\d)? to \\d{8}T\\d{6}Z(-\\d)?: .*"), diff.out());
        assertTrue(md.out().contains("Create a multi-Region trail"), md.out());
        assertTrue(md.out().contains("arn:aws-us-gov:cloudtrail:us-gov-west-1:123456789012:trail"), md.out());

        Path file = home.resolve("out/ar.json");
        Result oscal = run(aws, "compliance", "--rack", "prod", "-o", "oscal", "--out", file.toString());
        assertEquals(3, oscal.code(), oscal.err());
        assertEquals("wrote " + file.toAbsolutePath(), oscal.out().strip());
        assertEquals("1.1.2", new JsonMapper().readTree(Files.readString(file)).get("assessment-results")
                .get("metadata").get("oscal-version").asString());

        Result bad = run("compliance", "--rack", "prod", "--framework", "iso27001");
        assertEquals(2, bad.code());
        Result rbac = run("compliance", "permissions", "-o", "rbac");
        assertEquals(0, rbac.code(), rbac.err());
        assertTrue(rbac.out().contains("name: rack-auditor") && !rbac.out().contains("secrets"), rbac.out());
        Result iam = run("compliance", "permissions", "-o", "iam");
        assertEquals(0, iam.code(), iam.err());
        JsonNode policy = new JsonMapper().readTree(iam.out());
        String actions = policy.get("Statement").get(0).get("Action").toString();
        assertTrue(actions.contains("\"kms:GetKeyRotationStatus\"") && actions.contains("\"tag:GetResources\"")
                && !actions.contains("kms:Decrypt") && !actions.contains("secretsmanager:GetSecretValue"), actions);
    }

    @Test
    void complianceOnARackNothingCanBeReadOfExitsOne() throws Exception {
        Path kube = home.resolve("kubeconfig-down");
        Files.writeString(kube, "apiVersion: v1\nkind: Config\n"
                + MockApi.kubeconfigEntry("down", "https://127.0.0.1:" + closedPort));
        Path racks = home.resolve("racks-down.yaml");
        Files.writeString(racks, "racks:\n  - name: down\n    context: down\n    kubeconfig: " + kube
                + "\n    region: us-gov-west-1\n");
        // No AWS credentials either (the build gives tests none): every read fails.
        Result r = run(Map.of("RACKSIDE_RACKS_FILE", racks.toString()), "compliance", "--rack", "down", "-o", "json");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("rackside: nothing could be evaluated on rack down: could not list the rack's app"
                + " namespaces"), r.err());
        JsonNode doc = new JsonMapper().readTree(r.out());
        assertEquals("ERROR", doc.get("concerns").get("audit").get("status").asString(), "the report is still"
                + " written, every result ERROR");
    }
}
