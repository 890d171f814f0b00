package dev.rackside.views.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyType;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.kube.ConvoxObjects;
import dev.rackside.services.testing.MockApi;
import dev.rackside.services.testing.SampleRack;
import dev.rackside.themes.ColourDepth;
import dev.rackside.views.keys.Actions;
import dev.rackside.views.keys.Keymap;
import dev.rackside.views.style.Palette;
import dev.rackside.views.style.ThemeLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console in Lanterna's virtual terminal, reading a Convox rack from the mock API through a kubeconfig. */
class ConsoleTest {
    /** The compliance pane's AWS side: moto, with the stubs for what moto lacks. */
    @org.junit.jupiter.api.extension.RegisterExtension
    static final dev.rackside.services.testing.MotoServer MOTO = new dev.rackside.services.testing.MotoServer();
    @org.junit.jupiter.api.extension.RegisterExtension
    static final dev.rackside.services.testing.AwsStub STUB = new dev.rackside.services.testing.AwsStub();
    @TempDir
    Path home;
    MockApi api;
    ExecutorService io;
    Environment env;
    VirtualScreen vs;
    Console console;
    dev.rackside.services.api.Services services;
    dev.rackside.services.api.LogLimits logLimits = dev.rackside.services.api.LogLimits.DEFAULT;

    @BeforeEach
    void rack() throws Exception {
        api = new MockApi();
        ConvoxObjects f = new ConvoxObjects(api.client());
        SampleRack.seedTwoRacks(f);
        io = Executors.newFixedThreadPool(4);
        Path kubeconfig = api.writeKubeconfig(home, "ops");
        env = new Environment(Map.of("KUBECONFIG", kubeconfig.toString(), "XDG_CONFIG_HOME",
                home.resolve("config").toString()), home);
    }

    void open(boolean readOnly, Optional<String> rack, int columns, int rows) throws Exception {
        open(readOnly, rack, columns, rows, "dark", ColourDepth.INDEXED_256);
    }

    void open(boolean readOnly, Optional<String> rack, int columns, int rows, String theme, ColourDepth depth)
            throws Exception {
        vs = new VirtualScreen(columns, rows);
        Palette palette = new Palette(new ThemeLoader(home).load(theme).theme(), depth);
        var journal = new dev.rackside.services.audit.FileJournal(home.resolve("journal.jsonl"));
        if (services != null) {
            services.close();
        }
        services = dev.rackside.services.session.SessionBuilder.of(env).io(io).journal(journal).readOnly(readOnly)
                .version("rackside test").aws(new dev.rackside.services.aws.AwsClients(MOTO.env(), STUB.interceptors()))
                .build();
        console = new Console(vs.screen, services, new ConsoleSettings(Keymap.defaults(Actions.ALL, readOnly), palette,
                rack, Optional.empty(), logLimits), vs::nextKey);
        console.start();
    }

    /** Opens the console on prod and drills into api's processes, as most walks start. */
    String openApiProcesses(boolean readOnly) throws Exception {
        open(readOnly, Optional.of("prod"), 120, 30);
        vs.awaitText("Apps (5)");
        vs.press(KeyType.Enter);
        return vs.awaitText("Processes (8)");
    }

    @AfterEach
    void close() throws Exception {
        if (console != null && !console.stopped()) {
            vs.type(":q");
            vs.press(KeyType.Enter);
            console.awaitQuit(Duration.ofSeconds(10));
        }
        if (services != null) {
            services.close();
        }
        io.shutdownNow();
        api.close();
    }

