package dev.rackside.services.logs;

import dev.rackside.services.api.LogQuery;
import dev.rackside.services.api.LogSession;
import dev.rackside.services.api.LogSink;
import dev.rackside.services.model.LogLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A session: its sources feed one {@link LogMerger}; every 25 ms the pump hands the lines whose window is
 * over to the sink, in time order, on the session's own thread. A session that follows holds its first
 * delivery until every stream it started with has answered (at most 2 s), so the backlog of a slow pod is
 * merged with the others instead of trailing them. A session that does not follow delivers everything,
 * sorted, once every source is done.
 */
final class LogPump implements LogSession, LogSource.Out {
    private static final long TICK_MILLIS = 25;
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final List<LogSource> sources;
    private final LogQuery query;
    /** Let go at close: a transport thread that outlives the session must not keep the view's buffer alive. */
    private volatile LogSink sink;
    private final AutoCloseable resources;
    private final LogMerger merger;
    private final ScheduledExecutorService scheduler;
    private final Map<String, String> problems = new ConcurrentHashMap<>();
    private final AtomicInteger reconnects = new AtomicInteger();
    private final long started = System.nanoTime();
    private volatile boolean released;
    private volatile boolean ended;
    private volatile boolean closed;
    private ScheduledFuture<?> tick;

    LogPump(List<LogSource> sources, LogQuery query, LogSink sink, AutoCloseable resources,
            ScheduledExecutorService scheduler) {
        this.sources = List.copyOf(sources);
        this.query = query;
        this.sink = sink;
        this.resources = resources;
        this.merger = new LogMerger(query.window());
        this.scheduler = scheduler;
    }

    static ScheduledExecutorService scheduler() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "rackside-logs-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    LogPump start() {
        for (LogSource s : sources) {
            s.start(this);
        }
        tick = scheduler.scheduleWithFixedDelay(this::pump, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    private void pump() {
        try {
            if (closed || ended) {
                return;
            }
            long now = System.nanoTime();
            boolean allDone = (!query.follow() || sources.stream().allMatch(LogSource::ends))
                    && sources.stream().allMatch(LogSource::done);
            if (query.follow() && !released) {
                released = now - started > SETTLE_NANOS || sources.stream().allMatch(LogPump::settled);
                if (!released) {
                    return;
                }
            }
            if (!query.follow() && !allDone) {
                return;
            }
            List<LogLine> out = merger.drain(now, allDone);
            if (!out.isEmpty()) {
                sink.accept(out);
            }
            if (allDone && merger.isEmpty()) {
                ended = true;
                sink.changed();
                sink.ended();
            }
        } catch (RuntimeException e) {
            problems.put("pump", "log session: " + dev.rackside.services.kube.KubeErrors.describe(e));
            sink.changed();
        }
    }

    private static boolean settled(LogSource s) {
        return !(s instanceof Settles x) || x.settled();
    }

    /** A source that can say when its first answers are in. */
    interface Settles {
        boolean settled();
    }

    @Override
    public void lines(List<LogLine> lines) {
        merger.add(lines, System.nanoTime());
    }

    @Override
    public void problem(String key, Optional<String> problem) {
        boolean change = problem.isPresent() ? !problem.get().equals(problems.put(key, problem.get()))
                : problems.remove(key) != null;
        if (change) {
            sink.changed();
        }
    }

    @Override
    public void reconnected() {
        reconnects.incrementAndGet();
    }

    @Override
    public void changed() {
        sink.changed();
    }

    @Override
    public Status status() {
        int streams = sources.stream().mapToInt(LogSource::streams).sum();
        return new Status(streams, reconnects.get(), new ArrayList<>(new java.util.TreeMap<>(problems).values()),
                ended, merger.late());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (tick != null) {
            tick.cancel(false);
        }
        for (LogSource s : sources) {
            try {
                s.close();
            } catch (RuntimeException e) {
                // closing the others matters more
            }
        }
        scheduler.shutdownNow();
        sink = lines -> { };
        merger.drain(Long.MAX_VALUE, true);
        try {
            resources.close();
        } catch (Exception e) {
            // the client is going away either way
        }
    }
}
