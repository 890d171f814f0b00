package dev.rackside.services.shell;

import dev.rackside.services.api.Terminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * What both ways into a process share: the default shell, and the pump that copies what the operator types into
 * the session until it ends, without keeping the terminal's input after it.
 */
public final class Sessions {
    /**
     * The first of bash and sh the container has, as one command line: the rack API splits it as a shell would
     * (provider/k8s ProcessExec uses shellquote.Split), Kubernetes gets the same words.
     */
    public static final String DEFAULT_SHELL = "sh -c 'if command -v bash >/dev/null 2>&1; then exec bash; else "
            + "exec sh; fi'";

    private Sessions() {
    }

    /**
     * Copies {@code in} to {@code send} on a daemon thread until {@code in} ends or the session does; then
     * {@code eof}. From a terminal it reads only what {@link InputStream#available()} says is there, so the
     * thread never sits in a read of the operator's terminal after the session is over (the console takes its
     * keys back); a pipe or a file is read to its end.
     */
    static Thread pump(InputStream in, boolean terminal, Consumer<byte[]> send, Runnable eof,
            java.util.function.BooleanSupplier over) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                while (!over.getAsBoolean()) {
                    int want = buf.length;
                    if (terminal) {
                        int ready = in.available();
                        if (ready <= 0) {
                            Thread.sleep(10);
                            continue;
                        }
                        want = Math.min(buf.length, ready);
                    }
                    int n = in.read(buf, 0, want);
                    if (n < 0) {
                        if (!over.getAsBoolean()) {
                            eof.run();
                        }
                        return;
                    }
                    if (n > 0) {
                        send.accept(java.util.Arrays.copyOf(buf, n));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the session or the terminal went away; the session's end says why
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rackside-session-input");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void write(OutputStream out, byte[] b) {
        try {
            out.write(b);
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