    @Test
    void walksRacksAppsAndProcessesWithFilterHelpAndQuit() throws Exception {
        open(false, Optional.empty(), 120, 30);
        String s = vs.awaitText("Racks (2)");
        assertTrue(s.contains("NAME     PROVIDER  STATUS   CONTEXT  REGION         VERSION  TIER"), s);
        assertTrue(vs.selectedLine().contains("prod     aws       running  ops      us-gov-west-1  3.24.8"), s);

        vs.press(KeyType.Enter);
        s = vs.awaitText("Apps (5)");
        assertTrue(s.contains(" prod › Apps"), s);
        assertTrue(s.contains("GOVCLOUD"), "GovCloud badge in the status line:\n" + s);
        assertTrue(s.contains("FIPS on"), s);
        assertTrue(s.matches("(?s).*billing\\s+updating\\s+RBILL\\w+\\s+locked\\s+\\S.* ⚠.*"),
                "Convox's bare status, then the lock and the health after its columns:\n" + s);
        assertTrue(s.matches("(?s).*api\\s+running\\s+RAPICURRDDD\\s+stalled: Unschedulable.*"),
                "an app whose pods cannot start reads so from the first screen:\n" + s);

        vs.press(KeyType.Enter);
        s = vs.awaitText("Processes (8)");
        assertTrue(s.contains(" prod › api › Processes"), s);
        for (String status : new String[] {"running", "starting", "unhealthy", "crashed", "pending", "complete",
            "failed", "unknown"}) {
            assertTrue(s.contains(" " + status + " "), status + "\n" + s);
        }

        vs.type("/work");
        s = vs.awaitText("Processes (4/8)  /work");
        assertFalse(s.contains("web-5d9c7b-aaaaa"), s);
        vs.press(KeyType.Enter);
        vs.type("!work");
        vs.press(KeyType.Escape);
        s = vs.awaitText("Processes (8)");
        vs.type("/!work");
        s = vs.awaitText("Processes (4/8)  /!work");
        assertTrue(s.contains("web-5d9c7b-aaaaa") && !s.contains("worker-7f6d-ccccc"), s);
        vs.press(KeyType.Escape);
        vs.awaitText("Processes (8)");

        vs.type("?");
        s = vs.awaitText("Keys in Processes (action id in brackets");
        assertTrue(s.matches("(?s).*d\\s+show the selected object as YAML, secrets masked\\s+\\[describe\\].*"), s);
        vs.press(KeyType.Escape);
        vs.awaitText("Processes (8)");

        vs.type(":q");
        vs.press(KeyType.Enter);
        assertTrue(console.awaitQuit(Duration.ofSeconds(10)), "console stops on :q");
    }

    @Test
    void commandLineCompletesAndDescribeMasksSecrets() throws Exception {
        open(false, Optional.of("prod"), 120, 40);
        vs.awaitText("Apps (5)");
        vs.type(":app a");
        vs.press(KeyType.Tab);
        vs.awaitText(":app api█");
        vs.press(KeyType.Enter);
        vs.awaitText("Processes (8)");
        vs.type(":rel");
        vs.press(KeyType.Tab);
        vs.awaitText(":releases█");
        vs.press(KeyType.Enter);
        String s = vs.awaitText("Releases (3)");
        assertTrue(vs.selectedLine().contains("RAPICURRDDD  active  BAPIGOODAAA  3 hours ago  build 1a2b3c4 fix login"),
                s);
        vs.type("d");
        s = vs.awaitText("Describe");
        s = vs.awaitText("DATABASE_PASSWORD=****");
        assertFalse(s.contains("hunter2"), s);
        vs.press(KeyType.Escape);
        vs.type(":");
        vs.press(KeyType.ArrowUp);
        vs.awaitText(":releases█");
        vs.press(KeyType.Escape);
        vs.type("5");
        s = vs.awaitText("Resources (2)");
        assertTrue(s.contains("postgres://app:****@resource-database"), s);
        vs.type(":compliance");
        vs.press(KeyType.Enter);
        s = vs.awaitText("Compliance (4)");
        assertTrue(s.matches("(?s).*residency\\s+pass\\s+\\d+.*"), s);
    }

