package dev.rackside.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.MockWebServer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * The sandbox rack's own Convox API, served over TLS with a self-signed certificate on a loopback port as a
 * rack's api pods serve it on 5443, behind a password of its own that the rack keeps in Secret
 * {@code api-password}. rackside reaches it the way it reaches a real rack's: through a port-forward to a
 * ready pod of Service {@code api} (see {@link PortForwardRelay}). It keeps the last requests it answered.
 */
final class SandboxRackApi implements AutoCloseable {
    private static final int KEPT = 500;
    /**
     * The routes answer on the server's event loop and read the rack's Kubernetes API while they do; a slow
     * promote trips Vert.x's blocked-thread warning, which would print over the console. Held so it sticks.
     */
    private static final java.util.logging.Logger BLOCKED = java.util.logging.Logger.getLogger(
            "io.vertx.core.impl.BlockedThreadChecker");

    private final MockWebServer server = new MockWebServer();
    private final String password;
    private final Deque<RackApiRoutes.Call> calls = new ArrayDeque<>();
    private volatile Consumer<RackApiRoutes.Call> tap = c -> { };

    SandboxRackApi(KubernetesClient client, String rack, Clock clock, ResourceBanners banners) {
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        this.password = HexFormat.of().formatHex(secret);
        BLOCKED.setLevel(java.util.logging.Level.OFF);
        server.useHttps();
        server.setDispatcher(new RackApiRoutes(client, rack, password, clock, this::record, banners));
    }

    void start() {
        server.start(java.net.InetAddress.getLoopbackAddress(), 0);
    }

    int port() {
        return server.getPort();
    }

    String password() {
        return password;
    }

    /** The last requests answered, oldest first. */
    synchronized List<RackApiRoutes.Call> calls() {
        return List.copyOf(calls);
    }

    /** Also tells every request to {@code tap} as it is answered (the {@code rackside sandbox} request log). */
    void tap(Consumer<RackApiRoutes.Call> tap) {
        this.tap = tap;
    }

    private void record(RackApiRoutes.Call call) {
        synchronized (this) {
            if (calls.size() == KEPT) {
                calls.removeFirst();
            }
            calls.addLast(call);
        }
        tap.accept(call);
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
