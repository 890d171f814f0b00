package dev.rackside.services.rackapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The SOCKET routes against a peer that speaks as the rack's stdapi does (gorilla/websocket: text frames of
 * output, the exit code after sdk.go's marker, an empty binary frame for EOF), and one that drops the
 * connection halfway: what the operator gets is the output, the code, or a clear "closed mid-stream".
 */
class ApiSocketTest {

    /** One websocket connection accepted on loopback; {@code script} writes the rack's frames. */
    private static final class Peer implements AutoCloseable {
        final ServerSocket server;
        final CompletableFuture<Map<String, String>> request = new CompletableFuture<>();
        final CompletableFuture<String> received = new CompletableFuture<>();

        Peer(BiConsumer<OutputStream, InputStream> script) throws IOException {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    Map<String, String> headers = new TreeMap<>();
                    String first = line(in);
                    headers.put(":request", first);
                    for (String h = line(in); !h.isEmpty(); h = line(in)) {
                        int c = h.indexOf(':');
                        headers.put(h.substring(0, c).trim().toLowerCase(Locale.ROOT), h.substring(c + 1).trim());
                    }
                    request.complete(headers);
                    String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                            (headers.get("sec-websocket-key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                                    .getBytes(StandardCharsets.ISO_8859_1)));
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    script.accept(out, in);
                } catch (Exception e) {
                    request.completeExceptionally(e);
                }
            }, "fake-rack-socket");
            t.setDaemon(true);
            t.start();
        }

        Endpoint endpoint() {
            return new Endpoint(URI.create("http://127.0.0.1:" + server.getLocalPort()), Optional.of("pw"),
                    ApiTrust.system(), "test");
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** An unmasked server frame, as a server sends them. */
    static void frame(OutputStream out, int opcode, byte[] payload) {
        try {
            out.write(0x80 | opcode);
            if (payload.length < 126) {
                out.write(payload.length);
            } else {
                out.write(126);
                out.write(payload.length >> 8);
                out.write(payload.length & 0xff);
            }
            out.write(payload);
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void text(OutputStream out, String s) {
        frame(out, 1, s.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads one masked client frame's payload. */
    static byte[] clientFrame(InputStream in) throws IOException {
        int b0 = in.read();
        int b1 = in.read();
        if (b0 < 0 || b1 < 0) {
            throw new IOException("closed");
        }
        int len = b1 & 0x7f;
        if (len == 126) {
            len = (in.read() << 8) | in.read();
        }
        byte[] mask = in.readNBytes(4);
        byte[] p = in.readNBytes(len);
        for (int i = 0; i < p.length; i++) {
            p[i] ^= mask[i & 3];
        }
        return p;
    }

    static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    private static RackApi api(Peer peer) {
        return new RackApi(peer.endpoint(), "ops@ops", "test", Duration.ofSeconds(5), Optional.empty());
    }

    @Test
    void execRelaysOutputAndReturnsTheExitCodeAfterTheMarker() throws Exception {
        try (Peer peer = new Peer((out, in) -> {
            try {
                byte[] typed = clientFrame(in);
                text(out, "you typed: " + new String(typed, StandardCharsets.UTF_8));
                // The marker split across frames, as it may arrive.
                text(out, "F1E49A85-0AD7-4AEF-A618-");
                text(out, "C249C6E6568D:3");
                frame(out, 2, new byte[0]);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }); RackApi api = api(peer);
                ApiSocket socket = api.processExec("shop", "web-1", "rails console", Optional.of(false),
                        Optional.of(40), Optional.of(120), Optional.empty())) {
            socket.send("ls\n".getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = ExecStream.relay(socket.input(), out);
            assertEquals(3, code);
            assertEquals("you typed: ls\n", out.toString(StandardCharsets.UTF_8));
            Map<String, String> h = peer.request.get(5, TimeUnit.SECONDS);
            assertEquals("GET /apps/shop/processes/web-1/exec HTTP/1.1", h.get(":request"));
            assertEquals("rails console", h.get("command"));
            assertEquals("40", h.get("height"));
            assertEquals("120", h.get("width"));
            assertEquals("false", h.get("tty"));
            assertEquals("ops@ops", h.get("x-convox-actor"));
            assertEquals("Basic " + Base64.getEncoder().encodeToString("convox:pw".getBytes()), h.get("authorization"));
            assertEquals("http://127.0.0.1:" + peer.server.getLocalPort(), h.get("origin"));
        }
    }

    @Test
    void aConnectionDroppedMidStreamIsSaidAsSuch() throws Exception {
        try (Peer peer = new Peer((out, in) -> text(out, "partial output")); RackApi api = api(peer);
                ApiSocket socket = api.processExec("shop", "web-1", "sh", Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            IOException e = assertThrows(IOException.class, () -> ExecStream.relay(socket.input(), out));
            assertEquals("the rack API closed the connection mid-stream", e.getMessage());
            assertEquals("partial output", out.toString(StandardCharsets.UTF_8), "what came is shown");
        }
    }

    @Test
    void aRefusedUpgradeIsTheApisError() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    while (!line(in).isEmpty()) {
                        // the request's headers
                    }
                    s.getOutputStream().write(("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n"
                            + "Content-Length: 22\r\n\r\nprocess not found: w1\n").getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // the test reads what it got
                }
            });
            t.setDaemon(true);
            t.start();
            Endpoint ep = new Endpoint(URI.create("http://127.0.0.1:" + server.getLocalPort()), Optional.empty(),
                    ApiTrust.system(), "test");
            try (RackApi api = new RackApi(ep, "ops@ops", "test", Duration.ofSeconds(5), Optional.empty())) {
                ApiError e = assertThrows(ApiError.class, () -> api.processExec("shop", "w1", "sh", Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty()));
                assertEquals(404, e.status());
                assertTrue(e.getMessage().contains("process not found: w1"), e.getMessage());
            }
        }
    }
}
