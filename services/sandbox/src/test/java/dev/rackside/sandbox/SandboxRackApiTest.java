package dev.rackside.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.api.Progress;
import dev.rackside.services.api.Services;
import dev.rackside.services.audit.FileJournal;
import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.kube.RackClients;
import dev.rackside.services.model.Rack;
import dev.rackside.services.rackapi.ApiError;
import dev.rackside.services.rackapi.Endpoint;
import dev.rackside.services.rackapi.RackApi;
import dev.rackside.services.rackapi.RackApis;
import dev.rackside.services.rackapi.Structs;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.session.SessionBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's rack API, reached as rackside reaches a real rack's: a port-forward to a ready pod of Service
 * {@code api}, the password from Secret {@code api-password}, over TLS the tunnel trusts. One sandbox for the
 * class (the mock stalls after a client with watches leaves).
 */
class SandboxRackApiTest {
    @TempDir
    static Path home;

    private static SandboxServer sandbox;
    private static Environment env;
    private static RackClients clients;
    private static RackApis apis;
    private static Rack rack;
    private static ExecutorService pool;

    @BeforeAll
    static void start() throws Exception {
        sandbox = SandboxServer.start(11, Duration.ofMillis(200));
        Path kubeconfig = sandbox.writeKubeconfig(home.resolve("sandbox.kubeconfig"));
        env = new Environment(Map.of(), home).onlyKubeconfig(kubeconfig);
        pool = Executors.newFixedThreadPool(4);
        Services services = SessionBuilder.of(env).io(pool).journal(new FileJournal(home.resolve("j.jsonl")))
                .aws(new AwsClients(Map.of())).build();
        rack = services.racks().resolve(Optional.of("sandbox"));
        services.close();
        clients = new RackClients(env);
        apis = new RackApis(clients, "test", Duration.ofSeconds(10), Clock.systemUTC());
        waitForApiPod();
    }

    private static void waitForApiPod() throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until && sandbox.client().pods().inNamespace("sandbox-system")
                .withLabel("service", "api").list().getItems().stream().noneMatch(p -> p.getStatus() != null
                        && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")))) {
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() {
        apis.close();
        clients.close();
        pool.shutdownNow();
        sandbox.close();
    }

    private static RackApi api() {
        return assertInstanceOf(RackApis.Api.class, apis.choose(rack)).api();
    }

    @Test
    void theTunnelReachesTheRackApiWithThePasswordFromItsSecret() {
        Structs.System system = api().systemGet();
        assertEquals("sandbox", system.name());
        assertEquals("sandbox", system.provider());
        Structs.App app = api().appGet("storefront");
        assertEquals("running", app.status());
        assertTrue(app.release().startsWith("R"), app.toString());
        List<Structs.Release> releases = api().releaseList("storefront", Optional.empty());
        assertEquals(7, releases.size(), "six seeded releases and the unpromoted one");
        assertTrue(sandbox.apiRequests().stream().anyMatch(l -> l.contains("path=/system")
                && l.contains("actor=sandbox@sandbox") && l.contains("code=200")), sandbox.apiRequests()
                .toString());
    }

    @Test
    void scaleThroughTheApiChangesTheDeploymentAsConvoxWould() {
        api().serviceUpdate("backoffice", "worker", new RackApi.ScaleOptions(Optional.of(3), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()));
        assertEquals(3, sandbox.client().apps().deployments().inNamespace("sandbox-backoffice").withName("worker")
                .get().getSpec().getReplicas());
        Structs.Service worker = api().serviceList("backoffice").stream().filter(s -> s.name().equals("worker"))
                .findFirst().orElseThrow();
        assertEquals(3, worker.count());
    }

    @Test
    void aWrongPasswordIsTheRacksOwn401() {
        URI base = api().endpoint().base();
        Endpoint wrong = new Endpoint(base, Optional.of("not-the-password"), api().endpoint().trust(), "test");
        try (RackApi bad = new RackApi(wrong, "operator@example.test", "test", Duration.ofSeconds(5),
                Optional.empty())) {
            ApiError e = assertThrows(ApiError.class, bad::systemGet);
            assertEquals(401, e.status());
            assertTrue(e.getMessage().contains("invalid authentication"), e.getMessage());
        }
    }

    @Test
    void anUnknownAppIsA404InTheApisWords() {
        ApiError e = assertThrows(ApiError.class, () -> api().appGet("nosuchapp"));
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("app not found: nosuchapp"), e.getMessage());
    }

    @Test
    void rackOperationsWriteThroughTheApiWhenTheRackHasOne() throws Exception {
        FileJournal journal = new FileJournal(home.resolve("ops.jsonl"));
        try (Services services = SessionBuilder.of(env).io(pool).journal(journal).aws(new AwsClients(Map.of()))
                .build()) {
            Rack r = services.racks().resolve(Optional.of("sandbox"));
            Outcome out = services.operations().scale(r, "search", "worker", Operations.Scale.count(2));
            assertTrue(out.ok(), out.message());
            assertEquals(Optional.of("rack API (kubernetes tunnel)"), out.path());
            Outcome locked = services.operations().lock(r, "search", true);
            assertTrue(locked.ok(), locked.message());
            assertEquals("true", sandbox.client().namespaces().withName("sandbox-search").get().getMetadata()
                    .getAnnotations().get("convox.com/lock"));
        }
        assertTrue(sandbox.apiRequests().stream().anyMatch(l -> l.contains("method=PUT path=/apps/search/services/"
                + "worker")), sandbox.apiRequests().toString());
    }
}
