package dev.rackside.services.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fabric8 mock Kubernetes API in CRUD mode on 127.0.0.1 over TLS (as a real API server: the JDK client
 * then negotiates HTTP/2 by ALPN, not by a cleartext upgrade), plus a kubeconfig pointing at it: the real
 * peer the read path is tested against (no in-memory fakes behind the service layer).
 */
public final class MockApi implements AutoCloseable {
    private final KubernetesMockServer server;
    private final KubernetesClient client;

    public MockApi() {
        logs = new java.util.concurrent.ConcurrentHashMap<>();
        watchFaults = new WatchFaults[1];
        server = crudServer(logs, watchFaults);
        client = server.createClient();
    }

    /** A CRUD-mode mock API over TLS on a free loopback port, its per-request log quieted. */
    public static KubernetesMockServer crudServer() {
        return crudServer(new java.util.concurrent.ConcurrentHashMap<>(), new WatchFaults[1]);
    }

    /** Where {@link #expireNextWatch} arms the next watch to expire. */
    private final WatchFaults[] watchFaults;

    /** Container logs served by {@link #log}: the CRUD mock by itself answers a log request with a list. */
    private final java.util.Map<String, String> logs;

    private static KubernetesMockServer crudServer(java.util.Map<String, String> logs, WatchFaults[] faults) {
        QUIET.setLevel(java.util.logging.Level.WARNING);
        java.util.Map<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>
                responses = new java.util.HashMap<>();
        faults[0] = new WatchFaults(new KubeletLogs(
                new io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher(responses), logs));
        KubernetesMockServer s = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(),
                new io.fabric8.mockwebserver.MockWebServer(), responses, faults[0], true);
        s.init(java.net.InetAddress.getLoopbackAddress(), 0);
        return s;
    }

    /** The mock server logs every request at INFO through JUL; held so the level sticks. */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    /**
     * What the kubelet answers for a container's log ({@code previous}: its last terminated run). A container with
     * no log set answers as the kubelet does for one that has not run (400, "previous terminated container ...
     * not found" or "container ... is waiting to start").
     */
    public void log(String namespace, String pod, String container, boolean previous, String text) {
        logs.put(KubeletLogs.key(namespace, pod, container, previous), text);
    }

    /**
     * The next watch whose path starts with {@code pathPrefix} is accepted, silent for {@code after}, then ends
     * with 410 Expired, as an API server ends a watch whose resource version was compacted away.
     */
    public void expireNextWatch(String pathPrefix, java.time.Duration after) {
        watchFaults[0].expireNext(pathPrefix, after);
    }

    /** How many watches have been ended with 410 so far. */
    public int expiredWatches() {
        return watchFaults[0].expired();
    }

    public KubernetesMockServer server() {
        return server;
    }

    /** A client for seeding fixtures; the code under test builds its own from the kubeconfig. */
    public KubernetesClient client() {
        return client;
    }

    public String url() {
        return "https://127.0.0.1:" + server.getPort();
    }

    /** A kubeconfig entry (context, cluster and user all named {@code context}) for this server. */
    public String kubeconfigEntry(String context) {
        return kubeconfigEntry(context, url());
    }

    public static String kubeconfigEntry(String context, String url) {
        return "contexts:\n- name: " + context + "\n  context: {cluster: " + context + ", user: " + context + "}\n"
                + "clusters:\n- name: " + context + "\n  cluster: {server: '" + url + "', insecure-skip-tls-verify: true}\n"
                + "users:\n- name: " + context + "\n  user: {token: test-token}\n";
    }

    /** Writes a kubeconfig with the given contexts on this server and returns its path. */
    public Path writeKubeconfig(Path dir, String... contexts) throws IOException {
        StringBuilder ctx = new StringBuilder("apiVersion: v1\nkind: Config\ncurrent-context: " + contexts[0]
                + "\ncontexts:\n");
        StringBuilder clusters = new StringBuilder("clusters:\n");
        StringBuilder users = new StringBuilder("users:\n");
        for (String c : contexts) {
            ctx.append("- name: ").append(c).append("\n  context: {cluster: ").append(c).append(", user: ")
                    .append(c).append("}\n");
            clusters.append("- name: ").append(c).append("\n  cluster: {server: '").append(url())
                    .append("', insecure-skip-tls-verify: true}\n");
            users.append("- name: ").append(c).append("\n  user: {token: test-token}\n");
        }
        Path file = dir.resolve("kubeconfig-" + server.getPort());
        Files.writeString(file, ctx + clusters.toString() + users);
        return file;
    }

    @Override
    public void close() {
        client.close();
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            // The mock waits on its event loop while it closes watches; a slow shutdown is not a test failure.
        }
    }
}
