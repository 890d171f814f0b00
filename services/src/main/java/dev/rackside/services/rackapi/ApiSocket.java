package dev.rackside.services.rackapi;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One of the rack API's SOCKET routes (logs, exec, build logs, proxy), spoken as the Convox SDK speaks it
 * (stdsdk client.go Websocket, stream_helper.go): the stream's bytes travel in <em>text</em> frames, both
 * ways, whatever they hold; an empty <em>binary</em> frame is end of stream; a ping every 5 s keeps idle
 * sessions through the router. The JDK's WebSocket client insists that text frames be valid UTF-8, which a
 * shell's output need not be, so the handful of RFC 6455 framing this needs is done here.
 */
public final class ApiSocket implements AutoCloseable {
    private static final ScheduledExecutorService PINGS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rackside-rackapi-ping");
        t.setDaemon(true);
        return t;
    });
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TEXT = 1;
    private static final int BINARY = 2;
    private static final int CLOSE = 8;
    private static final int PING = 9;
    private static final int PONG = 10;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Object writeLock = new Object();
    private final ScheduledFuture<?> pinger;
    private volatile boolean closed;
    private final Frames frames = new Frames();

    private ApiSocket(Socket socket, InputStream in, OutputStream out) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.pinger = PINGS.scheduleAtFixedRate(() -> {
            try {
                frame(PING, new byte[0]);
            } catch (IOException e) {
                // the reader will see the connection go
            }
        }, 5, 5, TimeUnit.SECONDS);
    }

    /**
     * Opens {@code path} on the endpoint with the SDK's headers plus {@code extra} (exec's Tty, Height, Width,
     * Command ...). A refusal before the upgrade (401, 404) is an {@link ApiError} with the API's message.
     */
    static ApiSocket open(Endpoint ep, String path, Map<String, String> headers, Duration connectTimeout) {
        URI base = ep.base();
        boolean tls = "https".equals(base.getScheme());
        int port = base.getPort() > 0 ? base.getPort() : tls ? 443 : 80;
        String host = base.getHost();
        Socket s = null;
        try {
            s = tls ? ep.trust().sslContext().getSocketFactory().createSocket() : new Socket();
            s.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            if (s instanceof SSLSocket ssl) {
                SSLParameters p = ssl.getSSLParameters();
                if (ep.trust().kind() != ApiTrust.Kind.TUNNEL) {
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                }
                p.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName(sniHost(host))));
                p.setApplicationProtocols(new String[] {"http/1.1"});
                ssl.setSSLParameters(p);
                ssl.setUseClientMode(true);
                ssl.startHandshake();
            }
            s.setSoTimeout(0);
            InputStream in = new java.io.BufferedInputStream(s.getInputStream(), 16 * 1024);
            OutputStream out = s.getOutputStream();
            String key = Base64.getEncoder().encodeToString(bytes(16));
            StringBuilder req = new StringBuilder();
            String basePath = base.getRawPath() == null ? "" : base.getRawPath();
            req.append("GET ").append(basePath).append(path).append(" HTTP/1.1\r\n");
            req.append("Host: ").append(host).append(base.getPort() > 0 ? ":" + base.getPort() : "").append("\r\n");
            req.append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
            req.append("Sec-WebSocket-Key: ").append(key).append("\r\nSec-WebSocket-Version: 13\r\n");
            // stdsdk sets Origin to the endpoint's scheme and host, lower-cased.
            req.append("Origin: ").append((base.getScheme() + "://" + host + (base.getPort() > 0 ? ":"
                    + base.getPort() : "")).toLowerCase(Locale.ROOT)).append("\r\n");
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            req.append("\r\n");
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.setSoTimeout((int) Math.max(connectTimeout.toMillis(), 10_000));
            String status = line(in);
            int code = status.length() >= 12 ? Integer.parseInt(status.substring(9, 12)) : 0;
            Map<String, String> responseHeaders = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                if (colon > 0) {
                    responseHeaders.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
                }
            }
            if (code != 101) {
                String body = readBody(in, responseHeaders);
                throw new ApiError(code, RackApi.errorMessage(code, body));
            }
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                    (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
            if (!accept.equals(responseHeaders.get("Sec-WebSocket-Accept"))) {
                throw new ApiError(0, "the rack API's websocket answer does not match the request (a proxy in "
                        + "between?)");
            }
            s.setSoTimeout(0);
            return new ApiSocket(s, in, out);
        } catch (ApiError e) {
            closeQuietly(s);
            throw e;
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            closeQuietly(s);
            throw new ApiError("rack API " + Endpoint.withoutUserInfo(base) + path + " unreachable: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    private static String sniHost(String host) {
        // SNI takes names, not addresses; the tunnel's 127.0.0.1 gets the api Service's name.
        return host.matches("[0-9.]+") || host.contains(":") ? "api" : host;
    }

    /** The stream's bytes from the rack, end of stream at the API's empty binary frame or a close. */
    public InputStream input() {
        return frames;
    }

    /** Sends bytes to the rack as one text frame (stdsdk copyToWS). */
    public void send(byte[] data, int off, int len) throws IOException {
        byte[] b = new byte[len];
        System.arraycopy(data, off, b, 0, len);
        frame(TEXT, b);
    }

    public void send(byte[] data) throws IOException {
        frame(TEXT, data);
    }

    /** End of input: the empty binary frame stdsdk sends when its reader ends. */
    public void sendEof() throws IOException {
        frame(BINARY, new byte[0]);
    }

    private void frame(int opcode, byte[] payload) throws IOException {
        if (closed) {
            throw new IOException("socket closed");
        }
        byte[] mask = bytes(4);
        ByteArrayOutputStream b = new ByteArrayOutputStream(payload.length + 14);
        b.write(0x80 | opcode);
        int n = payload.length;
        if (n < 126) {
            b.write(0x80 | n);
        } else if (n < 65536) {
            b.write(0x80 | 126);
            b.write(n >> 8);
            b.write(n & 0xff);
        } else {
            b.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                b.write((int) (((long) n >> (8 * i)) & 0xff));
            }
        }
        b.write(mask);
        for (int i = 0; i < n; i++) {
            b.write(payload[i] ^ mask[i & 3]);
        }
        synchronized (writeLock) {
            out.write(b.toByteArray());
            out.flush();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            frame(CLOSE, new byte[] {0x03, (byte) 0xe8});
        } catch (IOException e) {
            // going anyway
        }
        closed = true;
        pinger.cancel(false);
        closeQuietly(socket);
    }

    /** Reads frames on demand, in the reader's thread: control frames are answered, data handed out. */
    private final class Frames extends InputStream {
        private byte[] current = new byte[0];
        private int pos;
        private boolean eof;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (pos >= current.length) {
                if (eof) {
                    return -1;
                }
                next();
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        private void next() throws IOException {
            int b0;
            try {
                b0 = in.read();
            } catch (IOException e) {
                if (closed) {
                    eof = true;
                    return;
                }
                throw e;
            }
            if (b0 < 0) {
                eof = true;
                throw new EOFException("the rack API closed the connection mid-stream");
            }
            int opcode = b0 & 0x0f;
            int b1 = in.read();
            long len = b1 & 0x7f;
            if (len == 126) {
                len = (in.read() << 8) | in.read();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | in.read();
                }
            }
            if (len > 64L * 1024 * 1024) {
                throw new IOException("a websocket frame of " + len + " bytes is not accepted");
            }
            byte[] mask = (b1 & 0x80) != 0 ? in.readNBytes(4) : null;
            byte[] payload = in.readNBytes((int) len);
            if (payload.length < len) {
                eof = true;
                throw new EOFException("the rack API closed the connection mid-frame");
            }
            if (mask != null) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i & 3];
                }
            }
            switch (opcode) {
                case 0, TEXT -> {
                    current = payload;
                    pos = 0;
                }
                case BINARY -> {
                    // stdsdk ends a stream with an empty binary frame; a peer that sends its data as binary
                    // frames (a proxy's bytes need not be text) is read as data.
                    if (payload.length == 0) {
                        eof = true;
                    } else {
                        current = payload;
                        pos = 0;
                    }
                }
                case CLOSE -> {
                    eof = true;
                    try {
                        frame(CLOSE, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                    } catch (IOException e) {
                        // the other side is gone already
                    }
                }
                case PING -> frame(PONG, payload);
                default -> {
                    // pong or reserved: nothing to hand out
                }
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
            if (b.size() > 16 * 1024) {
                throw new IOException("response header line too long");
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static String readBody(InputStream in, Map<String, String> headers) throws IOException {
        String length = headers.get("Content-Length");
        int max = 64 * 1024;
        if (length != null) {
            try {
                return new String(in.readNBytes(Math.min(max, Integer.parseInt(length.trim()))),
                        StandardCharsets.UTF_8);
            } catch (NumberFormatException e) {
                return "";
            }
        }
        return "";
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
