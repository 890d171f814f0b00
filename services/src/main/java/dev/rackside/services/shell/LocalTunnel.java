package dev.rackside.services.shell;

import dev.rackside.services.api.Tunnel;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The local end of a {@code resources proxy}, as the Convox CLI keeps it (pkg/cli/proxy.go proxy): a listener on
 * 127.0.0.1 only, and for every connection accepted one stream through the rack, said as {@code connect: PORT}.
 * A connection that fails is said and closed; the listener goes on.
 */
public final class LocalTunnel implements Tunnel {
    /** One connection's way to the resource: carries bytes between {@code local} and the rack until either ends. */
    @FunctionalInterface
    public interface Dialer {
        void carry(Socket local) throws IOException;
    }

    private final String resource;
    private final ResourceAddress address;
    private final String via;
    private final ServerSocket listener;
    private final Dialer dialer;
    private final Consumer<String> events;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean closed;

    private LocalTunnel(String resource, ResourceAddress address, String via, ServerSocket listener, Dialer dialer,
            Consumer<String> events) {
        this.resource = resource;
        this.address = address;
        this.via = via;
        this.listener = listener;
        this.dialer = dialer;
        this.events = events;
    }

    /**
     * Binds 127.0.0.1:{@code port} (0: any free port) and starts accepting.
     *
     * @throws IOException naming the port when it is taken
     */
    public static LocalTunnel open(String resource, ResourceAddress address, int port, String via, Dialer dialer,
            Consumer<String> events) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (BindException e) {
            s.close();
            throw new IOException("127.0.0.1:" + port + " is already in use (another proxy, or a local server?); "
                    + "choose another with --port");
        }
        LocalTunnel t = new LocalTunnel(resource, address, via, s, dialer, events);
        Thread accept = new Thread(t::accept, "rackside-proxy-" + resource);
        accept.setDaemon(true);
        accept.start();
        return t;
    }

    private void accept() {
        while (!closed) {
            Socket c;
            try {
                c = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    events.accept("proxy " + resource + " stopped accepting: " + e.getMessage());
                }
                return;
            }
            accepted.incrementAndGet();
            connections.add(c);
            events.accept("connect: " + listener.getLocalPort());
            Thread t = new Thread(() -> carry(c), "rackside-proxy-connection");
            t.setDaemon(true);
            t.start();
        }
    }

    private void carry(Socket c) {
        try {
            dialer.carry(c);
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                events.accept("proxy " + resource + ": a connection failed: " + e.getMessage());
            }
        } finally {
            connections.remove(c);
            closeQuietly(c);
        }
    }

    @Override
    public String resource() {
        return resource;
    }

    @Override
    public int localPort() {
        return listener.getLocalPort();
    }

    @Override
    public String localUrl() {
        return address.local(localPort());
    }

    @Override
    public String remote() {
        return address.remote();
    }

    @Override
    public String via() {
        return via;
    }

    @Override
    public int accepted() {
        return accepted.get();
    }

    @Override
    public int open() {
        return connections.size();
    }

    @Override
    public boolean listening() {
        return !closed && !listener.isClosed();
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        connections.forEach(LocalTunnel::closeQuietly);
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