    @Test
    void describeOfACrashingProcessLeadsWithItsLastStateAndEvents() throws Exception {
        java.time.Instant at = java.time.Instant.now().minusSeconds(90);
        api.client().v1().events().inNamespace("prod-api").resource(new io.fabric8.kubernetes.api.model.EventBuilder()
                .withNewMetadata().withName("worker-7f6d-ddddd.17a1").withCreationTimestamp(at.minusSeconds(600)
                        .toString()).endMetadata().withType("Warning").withReason("BackOff").withCount(12)
                .withMessage("Back-off restarting failed container api in pod worker-7f6d-ddddd")
                .withFirstTimestamp(at.minusSeconds(600).toString()).withLastTimestamp(at.toString())
                .withNewSource().withComponent("kubelet").endSource().withNewInvolvedObject().withKind("Pod")
                .withName("worker-7f6d-ddddd").withNamespace("prod-api").endInvolvedObject().build()).create();
        openApiProcesses(false);
        vs.type("/");
        vs.type("worker-7f6d-ddddd");
        vs.press(KeyType.Enter);
        vs.await(x -> vs.selectedLine().contains("worker-7f6d-ddddd"), "the crashed worker selected");
        vs.type("d");
        String s = vs.awaitText("Describe worker-7f6d-ddddd");
        assertTrue(s.contains("api: waiting (CrashLoopBackOff): back-off 5m0s restarting failed container, not ready, "
                + "restarts 7"), s);
        assertTrue(s.matches("(?s).*last state: terminated \\(Error\\), exit code 1, started \\S+, finished .*"), s);
        assertTrue(s.matches("(?s).*Events:[\\s│]+Warning  BackOff  1 minute ago \\(x12\\)  kubelet  Back-off restarting "
                + "failed container api.*"), s);
        int events = vs.lines().indexOf(vs.lines().stream().filter(l -> l.contains("Events:")).findFirst().orElseThrow());
        int yaml = vs.lines().indexOf(vs.lines().stream().filter(l -> l.contains("apiVersion: v1")).findFirst()
                .orElse("?"));
        assertTrue(yaml < 0 || yaml > events, "state and events come before the YAML:\n" + s);
    }

    @Test
    void selectionStaysOnItsRowAndChangesShowLive() throws Exception {
        openApiProcesses(false);
        for (int i = 0; i < 8 && !vs.selectedLine().contains("worker-7f6d-ddddd"); i++) {
            String before = vs.selectedLine();
            vs.type("j");
            vs.await(s -> !vs.selectedLine().equals(before), "the selection moving down");
        }
        assertTrue(vs.selectedLine().contains("worker-7f6d-ddddd"), vs.text());
        api.client().pods().inNamespace("prod-api").withName("admin-ggggg").delete();
        vs.awaitText("Processes (7)");
        assertTrue(vs.selectedLine().contains("worker-7f6d-ddddd"), vs.text());
        api.client().apps().deployments().inNamespace("prod-api").withName("web")
                .edit(d -> {
                    d.getSpec().setReplicas(5);
                    return d;
                });
        vs.type("1");
        vs.await(s -> s.contains("Services (3)") && s.matches("(?s).*web\\s+web\\.api\\.prod\\.example\\.org\\s+443:3000\\s+\\S+\\s+\\S+\\s+5\\s.*"),
                "web scaled to 5 desired");
    }

