package dev.rackside.services.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of the mock API that a test can cut and restore, as a VPN blip or a dropped bastion
 * tunnel does: {@link #cut()} resets every open connection and refuses new ones (accepted and closed at once, as
 * a dead upstream behind a load balancer answers); {@link #restore()} passes bytes again. TLS goes through
 * untouched, so the client's view is exactly a lost network.
 */
public final class FaultProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetAddress upstreamHost;
    private final int upstreamPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean closed;
    /** Held before each chunk the server sends, as a saturated link or an overloaded API server answers. */
    private volatile long delayMillis;

    public FaultProxy(int upstreamPort) throws IOException {
        this.upstreamHost = InetAddress.getLoopbackAddress();
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, upstreamHost);
        Thread t = new Thread(this::accept, "fault-proxy");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Every connection reset now; new ones closed as they come, until {@link #restore()}. */
    public void cut() {
        cut = true;
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    public void restore() {
        cut = false;
        delayMillis = 0;
    }

    /** Every answer from now on held {@code millis} before it is passed on. */
    public void slow(long millis) {
        delayMillis = millis;
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (cut) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket(upstreamHost, upstreamPort);
                open.add(client);
                open.add(upstream);
                pump(client, upstream, false);
                pump(upstream, client, true);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to, boolean answers) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    long hold = answers ? delayMillis : 0;
                    if (hold > 0) {
                        Thread.sleep(hold);
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away: the other follows
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "fault-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.setSoLinger(true, 0); // a reset, as a dropped route looks to the client
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        cut();
        server.close();
    }
}
