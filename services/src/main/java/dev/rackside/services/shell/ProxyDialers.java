package dev.rackside.services.shell;

import dev.rackside.services.rackapi.ApiSocket;
import dev.rackside.services.rackapi.RackApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.PortForward;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/** The two ways a proxied connection reaches a resource. */
public final class ProxyDialers {
    private ProxyDialers() {
    }

    /**
     * Through the rack API's proxy socket ({@code SOCKET /proxy/{host}/{port}}, sdk/methods.go Proxy; the rack
     * dials host:port itself, provider/k8s/proxy.go): the local client's bytes go as the socket's data, its end as
     * the empty binary frame; the rack's bytes come back until it closes.
     */
    public static LocalTunnel.Dialer api(RackApi api, String host, int port) {
        return local -> {
            try (ApiSocket s = api.proxy(host, port)) {
                Thread up = new Thread(() -> {
                    byte[] buf = new byte[16 * 1024];
                    try (InputStream in = local.getInputStream()) {
                        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                            if (n > 0) {
                                s.send(buf, 0, n);
                            }
                        }
                        s.sendEof();
                    } catch (IOException e) {
                        // the connection or the socket went; the copy below ends with it
                    }
                }, "rackside-proxy-up");
                up.setDaemon(true);
                up.start();
                copy(s.input(), local.getOutputStream());
            }
        };
    }

    /**
     * Kubernetes' port-forward to the resource's pod (pods/portforward, what {@code kubectl port-forward} uses),
     * one stream per connection. The kubelet's stream stays open after the local client is done writing, so the
     * forward is closed when the client closes, as kubectl does.
     */
    public static LocalTunnel.Dialer kube(KubernetesClient client, String namespace, String pod, int port) {
        return local -> {
            AtomicBoolean localEnded = new AtomicBoolean();
            ReadableByteChannel in = new EndAware(Channels.newChannel(local.getInputStream()), localEnded);
            PortForward pf = client.pods().inNamespace(namespace).withName(pod).portForward(port, in,
                    Channels.newChannel(local.getOutputStream()));
            try {
                while (pf.isAlive() && !localEnded.get()) {
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                pf.close();
            }
            if (pf.errorOccurred() && !localEnded.get()) {
                Throwable t = pf.getServerThrowables().stream().findFirst().orElse(
                        pf.getClientThrowables().stream().findFirst().orElse(null));
                throw new IOException("port-forward to " + pod + ":" + port + " ended: "
                        + (t == null ? "unknown error" : t.getMessage()));
            }
        };
    }

    private static void copy(InputStream from, OutputStream to) throws IOException {
        byte[] buf = new byte[16 * 1024];
        for (int n = from.read(buf); n >= 0; n = from.read(buf)) {
            to.write(buf, 0, n);
            to.flush();
        }
    }

    /** A channel that says when its reader met the end. */
    private static final class EndAware implements ReadableByteChannel {
        private final ReadableByteChannel in;
        private final AtomicBoolean ended;

        EndAware(ReadableByteChannel in, AtomicBoolean ended) {
            this.in = in;
            this.ended = ended;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n;
            try {
                n = in.read(dst);
            } catch (IOException e) {
                ended.set(true);
                throw e;
            }
            if (n < 0) {
                ended.set(true);
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return in.isOpen();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