    @Test
    void scalingFromTheServicesPaneIsConfirmedAndJournaled() throws Exception {
        openApiProcesses(false);
        vs.type("1");
        String s = vs.awaitText("Services (3)");
        assertTrue(s.contains("<s> scale") && s.contains("<r> restart"), "dangerous actions are in the hints:\n" + s);
        vs.type("j");
        vs.await(x -> vs.selectedLine().contains("web"), "web selected");
        vs.type("s");
        vs.awaitText("scale api/web to how many (N, or MIN-MAX for the autoscaler): 2█");
        vs.press(KeyType.Backspace);
        vs.type("x");
        vs.awaitText("(a whole number of replicas, or MIN-MAX)");
        vs.press(KeyType.Enter);
        vs.awaitText("(a whole number of replicas, or MIN-MAX)"); // Enter does not take what is wrong
        vs.press(KeyType.Backspace);
        vs.type("10000");
        vs.awaitText("(more than 500 replicas is refused here");
        for (int i = 0; i < 5; i++) {
            vs.press(KeyType.Backspace);
        }
        vs.type("5");
        vs.press(KeyType.Enter);
        vs.awaitText("scale api/web count=5 on rack prod? [y/N] █");
        vs.type("y"); // one key answers; no Enter
        s = vs.awaitText("scaled api/web (count=5)");
        vs.await(x -> vs.selectedLine().matches(".*web\\s+web\\.api\\.prod\\.example\\.org\\s+443:3000\\s+\\S+\\s+\\S+\\s+5\\s.*"),
                "desired 5 on the web row");
        assertEquals(5, api.client().apps().deployments().inNamespace("prod-api").withName("web").get().getSpec()
                .getReplicas());
        var records = new dev.rackside.services.audit.FileJournal(home.resolve("journal.jsonl")).read();
        assertEquals(2, records.size());
        assertEquals("scale", records.get(0).get("action"));
        vs.type("r");
        vs.awaitText("restart api/web on rack prod? [y/N] █");
        vs.press(KeyType.Enter); // Enter means no
        vs.awaitText("restart api/web: not confirmed; nothing was changed");
    }

    @Test
    void historyShowsTheJournalNewestFirstAndFollowsIt() throws Exception {
        var journal = new dev.rackside.services.audit.FileJournal(home.resolve("journal.jsonl"));
        var intent = dev.rackside.services.model.JournalRecord.intent("a1", "oncall@ops", "prod", Optional.of("api"),
                "scale", Map.of("service", "web", "count", "4"));
        journal.append(intent);
        journal.append(intent.outcome(Optional.empty()));
        open(false, Optional.of("prod"), 120, 30);
        vs.awaitText("Apps (5)");
        vs.type(":history");
        vs.press(KeyType.Enter);
        String s = vs.awaitText("History (1)");
        assertTrue(s.contains("TIME (UTC)") && s.contains("OPERATOR"), "one row per action: " + s);
        assertTrue(vs.selectedLine().matches(".*scale\\s+prod\\s+api\\s+ok\\s+oncall@ops.*"), s);
        var lock = dev.rackside.services.model.JournalRecord.intent("a2", "oncall@ops", "prod", Optional.of("api"),
                "lock", Map.of());
        journal.append(lock);
        journal.append(lock.outcome(Optional.of("forbidden: namespaces \"prod-api\"")));
        vs.type("k");
        s = vs.awaitText("History (2)");
        assertTrue(s.matches("(?s).*lock\\s+prod\\s+api\\s+error\\s+oncall@ops\\s+forbidden.*"), s);
    }

    @Test
    void diagnoseExplainsTheCrashingWorkerAndOpensItsLogs() throws Exception {
        // The kubelet's answers for the app's pods: the crashed worker's last words, nothing for the others.
        api.log("prod-api", "worker-7f6d-ddddd", "api", true, "FATAL: could not connect to redis\n");
        open(false, Optional.of("prod"), 140, 60);
        vs.awaitText("Apps (5)");
        vs.type("D");
        String s = vs.awaitText("Deploy Diagnostics: api on prod");
        assertTrue(s.contains("Diagnose api"), s);
        assertTrue(s.contains("--- Service Status ---"), s);
        vs.type("/");
        vs.type("crash-looping|redis");
        vs.press(KeyType.Enter);
        s = vs.awaitText("FATAL: could not connect to redis");
        assertTrue(s.contains("Process is crash-looping on startup -- check the logs below for the error"), s);
        vs.press(KeyType.Escape);
        vs.type("/");
        vs.type("process: worker-7f6d-ddddd");
        vs.press(KeyType.Enter);
        vs.awaitText("process: worker-7f6d-ddddd");
        vs.press(KeyType.Enter);
        vs.awaitText("Logs api process/worker-7f6d-ddddd");
    }

