package dev.rackside.sandbox;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.List;
import java.util.Optional;
import java.time.Clock;
import dev.rackside.services.kube.ConvoxObjects;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The sandbox rack: the fabric8 mock Kubernetes API in CRUD mode on 127.0.0.1 (a free port, TLS), with API
 * discovery for kubectl, seeded with a Convox v3 rack, and the pod simulator behind it. rackside reads it
 * through a kubeconfig with exactly the code it uses on a real rack; only the API server and the
 * controllers are simulated.
 */
public final class SandboxServer implements dev.rackside.services.api.Sandbox.Running {
    public static final String RACK = SandboxSeed.RACK;
    public static final String CONTEXT = dev.rackside.services.api.Sandbox.CONTEXT;
    /** Quiets the mock server's request log (JUL, INFO per request); held so the level sticks. */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final ScheduledExecutorService clock;
    private final PodSimulator pods;
    private final AtomSimulator atoms;
    /** The rack API's loopback port, once it serves; the tunnel relays to it. */
    private final AtomicInteger apiPort;
    private SandboxRackApi api;
    private ResourceBanners banners;

    private SandboxServer(KubernetesMockServer server, AtomicInteger apiPort, PodLogs logs,
            long seed, Duration readyAfter) {
        this.server = server;
        this.apiPort = apiPort;
        this.client = server.createClient();
        this.clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-controllers");
            t.setDaemon(true);
            return t;
        });
        SimulatedEvents events = new SimulatedEvents(client, seed);
        this.pods = new PodSimulator(client, clock, seed, readyAfter, events, logs);
        this.atoms = new AtomSimulator(client, clock, events, Duration.ofMillis(Math.max(100, readyAfter.toMillis() / 2)), pods);
    }

    /** A CRUD-mode mock API over TLS on a free loopback port: the tests' Kubernetes peer. */
    public static KubernetesMockServer crudServer() {
        return crudServer(null);
    }

    /**
     * A CRUD-mode mock API whose pod log endpoint answers from {@code logs}, with kubectl's API discovery
     * when {@code discovery}: for benchmarks and tests that need logs the mock cannot serve by itself.
     */
    public static KubernetesMockServer crudServerWithLogs(LogResponder logs, boolean discovery) {
        KubernetesMockServer server = crudServer(logs);
        if (discovery) {
            ApiDiscovery.install(server);
        }
        return server;
    }

    /** The same, with pod logs served from {@code logs} when given (the sandbox). */
    static KubernetesMockServer crudServer(LogResponder logs) {
        return crudServer(logs, null);
    }

    /** The same, tunnelling port-forwards to the rack API's pods to {@code apiPort} when given. */
    private static KubernetesMockServer crudServer(LogResponder logs, IntSupplier apiPort) {
        return crudServer(logs, apiPort, null, null);
    }

    /**
     * The mock's WebSocket server offers v1 to v4 of the channel protocol; kubectl 1.30+ asks for
     * v5.channel.k8s.io only (v4 plus a close channel) and otherwise falls back to SPDY, which the mock does not
     * speak. v1 has been obsolete since Kubernetes 1.4, so its slot offers v5 instead. The list is the mock's
     * private array, read when each server starts: changed once, before any starts.
     */
    private static synchronized void offerChannelV5() {
        try {
            java.lang.reflect.Field f = io.fabric8.mockwebserver.MockWebServer.class.getDeclaredField(
                    "SUPPORTED_WEBSOCKET_SUB_PROTOCOLS");
            f.setAccessible(true);
            String[] protocols = (String[]) f.get(null);
            for (int i = 0; i < protocols.length; i++) {
                if ("v1.channel.k8s.io".equals(protocols[i])) {
                    protocols[i] = "v5.channel.k8s.io";
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a mock without that list: kubectl exec falls back and fails, rackside's own exec (v4) still works
        }
    }

    /** The same, answering pods/exec with the simulated shell (through {@code client}) when given. */
    private static KubernetesMockServer crudServer(LogResponder logs, IntSupplier apiPort,
            java.util.function.Supplier<KubernetesClient> client, ResourceBanners banners) {
        QUIET.setLevel(java.util.logging.Level.WARNING);
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        io.fabric8.mockwebserver.http.Dispatcher dispatcher = new KubernetesMixedDispatcher(responses);
        if (logs != null) {
            dispatcher = new LogServingDispatcher(dispatcher, logs);
        }
        if (apiPort != null) {
            PortForwardRelay.Listening api = PortForwardRelay.pods(RACK + "-system", "api", 5443, apiPort);
            dispatcher = new PortForwardRelay(dispatcher, banners == null ? api : PortForwardRelay.either(api,
                    banners::forPod));
        }
        if (client != null) {
            offerChannelV5();
            dispatcher = new ExecRelay(new JsonAnswers(dispatcher), client);
        }
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                dispatcher, true);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return server;
    }

    /** Starts, seeds and animates the sandbox rack; pods become ready {@code readyAfter} after they start. */
    public static SandboxServer start(long seed, Duration readyAfter) {
        return start(seed, readyAfter, true);
    }

    /**
     * How the sandbox rack is laid out for a test: whether it runs its atom controller, and whether it runs a
     * rack API at all (without one it is a bare cluster, where rackside writes to Kubernetes directly).
     */
    public record Options(boolean atomController, boolean rackApi) {
        public static final Options FULL = new Options(true, true);
    }

    /**
     * @param atomController whether the rack runs its atom controller (Deployment {@code atom} in
     *                       {@code sandbox-system}); without it the rack is like a bare cluster, where rackside
     *                       drives deploys itself
     */
    public static SandboxServer start(long seed, Duration readyAfter, boolean atomController) {
        return start(seed, readyAfter, new Options(atomController, true));
    }

    public static SandboxServer start(long seed, Duration readyAfter, Options options) {
        boolean atomController = options.atomController();
        PodLogs logs = new PodLogs();
        AtomicInteger apiPort = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<KubernetesClient> own = new java.util.concurrent.atomic.AtomicReference<>();
        ResourceBanners banners = new ResourceBanners();
        KubernetesMockServer server = crudServer(logs, apiPort::get, own::get, banners);
        ApiDiscovery.install(server);
        SandboxServer sandbox = new SandboxServer(server, apiPort, logs, seed, readyAfter);
        sandbox.banners = banners;
        own.set(sandbox.client);
        SandboxSeed.seed(sandbox.client, seed, logs);
        if (!atomController) {
            sandbox.client.apps().deployments().inNamespace(SandboxSeed.RACK + "-system").withName("atom").delete();
        }
        if (!options.rackApi()) {
            // A bare cluster: no Convox rack API, so no api Deployment (and none of its rack facts).
            sandbox.client.apps().deployments().inNamespace(SandboxSeed.RACK + "-system").withName("api").delete();
            sandbox.client.services().inNamespace(SandboxSeed.RACK + "-system").withName("api").delete();
        } else {
            sandbox.api = new SandboxRackApi(sandbox.client, RACK, Clock.systemUTC(), banners);
            sandbox.api.start();
            new ConvoxObjects(sandbox.client).apiPassword(RACK, sandbox.api.password());
            apiPort.set(sandbox.api.port());
        }
        sandbox.pods.start();
        new SimulatedMetrics(sandbox.client, sandbox.clock, seed, readyAfter).start();
        if (atomController) {
            sandbox.atoms.start();
        }
        return sandbox;
    }

    @Override
    public String url() {
        return "https://127.0.0.1:" + server.getPort();
    }

    /** A client for the sandbox's own API, for tests and tools; rackside itself goes through the kubeconfig. */
    public KubernetesClient client() {
        return client;
    }

    /** Writes a kubeconfig whose context {@code sandbox} points at this server. */
    @Override
    public Path writeKubeconfig(Path file) throws IOException {
        String yaml = String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "current-context: " + CONTEXT,
                "contexts:",
                "- name: " + CONTEXT,
                "  context: {cluster: " + CONTEXT + ", user: " + CONTEXT + "}",
                "clusters:",
                "- name: " + CONTEXT,
                "  cluster: {server: '" + url() + "', insecure-skip-tls-verify: true}",
                "users:",
                "- name: " + CONTEXT,
                "  user: {token: sandbox}",
                "");
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(file, yaml);
        return file;
    }

    /** The requests the rack API answered, oldest first (empty on a bare cluster). */
    public List<String> apiRequests() {
        return api == null ? List.of() : api.calls().stream().map(Object::toString).toList();
    }

    @Override
    public Optional<String> rackUrl() {
        return api == null ? Optional.empty() : Optional.of("https://convox:" + api.password() + "@127.0.0.1:"
                + api.port());
    }

    @Override
    public void logApiRequests(java.util.function.Consumer<String> log) {
        if (api != null) {
            api.tap(c -> log.accept(c.toString()));
        }
    }

    @Override
    public void close() {
        if (api != null) {
            api.close();
        }
        atoms.close();
        pods.close();
        if (banners != null) {
            banners.close();
        }
        clock.shutdownNow();
        client.close();
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            // the mock waits on its event loop while it closes watches; a slow stop is harmless here
        }
    }
}
