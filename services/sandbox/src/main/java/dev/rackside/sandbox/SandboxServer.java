package dev.rackside.sandbox;

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

    private SandboxServer(KubernetesMockServer server, PodLogs logs, long seed, Duration readyAfter) {
        this.server = server;
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
        QUIET.setLevel(java.util.logging.Level.WARNING);
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        io.fabric8.mockwebserver.http.Dispatcher dispatcher = new KubernetesMixedDispatcher(responses);
        if (logs != null) {
            dispatcher = new LogServingDispatcher(dispatcher, logs);
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
     * @param atomController whether the rack runs its atom controller (Deployment {@code atom} in
     *                       {@code sandbox-system}); without it the rack is like a bare cluster, where rackside
     *                       drives deploys itself
     */
    public static SandboxServer start(long seed, Duration readyAfter, boolean atomController) {
        PodLogs logs = new PodLogs();
        KubernetesMockServer server = crudServer(logs);
        ApiDiscovery.install(server);
        SandboxServer sandbox = new SandboxServer(server, logs, seed, readyAfter);
        SandboxSeed.seed(sandbox.client, seed, logs);
        if (!atomController) {
            sandbox.client.apps().deployments().inNamespace(SandboxSeed.RACK + "-system").withName("atom").delete();
        }
        sandbox.pods.start();
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

    @Override
    public void close() {
        atoms.close();
        pods.close();
        clock.shutdownNow();
        client.close();
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            // the mock waits on its event loop while it closes watches; a slow stop is harmless here
        }
    }
}
