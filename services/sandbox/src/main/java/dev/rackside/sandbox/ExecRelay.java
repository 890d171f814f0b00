package dev.rackside.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pods/<pod>/exec} on the sandbox's Kubernetes API, as the kubelet answers it over the
 * {@code v4.channel.k8s.io} WebSocket protocol: stdin on channel 0, output on 1, the end as a Status on channel
 * 3 (Success, or NonZeroExitCode with the code as its cause), resizes on 4. The process on the other end is the
 * {@link SimulatedShell}, so {@code kubectl exec} and rackside's Kubernetes path both reach something that
 * answers. Every other request goes on.
 */
final class ExecRelay extends Dispatcher {
    private static final Pattern EXEC = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/exec\\?(.*)");

    private static final java.util.concurrent.Executor STARTER = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sandbox-exec");
        t.setDaemon(true);
        return t;
    });

    private final Dispatcher next;
    private final java.util.function.Supplier<KubernetesClient> client;

    /** @param client the sandbox's own client, made after the server; read when a session opens */
    ExecRelay(Dispatcher next, java.util.function.Supplier<KubernetesClient> client) {
        this.next = next;
        this.client = client;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Matcher m = EXEC.matcher(request.getPath());
        if (!m.matches()) {
            return next.dispatch(request);
        }
        List<String> command = new ArrayList<>();
        boolean tty = false;
        for (String pair : m.group(3).split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (k.equals("command")) {
                command.add(v);
            } else if (k.equals("tty")) {
                tty = v.equals("true") || v.equals("1");
            }
        }
        String ns = m.group(1);
        String pod = m.group(2);
        boolean withTty = tty;
        return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            private SimulatedShell shell;
            private final List<byte[]> early = new ArrayList<>();

            @Override
            public void onOpen(WebSocket ws, Response response) {
                // Off the event loop: the container's env is read from this same server, which has one loop.
                STARTER.execute(() -> {
                    SimulatedShell sh = new SimulatedShell(pod, ContainerEnv.of(client.get(), ns, pod), withTty,
                            b -> ws.send(frame(1, b)), code -> {
                                String status = code == 0 ? "{\"metadata\":{},\"status\":\"Success\"}"
                                        : "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command "
                                        + "terminated with non-zero exit code: exit status " + code + "\",\"reason\":"
                                        + "\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\","
                                        + "\"message\":\"" + code + "\"}]}}";
                                ws.send(frame(3, status.getBytes(StandardCharsets.UTF_8)));
                                ws.close(1000, "");
                            });
                    sh.start(command);
                    synchronized (this) {
                        shell = sh;
                        early.forEach(this::deliver);
                        early.clear();
                    }
                });
            }

            @Override
            public synchronized void onMessage(WebSocket ws, byte[] bytes) {
                if (shell == null) {
                    early.add(bytes);
                } else {
                    deliver(bytes);
                }
            }

            private void deliver(byte[] bytes) {
                if (bytes.length == 0) {
                    return;
                }
                // channel 0 is stdin; 255 (v5) closes a channel; 4 (resize) changes nothing the shell draws
                if (bytes[0] == 0 && bytes.length > 1) {
                    shell.input(java.util.Arrays.copyOfRange(bytes, 1, bytes.length));
                } else if ((bytes[0] & 0xff) == 255 && bytes.length > 1 && bytes[1] == 0) {
                    shell.endOfInput();
                }
            }

            @Override
            public void onMessage(WebSocket ws, String text) {
                onMessage(ws, text.getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    private static byte[] frame(int channel, byte[] payload) {
        byte[] f = new byte[payload.length + 1];
        f[0] = (byte) channel;
        System.arraycopy(payload, 0, f, 1, payload.length);
        return f;
    }

    @Override
    public void shutdown() {
        next.shutdown();
    }
}
