package dev.rackside.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What stands behind the sandbox's resources: no database, but a loopback server per resource that says what
 * it is and echoes each line back, so a tunnel made by {@code rackside resources proxy} or
 * {@code kubectl port-forward} can be seen working end to end. Started on first use.
 */
final class ResourceBanners implements AutoCloseable {
    /** The ports Convox's resource templates listen on (provider/k8s/template/resource/*.yml.tmpl). */
    static final Map<String, Integer> PORTS = Map.of("postgres", 5432, "postgis", 5432, "mysql", 3306, "mariadb",
            3306, "redis", 6379, "memcached", 11211);
    /** The sandbox names a resource's pod {@code resource-NAME-xxxxx}. */
    private static final Pattern POD = Pattern.compile("resource-([a-z0-9][a-z0-9-]*)-[a-z0-9]{5}");
    /** And its URL's host {@code resource-NAME.NAMESPACE.svc.cluster.local}, as Convox does. */
    private static final Pattern HOST = Pattern.compile("resource-([a-z0-9][a-z0-9-]*)\\.([a-z0-9-]+)\\.svc\\.cluster\\.local");

    private final Map<String, ServerSocket> servers = new ConcurrentHashMap<>();

    /** The loopback port behind a resource's pod and port, when that pod is a resource's and the port its own. */
    OptionalInt forPod(String namespace, String pod, int port) {
        Matcher m = POD.matcher(pod);
        return m.matches() && PORTS.containsValue(port) ? OptionalInt.of(port(namespace, m.group(1)))
                : OptionalInt.empty();
    }

    /** The same for a host and port as the rack API's proxy socket is asked for them. */
    OptionalInt forHost(String host, int port) {
        Matcher m = HOST.matcher(host);
        return m.matches() && PORTS.containsValue(port) ? OptionalInt.of(port(m.group(2), m.group(1)))
                : OptionalInt.empty();
    }

    private int port(String namespace, String resource) {
        return servers.computeIfAbsent(namespace + "/" + resource, k -> start(namespace, resource)).getLocalPort();
    }

    private static ServerSocket start(String namespace, String resource) {
        try {
            ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> accept(s, namespace, resource), "sandbox-resource-" + resource);
            t.setDaemon(true);
            t.start();
            return s;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void accept(ServerSocket s, String namespace, String resource) {
        while (!s.isClosed()) {
            try {
                Socket c = s.accept();
                Thread t = new Thread(() -> serve(c, namespace, resource), "sandbox-resource-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    static String banner(String namespace, String resource) {
        return "rackside sandbox: resource '" + resource + "' of " + namespace + " (simulated: no database here; "
                + "each line you send comes back)\r\n";
    }

    private static void serve(Socket c, String namespace, String resource) {
        try (c; OutputStream out = c.getOutputStream(); BufferedReader in = new BufferedReader(new InputStreamReader(
                c.getInputStream(), StandardCharsets.UTF_8))) {
            out.write(banner(namespace, resource).getBytes(StandardCharsets.UTF_8));
            out.flush();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write((resource + "> " + line + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    @Override
    public void close() {
        servers.values().forEach(s -> {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        });
    }
}
