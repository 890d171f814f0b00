package dev.rackside.sandbox;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pods/<pod>/portforward} for the sandbox's pods that listen (the rack API's, the resources'), as the
 * kubelet answers it over the {@code v4.channel.k8s.io} WebSocket protocol: first a data and an error frame
 * each carrying the port (two bytes, little-endian), then channel-0 frames both ways carrying the TCP stream.
 * The other end of the stream is a loopback server (the sandbox's simulated rack API, a resource's banner), so
 * rackside and kubectl reach them by the same tunnel they open on a real rack. Every other request goes on to
 * the CRUD dispatcher; a port-forward to any other pod or port is refused as the kubelet would refuse a port
 * nothing listens on.
 */
final class PortForwardRelay extends Dispatcher {
    private static final Pattern FORWARD = Pattern.compile(
            "/api/v1/namespaces/([^/]+)/pods/([^/?]+)/portforward\\?(?:.*&)?ports=(\\d+).*");

    /** Which loopback port, if any, stands behind a pod's port. Must not call back into the mock server. */
    interface Listening {
        OptionalInt target(String namespace, String pod, int port);
    }

    private final Dispatcher next;
    private final Listening listening;

    PortForwardRelay(Dispatcher next, Listening listening) {
        this.next = next;
        this.listening = listening;
    }

    /**
     * The pods of one Deployment listening on one port.
     *
     * @param podPrefix the name every such pod starts with (its Deployment's)
     * @param target    the loopback port the stream is relayed to (read when a tunnel opens; 0: none yet)
     */
    static Listening pods(String namespace, String podPrefix, int port, IntSupplier target) {
        return (ns, pod, asked) -> ns.equals(namespace) && pod.startsWith(podPrefix + "-") && asked == port
                && target.getAsInt() > 0 ? OptionalInt.of(target.getAsInt()) : OptionalInt.empty();
    }

    /** The first of {@code a} and {@code b} that listens. */
    static Listening either(Listening a, Listening b) {
        return (ns, pod, port) -> {
            OptionalInt t = a.target(ns, pod, port);
            return t.isPresent() ? t : b.target(ns, pod, port);
        };
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Matcher m = FORWARD.matcher(request.getPath());
        if (!m.matches()) {
            return next.dispatch(request);
        }
        int asked = Integer.parseInt(m.group(3));
        OptionalInt target = listening.target(m.group(1), m.group(2), asked);
        if (target.isEmpty()) {
            return new MockResponse().withWebSocketUpgrade(new Refused(asked));
        }
        return new MockResponse().withWebSocketUpgrade(new Relay(asked, target.getAsInt()));
    }

    @Override
    public void shutdown() {
        next.shutdown();
    }

    private static byte[] portFrame(int channel, int port) {
        return new byte[] {(byte) channel, (byte) (port & 0xff), (byte) ((port >> 8) & 0xff)};
    }

    /** The kubelet's answer when nothing listens on the port: the error channel says so, then it closes. */
    private static final class Refused extends WebSocketListener {
        private final int port;

        Refused(int port) {
            this.port = port;
        }

        @Override
        public void onOpen(WebSocket ws, Response response) {
            ws.send(portFrame(0, port));
            ws.send(portFrame(1, port));
            byte[] text = ("error forwarding port " + port + ": connection refused").getBytes(
                    java.nio.charset.StandardCharsets.UTF_8);
            byte[] frame = new byte[text.length + 1];
            frame[0] = 1;
            System.arraycopy(text, 0, frame, 1, text.length);
            ws.send(frame);
            ws.close(1000, "");
        }
    }

    /** One tunnel: one TCP connection to the target, pumped both ways until either side ends. */
    private static final class Relay extends WebSocketListener {
        private final int port;
        private final int target;
        private volatile Socket socket;

        Relay(int port, int target) {
            this.port = port;
            this.target = target;
        }

        @Override
        public void onOpen(WebSocket ws, Response response) {
            ws.send(portFrame(0, port));
            ws.send(portFrame(1, port));
            try {
                socket = new Socket(InetAddress.getLoopbackAddress(), target);
            } catch (IOException e) {
                ws.close(1011, "connect failed");
                return;
            }
            Thread pump = new Thread(() -> pump(ws), "sandbox-portforward");
            pump.setDaemon(true);
            pump.start();
        }

        private void pump(WebSocket ws) {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = socket.getInputStream()) {
                int n;
                while ((n = in.read(buf, 1, buf.length - 1)) >= 0) {
                    if (n > 0) {
                        buf[0] = 0;
                        ws.send(Arrays.copyOf(buf, n + 1));
                    }
                }
            } catch (IOException e) {
                // the tunnel's far side went away; closing below says so to the client
            }
            ws.close(1000, "");
        }

        @Override
        public void onMessage(WebSocket ws, byte[] bytes) {
            Socket s = socket;
            if (s == null || bytes.length < 2 || bytes[0] != 0) {
                return;
            }
            try {
                OutputStream out = s.getOutputStream();
                out.write(bytes, 1, bytes.length - 1);
                out.flush();
            } catch (IOException e) {
                close();
            }
        }

        @Override
        public void onMessage(WebSocket ws, String text) {
            onMessage(ws, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public void onClosing(WebSocket ws, int code, String reason) {
            close();
        }

        @Override
        public void onClosed(WebSocket ws, int code, String reason) {
            close();
        }

        @Override
        public void onFailure(WebSocket ws, Throwable error, Response response) {
            close();
        }

        private void close() {
            Socket s = socket;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }
    }
}