    @Test
    void instancesAndTheRackItselfFromTheCommandLine() throws Exception {
        api.client().nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata()
                .withName("ip-10-1-2-3.ec2.internal").endMetadata().withNewSpec()
                .withProviderID("aws:///us-gov-west-1a/i-0123456789abcdef0").endSpec().withNewStatus()
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
        new ConvoxObjects(api.client()).pod("prod-system", "prod", "system", "api", "service", "api-6d8f9-abcde",
                ConvoxObjects.PodState.RUNNING, "", java.time.Instant.now(), java.util.List.of());
        open(false, Optional.of("prod"), 200, 30);
        vs.awaitText("Apps (5)");
        vs.type(":instances");
        vs.press(KeyType.Enter);
        String s = vs.awaitText("Instances (1)");
        assertTrue(s.matches("(?s).*ip-10-1-2-3\\.ec2\\.internal\\s+running.*i-0123456789abcdef0.*n/a.*"), s);
        vs.press(KeyType.Escape);
        vs.type(":system");
        vs.press(KeyType.Enter);
        s = vs.awaitText("Rack prod");
        assertTrue(s.contains("api-6d8f9-abcde"), s);
    }

    @Test
    void readOnlyAndProductionAreVisible() throws Exception {
        Files.createDirectories(home.resolve("config/rackside"));
        Files.writeString(home.resolve("config/rackside/racks.yaml"),
                "racks:\n  - name: prod\n    context: ops\n    tier: production\n");
        open(true, Optional.of("prod"), 100, 24);
        String s = vs.awaitText("Apps (5)");
        assertTrue(s.contains("READ-ONLY"), s);
        assertTrue(!s.contains("<L> lock"), "no dangerous action in read-only hints:\n" + s);
        assertTrue(s.contains("PRODUCTION"), s);
        assertTrue(vs.lines().get(2).startsWith("╔"), "production frame is doubled:\n" + s);
        vs.type("L"); // a dangerous key in read-only mode says why it does nothing
        vs.awaitText("read-only: lock is disabled (this session is read-only: --read-only)");
    }

    @Test
    void aRackReadOnlyInRacksYamlOffersNoChangeAndSaysWhy() throws Exception {
        Files.createDirectories(home.resolve("config/rackside"));
        Files.writeString(home.resolve("config/rackside/racks.yaml"),
                "racks:\n  - name: prod\n    context: ops\n    readOnly: true\n");
        openApiProcesses(false); // the session itself may change racks; this rack may not
        vs.type("1");
        String s = vs.awaitText("Services (3)");
        assertFalse(s.contains("<s> scale") || s.contains("<r> restart"), "no change offered on a read-only rack:\n" + s);
        vs.type("j");
        vs.type("s");
        vs.awaitText("read-only: scale is disabled (rack prod is read-only in racks.yaml)");
        assertFalse(vs.text().contains("to how many"), "nothing asked");
    }

    @Test
    void everyBundledThemeDrawsTheRackAt250By70() throws Exception {
        for (String theme : dev.rackside.themes.BundledThemes.NAMES) {
            open(false, Optional.of("prod"), 250, 70, theme, ColourDepth.TRUECOLOR);
            vs.awaitText("Apps (5)");
            vs.press(KeyType.Enter);
            String s = vs.awaitText("Processes (8)");
            assertEquals(250, vs.lines().get(2).length(), theme + "\n" + s);
            assertTrue(vs.lines().get(68).startsWith("└"), theme + "\n" + s);
            assertTrue(vs.selectedLine().contains("admin"), theme + "\n" + s);
            vs.type(":q");
            vs.press(KeyType.Enter);
            assertTrue(console.awaitQuit(Duration.ofSeconds(10)), theme);
        }
    }

