package dev.rackside.services.logs;

import dev.rackside.services.model.LogLine;
import dev.rackside.services.rackapi.ApiError;
import dev.rackside.services.rackapi.ApiSocket;
import dev.rackside.services.rackapi.RackApi;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A build's log from the rack's API ({@code SOCKET /apps/{app}/builds/{id}/logs}, as {@code convox builds logs}
 * reads it, convox 3.24.9 provider/k8s/build.go BuildLogs): the build pod's output while it runs, the stored
 * log once it has ended; the stream ends with the build, and so does this source. Lines carry the time they
 * arrived (the log has none of its own).
 */
final class BuildLogSource implements LogSource {
    private final Supplier<RackApi> api;
    private final String app;
    private final String build;
    private volatile boolean done;
    private volatile ApiSocket socket;
    private volatile boolean closed;

    /** {@code api} is asked on the source's own thread: finding a rack's API may take a port-forward. */
    BuildLogSource(Supplier<RackApi> api, String app, String build) {
        this.api = api;
        this.app = app;
        this.build = build;
    }

    @Override
    public void start(Out out) {
        Thread t = new Thread(() -> read(out), "rackside-build-log");
        t.setDaemon(true);
        t.start();
    }

    private void read(Out out) {
        LineAssembler lines = new LineAssembler("build/" + build, LogLine.Origin.BUILD, false, Instant::now);
        try (ApiSocket s = api.get().buildLogs(app, build)) {
            socket = s;
            out.changed();
            InputStream in = s.input();
            byte[] buf = new byte[16 * 1024];
            for (int n = in.read(buf); n >= 0 && !closed; n = in.read(buf)) {
                out.lines(lines.accept(ByteBuffer.wrap(buf, 0, n)));
            }
            out.lines(lines.finish());
            out.problem("build", Optional.empty());
        } catch (ApiError | IOException | IllegalStateException e) {
            if (!closed) {
                out.problem("build", Optional.of("build log of " + build + ": " + e.getMessage()));
            }
        } finally {
            socket = null;
            done = true;
            out.changed();
        }
    }

    @Override
    public boolean done() {
        return done;
    }

    @Override
    public boolean ends() {
        return true;
    }

    @Override
    public int streams() {
        return socket == null ? 0 : 1;
    }

    @Override
    public void close() {
        closed = true;
        ApiSocket s = socket;
        if (s != null) {
            s.close();
        }
    }
}
