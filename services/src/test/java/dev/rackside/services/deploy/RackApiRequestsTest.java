package dev.rackside.services.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.api.Progress;
import dev.rackside.services.api.Services;
import dev.rackside.services.audit.FileJournal;
import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.model.JournalRecord;
import dev.rackside.services.model.Rack;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.session.SessionBuilder;
import dev.rackside.services.testing.FakeRackApi;
import dev.rackside.services.testing.FakeRackApi.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import dev.rackside.services.kube.ConvoxObjects;
import dev.rackside.services.testing.MockApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every write rackside makes through a rack's API, against a recording rack API: the method, path, form body
 * and headers are those of the Convox 3.24.9 CLI (pkg/cli scale.go, restart.go, apps.go, releases.go, env.go,
 * ps.go; sdk/methods.go; stdsdk's url.Values encoding: keys sorted, query-escaped), and the API's refusals
 * come back as outcomes in its own words.
 */
class RackApiRequestsTest {
    private static final String RELEASE_OLD = "{\"id\":\"ROLD\",\"app\":\"shop\",\"build\":\"BOLD\",\"env\":"
            + "\"B=2\\nA=1 2\",\"manifest\":\"services: {}\",\"description\":\"old\",\"created\":\"2026-11-01T10:00:00Z\"}";
    private static final String RELEASE_NEW = "{\"id\":\"RNEW\",\"app\":\"shop\",\"build\":\"BOLD\",\"env\":\"A=1 2\\nB=2\","
            + "\"manifest\":\"\",\"description\":\"\",\"created\":\"2026-12-01T10:00:00Z\"}";

    @TempDir
    Path home;

    /** The rack's Kubernetes API, where rackside reads (one per class: the mock stalls after watchers leave). */
    private static MockApi kube;

    @BeforeAll
    static void kube() {
        kube = new MockApi();
        ConvoxObjects o = new ConvoxObjects(kube.client());
        o.rack("shop-rack", "3.24.9", "us-east-1", "shop.example.org");
        String ns = o.app("shop-rack", "shop", "Running", "RCUR", false, null);
        o.deployment(ns, "shop-rack", "shop", "web", 2, 3000, "256m", "512Mi", "RCUR");
    }

    @AfterAll
    static void closeKube() {
        kube.close();
    }

    private FakeRackApi api;
    private Services services;
    private Rack rack;
    private ExecutorService pool;
    private final AtomicInteger appGets = new AtomicInteger();
    private volatile String promoted = "RCUR";

    @BeforeEach
    void setUp() throws Exception {
        api = new FakeRackApi();
        // The app: running its current release; after a promote it is updating once, then running the new one.
        api.on("GET /apps/shop", r -> Answer.json("{\"name\":\"shop\",\"generation\":\"3\",\"locked\":false,"
                + "\"release\":\"" + promoted + "\",\"status\":\"" + (appGets.getAndIncrement() == 1 ? "updating"
                        : "running") + "\",\"parameters\":{}}"));
        api.on("GET /apps/shop/releases", Answer.json("[" + RELEASE_OLD + "]"));
        api.on("GET /apps/shop/releases/ROLD", Answer.json(RELEASE_OLD));
        api.on("POST /apps/shop/releases", Answer.json(RELEASE_NEW));
        api.on("POST /apps/shop/releases/RNEW/promote", r -> {
            promoted = "RNEW";
            appGets.set(1);
            return Answer.ok();
        });
        api.on("POST /apps/shop/releases/ROLD/promote", r -> {
            promoted = "ROLD";
            appGets.set(1);
            return Answer.ok();
        });
        api.on("GET /apps/shop/services", Answer.json("[{\"name\":\"worker\",\"count\":2,\"cpu\":250,"
                + "\"memory\":512},{\"name\":\"web\",\"count\":2,\"cpu\":256,\"memory\":512,\"domain\":\"web.x\"},"
                + "{\"name\":\"agent\",\"count\":0,\"cpu\":100,\"memory\":128,\"agent\":true}]"));
        api.on("PUT /apps/shop/services/web", Answer.ok());
        for (String s : new String[] {"agent", "web", "worker"}) {
            api.on("POST /apps/shop/services/" + s + "/restart", Answer.ok());
        }
        api.on("PUT /apps/shop", Answer.ok());
        api.on("POST /apps/shop/cancel", Answer.ok());
        api.on("DELETE /apps/shop/processes/web-5d8f7c9b6-x2x4p", Answer.ok());

        Path racks = home.resolve("racks.yaml");
        Files.writeString(racks, String.join("\n",
                "racks:",
                "  - name: shop-rack",
                "    context: ops",
                "    kubeconfig: " + kube.writeKubeconfig(home, "ops"),
                "    api: " + api.url().replace("http://", "http://convox:s3cr%2Ft@"),
                "    deployTimeout: 30",
                ""));
        Environment env = new Environment(Map.of("RACKSIDE_RACKS_FILE", racks.toString(), "KUBECONFIG",
                home.resolve("none").toString(), "CONVOX_CONFIG", home.resolve("convox").toString()), home);
        pool = Executors.newFixedThreadPool(2);
        services = SessionBuilder.of(env).io(pool).journal(new FileJournal(home.resolve("journal.jsonl")))
                .aws(new AwsClients(Map.of())).version("9.9.9").build();
        rack = services.racks().resolve(Optional.of("shop-rack"));
    }

    @AfterEach
    void tearDown() {
        services.close();
        pool.shutdownNow();
        api.close();
    }

    private Operations ops() {
        return services.operations();
    }

    private static Operations.Deploy deploy() {
        return new Operations.Deploy(Optional.empty(), false, Progress.NONE);
    }

    @Test
    void everyRequestCarriesTheSdksHeadersAndTheOperatorAsActor() {
        assertTrue(ops().scale(rack, "shop", "web", Operations.Scale.count(3)).ok());
        FakeRackApi.Request r = api.requests().get(api.requests().size() - 1);
        assertEquals("Basic " + Base64.getEncoder().encodeToString("convox:s3cr/t".getBytes()), r.header(
                "Authorization"), "the password from the URL's userinfo, percent-decoded");
        assertEquals("3.24.9", r.header("Version"));
        assertEquals("convox.go/3.24.9 rackside/9.9.9", r.header("User-Agent"),
                "the SDK's agent, then rackside's, so the rack's log tells the two apart");
        assertEquals("ops@ops", r.header("X-Convox-Actor"));
        assertEquals("application/x-www-form-urlencoded", r.header("Content-Type"));
        assertEquals("*/*", r.header("Accept"));
    }

    @Test
    void scaleIsOnePutWithTheFormConvoxScaleSends() {
        Outcome o = ops().scale(rack, "shop", "web", new Operations.Scale(Optional.of(3), Optional.of(512),
                Optional.of(1024), Optional.empty(), Optional.empty()));
        assertTrue(o.ok(), o.message());
        assertEquals(List.of("PUT /apps/shop/services/web count=3&cpu=512&memory=1024"), api.writes());
        api.clear();
        assertTrue(ops().scale(rack, "shop", "web", new Operations.Scale(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(2), Optional.of(8))).ok());
        assertEquals(List.of("PUT /apps/shop/services/web max=8&min=2"), api.writes());
    }

    @Test
    void restartRestartsEveryServiceInNameOrderAgentsIncluded() {
        assertTrue(ops().restart(rack, "shop", Optional.empty(), Progress.NONE).ok());
        assertEquals(List.of("POST /apps/shop/services/agent/restart", "POST /apps/shop/services/web/restart",
                "POST /apps/shop/services/worker/restart"), api.writes());
    }

    @Test
    void lockAndUnlockAreAppUpdatesAndCancelIsThenAReleaseOfTheLatest() {
        assertTrue(ops().lock(rack, "shop", true).ok());
        assertTrue(ops().lock(rack, "shop", false).ok());
        assertEquals(List.of("PUT /apps/shop lock=true", "PUT /apps/shop lock=false"), api.writes());
        api.clear();
        Outcome c = ops().cancel(rack, "shop", deploy());
        assertTrue(c.ok(), c.message());
        assertEquals(List.of("POST /apps/shop/cancel",
                "POST /apps/shop/releases build=BOLD&description=old&env=B%3D2%0AA%3D1+2"), api.writes(),
                "AppsCancel rewrites the last release with its build, description and env");
    }

    @Test
    void promoteSendsForceFalseAndTheTimeoutOnlyWhenChosen() {
        Outcome o = ops().promote(rack, "shop", "rold", deploy());
        assertTrue(o.ok(), o.message());
        assertEquals("promoted ROLD: Running", o.message());
        assertEquals(Optional.of("rack API (racks.yaml api)"), o.path());
        assertEquals(List.of("POST /apps/shop/releases/ROLD/promote force=false&timeout=30"), api.writes(),
                "the rack's deployTimeout is a chosen deadline");
    }

    @Test
    void rollbackIsAReleaseOfTheOldBuildAndEnvThenItsPromote() {
        Outcome o = ops().rollback(rack, "shop", "ROLD", deploy());
        assertTrue(o.ok(), o.message());
        assertEquals(List.of("POST /apps/shop/releases build=BOLD&env=B%3D2%0AA%3D1+2",
                "POST /apps/shop/releases/RNEW/promote force=false&timeout=30"), api.writes());
    }

    @Test
    void envSetSortsTheKeysOfTheNewestReleasesEnv() {
        Outcome o = ops().envChange(rack, "shop", new Operations.EnvChange(Map.of("C", "3", "A", "x"), List.of()),
                Optional.empty());
        assertTrue(o.ok(), o.message());
        assertEquals(List.of("POST /apps/shop/releases env=A%3Dx%0AB%3D2%0AC%3D3"), api.writes());
    }

    @Test
    void stopIsADeleteOfTheProcess() {
        assertTrue(ops().stop(rack, "shop", "web-5d8f7c9b6-x2x4p").ok());
        assertEquals(List.of("DELETE /apps/shop/processes/web-5d8f7c9b6-x2x4p"), api.writes());
    }

    @Test
    void theJournalRecordsWhichPathCarriedTheWrite() throws Exception {
        assertTrue(ops().scale(rack, "shop", "web", Operations.Scale.count(3)).ok());
        var entries = new FileJournal(home.resolve("journal.jsonl")).entries();
        JournalRecord done = entries.get(entries.size() - 1).record();
        assertEquals(Optional.of("rack API (racks.yaml api)"), done.path());
        assertEquals("ops@ops", done.operator());
        assertTrue(Files.readString(home.resolve("journal.jsonl")).indexOf("s3cr") < 0, "never the password");
    }

    @Test
    void aRackApiThatDoesNotAnswerInTimeIsNotTakenForDownOrForDone() throws Exception {
        // The PUT reaches the rack, which takes 20 s to answer: the rack may well be making the change.
        java.util.concurrent.CountDownLatch answered = new java.util.concurrent.CountDownLatch(1);
        api.on("PUT /apps/shop/services/web", r -> {
            try {
                answered.await(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.ok();
        });
        Path racks = home.resolve("racks.yaml");
        Environment env = new Environment(Map.of("RACKSIDE_RACKS_FILE", racks.toString(), "KUBECONFIG",
                home.resolve("none").toString(), "CONVOX_CONFIG", home.resolve("convox").toString()), home);
        try (Services patient = SessionBuilder.of(env).io(pool).journal(new FileJournal(home.resolve(
                "slow.jsonl"))).aws(new AwsClients(Map.of())).version("9.9.9").apiTimeout(Duration.ofSeconds(1))
                .build()) {
            Rack slow = patient.racks().resolve(Optional.of("shop-rack"));
            Integer before = kube.client().apps().deployments().inNamespace("shop-rack-shop").withName("web").get()
                    .getSpec().getReplicas();
            long start = System.nanoTime();
            Outcome o = patient.operations().scale(slow, "shop", "web", Operations.Scale.count(5));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            answered.countDown();
            assertEquals(Outcome.Kind.UNREACHABLE, o.kind(), o.message());
            assertTrue(o.message().contains("timed out") && o.message().endsWith("the rack may or may not have made "
                    + "the change: look before trying again"), o.message());
            assertTrue(tookMs < 15_000, "given up at the session's patience, not when the rack answered: " + tookMs);
            assertEquals(List.of("PUT /apps/shop/services/web count=5"), api.writes(), "sent once: a write that may "
                    + "have been carried out is never sent again, and never written to Kubernetes as well");
            assertEquals(before, kube.client().apps().deployments().inNamespace("shop-rack-shop").withName("web").get()
                    .getSpec().getReplicas(), "no direct fallback");
            JournalRecord outcome = new FileJournal(home.resolve("slow.jsonl")).entries().stream()
                    .map(e -> e.record()).filter(r -> !r.isIntent()).reduce((a, b) -> b).orElseThrow();
            assertTrue(outcome.error().orElse("").contains("may or may not have made the change"), outcome.toString());
            // The API is not marked down for it: the next change goes to the rack API again.
            api.on("PUT /apps/shop/services/web", Answer.ok());
            assertTrue(patient.operations().scale(slow, "shop", "web", Operations.Scale.count(5)).ok());
            assertEquals(Optional.of("rack API (racks.yaml api)"), patient.operations().scale(slow, "shop", "web",
                    Operations.Scale.count(5)).path());
        }
    }

    @Test
    void theApisRefusalsComeBackInItsOwnWords() {
        api.on("PUT /apps/shop/services/web", Answer.error(409, "app is locked"));
        Outcome locked = ops().scale(rack, "shop", "web", Operations.Scale.count(3));
        assertEquals(Outcome.Kind.CONFLICT, locked.kind());
        assertEquals("scale failed: the rack API answered 409: app is locked", locked.message());
        api.on("PUT /apps/shop/services/web", Answer.error(404, "service not found: web"));
        Outcome missing = ops().scale(rack, "shop", "web", Operations.Scale.count(3));
        assertEquals(Outcome.Kind.FAILED, missing.kind());
        assertTrue(missing.message().endsWith("404: service not found: web"), missing.message());
        api.on("PUT /apps/shop/services/web", new Answer(500, "application/json", "{\"error\":\"boom\"}\n"));
        Outcome boom = ops().scale(rack, "shop", "web", Operations.Scale.count(3));
        assertEquals(Outcome.Kind.FAILED, boom.kind());
        assertTrue(boom.message().endsWith("500: boom"), boom.message());
        assertEquals(3, api.requests().stream().filter(r -> r.method().equals("PUT")).count(),
                "one request per scale: a write the rack answered 500 is not sent again");
    }

    @Test
    void after401ScaleIsWrittenToKubernetesDirectlyAndSaysWhy() {
        api.on("PUT /apps/shop/services/web", Answer.error(401, "invalid authentication"));
        Outcome o = ops().scale(rack, "shop", "web", Operations.Scale.count(3));
        assertTrue(o.ok(), o.message());
        assertEquals(Optional.of("kubernetes"), o.path());
        assertEquals("scaled shop/web (count=3) (written to Kubernetes directly: the rack API refused the password "
                + "(401: invalid authentication))", o.message());
        assertEquals(3, kube.client().apps().deployments().inNamespace("shop-rack-shop").withName("web").get()
                .getSpec().getReplicas());
        // The rack API is now known to be down: the next deploy is refused with the reason, not tried.
        api.clear();
        Outcome p = ops().promote(rack, "shop", "ROLD", deploy());
        assertEquals(Outcome.Kind.UNREACHABLE, p.kind());
        assertTrue(p.message().startsWith("promote refused: the rack API cannot be used: the rack API refused the "
                + "password (401: invalid authentication); nothing was changed"), p.message());
        assertTrue(p.message().contains("--direct"), p.message());
        assertEquals(List.of(), api.requests(), "remembered as down: not asked again");
    }
}