    @Test
    void resizeRedrawsAtTheNewSize() throws Exception {
        open(false, Optional.of("prod"), 120, 30);
        vs.awaitText("Apps (5)");
        vs.terminal.setTerminalSize(new TerminalSize(80, 24));
        vs.await(s -> vs.lines().get(2).length() == 80 && vs.lines().get(22).startsWith("└"), "the frame at 80x24");
    }

    /** A process whose log attacks the terminal: everything shown, nothing obeyed; then filter and export. */
    @Test
    void logsOfAProcessShowHostileBytesVisiblyAndFilterAndExport() throws Exception {
        dev.rackside.services.testing.LogFixtures.runningPod(api, "prod", "api", "web-evil", "web");
        String huge = "2026-11-26T10:00:05Z " + "x".repeat(1 << 20) + "\n";
        dev.rackside.services.testing.LogFixtures.follow(api, "prod-api", "web-evil", "api", 300, 20,
                dev.rackside.services.testing.LogFixtures.HOSTILE + huge, java.time.Instant.parse("2026-11-26T10:00:05Z"));
        open(false, Optional.of("prod"), 120, 30);
        vs.awaitText("Apps (5)");
        vs.press(KeyType.Enter);
        vs.awaitText("Processes (9)");
        vs.type("/web-evil");
        vs.press(KeyType.Enter);
        vs.awaitText("Processes (1/9)");
        vs.type("l");
        String s = vs.awaitText("title and clear");
        assertTrue(s.contains("prod › api › Logs › process/web-evil"), s);
        assertTrue(s.contains("2026-11-26T10:00:01Z service/web/web-evil ^[]0;owned^G^[[2J title and clear"), s);
        assertTrue(s.contains("2026-11-26T10:00:02Z service/web/web-evil ERROR   payment failed"), s);
        assertTrue(s.contains("service/web/web-evil ^[]52;c;cm0gLXJmIH4=^G clipboard"), s);
        assertTrue(s.contains("service/web/web-evil user \\u202egnp.exe bidi"), s);
        assertTrue(s.chars().noneMatch(c -> c == 0x1b || c == 0x07 || c == 0x202e), "no control reached the cells");

        vs.type("w");
        // The 1 MB line was cut at 1 MiB when read, and is cut again for the screen at 4,096 characters.
        s = vs.awaitText("more chars]");
        assertTrue(s.contains("x …[" + ((1 << 20) - 21 + " …[line cut: 21 more bytes]".length()
                - dev.rackside.views.logs.LogViewState.MAX_SHOWN) + " more chars]"), s);
        vs.type("w");
        vs.type("/payment|clipboard");
        vs.press(KeyType.Enter);
        s = vs.awaitText("(2 match)");
        assertFalse(s.contains("title and clear"), s);
        vs.press(KeyType.Escape);
        vs.await(t -> t.contains("title and clear") && !t.contains("match)"), "the filter cleared");

        vs.terminal.addInput(new com.googlecode.lanterna.input.KeyStroke('s', true, false));
        vs.awaitText("export which lines");
        vs.type("2026-11-26T10:00:02Z..2026-11-26T10:00:04Z");
        vs.press(KeyType.Enter);
        s = vs.awaitText("export to: ");
        vs.press(KeyType.Enter);
        s = vs.awaitText("exported 2 lines to ");
        Path exports = home.resolve("exports");
        try (var files = Files.list(exports)) {
            Path file = files.findFirst().orElseThrow();
            assertEquals(java.util.List.of("2026-11-26T10:00:02Z service/web/web-evil ERROR\tpayment failed",
                    "2026-11-26T10:00:03Z service/web/web-evil \u001b]52;c;cm0gLXJmIH4=\u0007 clipboard"),
                    Files.readAllLines(file), "the export keeps the bytes as written, for the record");
        }
    }

