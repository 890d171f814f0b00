package dev.rackside.views.logs;

import dev.rackside.services.api.LogSession;
import dev.rackside.services.api.LogSink;
import dev.rackside.services.api.LogBuffer;
import dev.rackside.services.model.LogLine;
import java.util.List;
import java.util.Optional;

/**
 * One open log view's data: the session that reads, and the bounded buffer it fills. The session's pump
 * thread appends and calls {@code onChange}; the render thread reads the buffer and the status.
 */
public final class LogTail implements LogSink, AutoCloseable {
    private final LogBuffer buffer;
    private final Runnable onChange;
    private volatile LogSession session;
    private volatile Optional<String> openError = Optional.empty();
    private volatile boolean ended;
    private volatile boolean closed;

    public LogTail(LogBuffer buffer, Runnable onChange) {
        this.buffer = buffer;
        this.onChange = onChange;
    }

    public LogBuffer buffer() {
        return buffer;
    }

    /** Called once the session is open (on the io executor); closes it at once if the view already went. */
    public void opened(LogSession s) {
        session = s;
        if (closed) {
            s.close();
        }
        onChange.run();
    }

    public void failed(String why) {
        openError = Optional.of(why);
        onChange.run();
    }

    public Optional<String> openError() {
        return openError;
    }

    public Optional<LogSession.Status> status() {
        LogSession s = session;
        return s == null ? Optional.empty() : Optional.of(s.status());
    }

    public boolean opening() {
        return session == null && openError.isEmpty();
    }

    /** A session that does not follow (a previous container's log) has delivered everything. */
    public boolean complete() {
        return ended;
    }

    @Override
    public void accept(List<LogLine> lines) {
        buffer.append(lines);
        onChange.run();
    }

    @Override
    public void changed() {
        onChange.run();
    }

    @Override
    public void ended() {
        ended = true;
        onChange.run();
    }

    @Override
    public void close() {
        closed = true;
        LogSession s = session;
        if (s != null) {
            s.close();
        }
    }
}
