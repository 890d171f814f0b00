package dev.rackside.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.api.Services;
import dev.rackside.services.api.Tunnel;
import dev.rackside.services.audit.FileJournal;
import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.model.Rack;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.session.SessionBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code resources proxy} on the sandbox: through the rack API's proxy socket on the full sandbox and through a
 * Kubernetes port-forward to the resource's pod on a bare one. A client connecting to the local port talks to
 * what stands behind the resource (the sandbox's banner), both ways; the URL printed points at the local port
 * with its password masked; a port in use, an unknown resource and read-only mode are refused with nothing left
 * listening; the journal records who opened which tunnel.
 */
class ProxyTest {
    @TempDir
    static Path home;

    private static SandboxServer full;
    private static SandboxServer bare;
    private static Services api;
    private static Services kube;
    private static Services readOnly;
    private static ExecutorService pool;

    @BeforeAll
    static void start() throws Exception {
        pool = Executors.newFixedThreadPool(4);
        full = SandboxServer.start(31, Duration.ofMillis(200));
        bare = SandboxServer.start(32, Duration.ofMillis(200), new SandboxServer.Options(true, false));
        api = session(full, "full", false);
        kube = session(bare, "bare", false);
        readOnly = session(full, "ro", true);
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until && full.client().pods().inNamespace("sandbox-system").withLabel("service",
                "api").list().getItems().stream().noneMatch(PodSimulator::ready)) {
            Thread.sleep(50);
        }
    }

    private static Services session(SandboxServer s, String name, boolean ro) throws Exception {
        Path dir = Files.createDirectories(home.resolve(name));
        Path kubeconfig = s.writeKubeconfig(dir.resolve("sandbox.kubeconfig"));
        Environment env = new Environment(Map.of(), dir).onlyKubeconfig(kubeconfig);
        return SessionBuilder.of(env).io(pool).journal(new FileJournal(dir.resolve("journal.jsonl")))
                .aws(new AwsClients(Map.of())).readOnly(ro).build();
    }

    @AfterAll
    static void stop() {
        api.close();
        kube.close();
        readOnly.close();
        full.close();
        bare.close();
        pool.shutdownNow();
    }

    private static Rack rack(Services s) {
        return s.racks().resolve(Optional.of("sandbox"));
    }

    /** Connects, reads the banner, sends a line and reads its echo. */
    private static List<String> talk(int port) throws Exception {
        try (Socket c = new Socket(InetAddress.getLoopbackAddress(), port)) {
            c.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
            String banner = in.readLine();
            OutputStream out = c.getOutputStream();
            out.write("SELECT 1;\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            return List.of(banner, in.readLine());
        }
    }

    @Test
    void throughTheRackApiAClientReachesTheResource() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        Operations.Opened o = api.operations().proxy(rack(api), "storefront", "database", OptionalInt.of(0),
                events::add);
        assertTrue(o.outcome().ok(), o.outcome().message());
        try (Tunnel t = o.tunnel().orElseThrow()) {
            assertEquals(Optional.of("rack API (kubernetes tunnel)"), o.outcome().path());
            assertEquals("resource-database.sandbox-storefront.svc.cluster.local:5432", t.remote());
            assertEquals("postgres://storefront:****@127.0.0.1:" + t.localPort() + "/app", t.localUrl());
            assertEquals(List.of(ResourceBanners.banner("sandbox-storefront", "database").strip(),
                    "database> SELECT 1;"), talk(t.localPort()));
            assertEquals(List.of(ResourceBanners.banner("sandbox-storefront", "database").strip(),
                    "database> SELECT 1;"), talk(t.localPort()), "a second connection works as the first");
            assertEquals(2, t.accepted());
            assertTrue(events.contains("connect: " + t.localPort()), events.toString());
            assertTrue(full.apiRequests().stream().anyMatch(l -> l.contains("path=/apps/storefront/resources/database")),
                    "the URL came from ResourceGet");
            assertTrue(full.apiRequests().stream().anyMatch(l -> l.contains(
                    "path=/proxy/resource-database.sandbox-storefront.svc.cluster.local/5432")), "and the bytes "
                    + "through the proxy socket");
        }
    }

    @Test
    void withoutARackApiAPortForwardToTheResourcePod() throws Exception {
        Operations.Opened o = kube.operations().proxy(rack(kube), "storefront", "cache", OptionalInt.of(0), e -> { });
        assertTrue(o.outcome().ok(), o.outcome().message());
        try (Tunnel t = o.tunnel().orElseThrow()) {
            assertEquals(Optional.of("kubernetes"), o.outcome().path());
            assertTrue(t.via().startsWith("kubernetes port-forward to pod resource-cache-"), t.via());
            assertEquals("redis://127.0.0.1:" + t.localPort() + "/0", t.localUrl());
            assertEquals(List.of(ResourceBanners.banner("sandbox-storefront", "cache").strip(), "cache> SELECT 1;"),
                    talk(t.localPort()));
        }
    }

    @Test
    void closingTheTunnelFreesThePort() throws Exception {
        Operations.Opened o = api.operations().proxy(rack(api), "storefront", "cache", OptionalInt.of(0), e -> { });
        Tunnel t = o.tunnel().orElseThrow();
        int port = t.localPort();
        t.close();
        assertFalse(t.listening());
        // The listener's socket is released when its accepting thread wakes from the close: within moments.
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (true) {
            try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertEquals(port, again.getLocalPort());
                return;
            } catch (java.net.BindException e) {
                if (System.nanoTime() > until) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    @Test
    void aPortInUseIsRefusedWithThePortNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Operations.Opened o = api.operations().proxy(rack(api), "storefront", "database",
                    OptionalInt.of(taken.getLocalPort()), e -> { });
            assertEquals(Optional.empty(), o.tunnel());
            assertEquals(Outcome.Kind.FAILED, o.outcome().kind());
            assertTrue(o.outcome().message().contains("127.0.0.1:" + taken.getLocalPort() + " is already in use"),
                    o.outcome().message());
        }
    }

    @Test
    void anUnknownResourceIsTheRackApisNotFound() {
        Operations.Opened api404 = api.operations().proxy(rack(api), "storefront", "nosuch", OptionalInt.of(0),
                e -> { });
        assertEquals(Optional.empty(), api404.tunnel());
        assertEquals("proxy failed: the rack API answered 404: resource not found: nosuch", api404.outcome().message());
        Operations.Opened kube404 = kube.operations().proxy(rack(kube), "storefront", "nosuch", OptionalInt.of(0),
                e -> { });
        assertEquals(Optional.empty(), kube404.tunnel());
        assertTrue(kube404.outcome().message().startsWith("proxy failed: resource not found: nosuch"),
                kube404.outcome().message());
    }

    @Test
    void readOnlyRefusesAndTheJournalNamesTheTunnel() throws Exception {
        Operations.Opened ro = readOnly.operations().proxy(rack(readOnly), "storefront", "database", OptionalInt.of(0),
                e -> { });
        assertEquals(Outcome.Kind.REFUSED, ro.outcome().kind());
        assertEquals(Optional.empty(), ro.tunnel());
        Operations.Opened o = api.operations().proxy(rack(api), "storefront", "database", OptionalInt.of(0), e -> { });
        o.tunnel().orElseThrow().close();
        String journal = Files.readString(home.resolve("full/journal.jsonl"));
        assertTrue(journal.contains("\"action\":\"proxy\""), journal);
        assertTrue(journal.contains("\"resource\":\"database\""), journal);
        assertFalse(journal.contains(secretOf("storefront")), "the resource's password never reaches the journal");
    }

    private static String secretOf(String app) {
        String url = full.client().configMaps().inNamespace("sandbox-" + app).withName("resource-database").get()
                .getData().get("URL");
        return url.substring(url.indexOf(':', 12) + 1, url.indexOf('@'));
    }
}