    /** What the API server says the kube user may not do is marked before the operator tries it. */
    @Test
    void forbiddenActionsAreShownUnavailableAndRefusedWithoutAsking() throws Exception {
        api.server().expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
                .andReturn(201, new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder()
                        .withNewStatus().withAllowed(false).endStatus().build()).always();
        openApiProcesses(false);
        vs.type("1");
        String s = vs.awaitText("<s> scale ✗");
        assertTrue(s.contains("<r> restart ✗"), s);
        vs.type("j");
        vs.type("s");
        s = vs.awaitText("scale: your kube user may not do this here");
        assertFalse(s.contains("count (N or MIN-MAX)"), "no question asked: " + s);
        assertEquals(java.util.List.of(), new dev.rackside.services.audit.FileJournal(home.resolve("journal.jsonl")).read(),
                "nothing was attempted, so nothing is journaled");
    }

    /** The AWS side in the pane: the same finding, with the same words, as the CLI's report gives. */
    @Test
    void complianceShowsTheAwsFindingsOfTheRacksAccount() throws Exception {
        open(false, Optional.of("prod"), 140, 30);
        vs.awaitText("Apps (5)");
        vs.type(":compliance");
        vs.press(KeyType.Enter);
        vs.await(x -> x.contains("Compliance (4)") && x.contains("last run "), "a finished run");
        for (int i = 0; i < 4 && !vs.selectedLine().contains("audit"); i++) {
            String before = vs.selectedLine();
            vs.type("j");
            vs.await(x -> !vs.selectedLine().equals(before), "the selection moving");
        }
        vs.press(KeyType.Enter);
        String s = vs.awaitText("Compliance audit (9)");
        assertTrue(s.matches("(?s).*aud-trail-multiregion\\s+fail\\s+high.*"), s);
        assertTrue(s.matches("(?s).*aud-eks-controlplane-logs\\s+not applicable.*"), s);
        assertTrue(vs.selectedLine().contains("aud-trail-multiregion"), vs.selectedLine());
        vs.press(KeyType.Enter);
        s = vs.awaitText("Compliance audit/aud-trail-multiregion");
        assertTrue(s.contains("no trail covers us-gov-west-1"), s);
        assertTrue(s.contains("arn:aws-us-gov:cloudtrail:us-gov-west-1:123456789012:trail"), s);
    }

    /** Concern, check, result, evidence: the auditor's drill-down, and the filters. */
    @Test
    void complianceDrillsDownFromConcernToEvidence() throws Exception {
        open(false, Optional.of("prod"), 140, 30);
        vs.awaitText("Apps (5)");
        vs.type(":compliance");
        vs.press(KeyType.Enter);
        String s = vs.await(x -> x.contains("Compliance (4)") && x.contains("last run "), "a finished run");
        assertTrue(s.matches("(?s).*isolation\\s+fail\\s+\\d+\\s+\\d+.*"), s);
        vs.press(KeyType.Enter);
        s = vs.awaitText("Compliance isolation (16)");
        assertTrue(s.contains("k8s-pss-enforced") && s.contains("k8s-netpol-default-deny"), s);
        for (int i = 0; i < 8 && !vs.selectedLine().contains("k8s-pss-enforced"); i++) {
            String before = vs.selectedLine();
            vs.type("j");
            vs.await(x -> !vs.selectedLine().equals(before), "the selection moving");
        }
        vs.press(KeyType.Enter);
        s = vs.awaitText("Compliance isolation/k8s-pss-enforced");
        assertTrue(s.contains("no pod-security.kubernetes.io/enforce label"), s);
        vs.press(KeyType.Enter);
        s = vs.awaitText("Remediation:");
        assertTrue(s.matches("(?s).*[0-9a-f]{64}  k8s:namespaces.*"), "the evidence digest and what it is: " + s);
        vs.press(KeyType.Escape);
        vs.press(KeyType.Escape);
        vs.awaitText("Compliance isolation (16)");
        vs.type("S");
        vs.awaitText("FAIL only");
        vs.type("F");
        s = vs.awaitText("· soc2");
        vs.type("r");
        vs.await(x -> x.contains("last run ") && !x.contains("running:"), "a second run, the screen usable meanwhile");
    }
}
