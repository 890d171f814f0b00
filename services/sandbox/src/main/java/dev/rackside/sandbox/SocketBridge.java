package dev.rackside.sandbox;

import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One stdsdk stream socket (the rack API's proxy) carried to a loopback TCP port: what the client sends is
 * written to the connection, an empty binary frame ends its input; the connection's bytes go back as frames
 * until it ends, then the empty binary frame and a close, as stdsdk's CopyStreamToEachOther ends.
 */
final class SocketBridge extends WebSocketListener {
    private final int port;
    private volatile Socket socket;

    SocketBridge(int port) {
        this.port = port;
    }

    @Override
    public void onOpen(WebSocket ws, Response response) {
        try {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
        } catch (IOException e) {
            ws.send(("ERROR: " + e.getMessage()).getBytes(StandardCharsets.UTF_8));
            ws.close(1000, "");
            return;
        }
        Thread down = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = socket.getInputStream()) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    if (n > 0) {
                        ws.send(Arrays.copyOf(buf, n));
                    }
                }
            } catch (IOException e) {
                // the connection ended under the reader
            }
            ws.send(new byte[0]);
            ws.close(1000, "");
        }, "sandbox-proxy-socket");
        down.setDaemon(true);
        down.start();
    }

    @Override
    public void onMessage(WebSocket ws, String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void onMessage(WebSocket ws, byte[] bytes) {
        if (bytes.length == 0) {
            Socket s = socket;
            if (s != null) {
                try {
                    s.shutdownOutput();
                } catch (IOException e) {
                    close();
                }
            }
            return;
        }
        write(bytes);
    }

    private void write(byte[] b) {
        Socket s = socket;
        if (s == null) {
            return;
        }
        try {
            s.getOutputStream().write(b);
            s.getOutputStream().flush();
        } catch (IOException e) {
            close();
        }
    }

    @Override
    public void onClosing(WebSocket ws, int code, String reason) {
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
