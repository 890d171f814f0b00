package dev.rackside.services.logs;

import dev.rackside.services.model.LogLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Merges lines from many streams into time order. Streams deliver at different speeds (one pod's chunk
 * can arrive 200 ms after a later line from another), so every line waits {@code window} after it arrived;
 * among the lines whose wait is over, the oldest timestamp goes first. Lines that arrive later than the
 * window are still delivered (never dropped), and counted as {@link #late()}.
 */
final class LogMerger {
    private record Held(LogLine line, long arrived, long seq) {
    }

    private static final Comparator<Held> ORDER = Comparator.<Held, java.time.Instant>comparing(h -> h.line().at())
            .thenComparingLong(Held::seq);

    private final long windowNanos;
    private final ConcurrentLinkedQueue<Held> incoming = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Held> held = new PriorityQueue<>(ORDER);
    private final java.util.concurrent.atomic.AtomicLong seq = new java.util.concurrent.atomic.AtomicLong();
    private java.time.Instant lastOut = java.time.Instant.MIN;
    private long late;

    LogMerger(Duration window) {
        this.windowNanos = window.toNanos();
    }

    /** From any stream's thread. */
    void add(List<LogLine> lines, long nowNanos) {
        for (LogLine l : lines) {
            incoming.add(new Held(l, nowNanos, seq.getAndIncrement()));
        }
    }

    /** From the one pump thread: the lines whose wait is over, in time order ({@code all}: every line). */
    synchronized List<LogLine> drain(long nowNanos, boolean all) {
        Held h;
        while ((h = incoming.poll()) != null) {
            held.add(h);
        }
        List<LogLine> out = new ArrayList<>();
        while (!held.isEmpty() && (all || nowNanos - held.peek().arrived() >= windowNanos)) {
            LogLine l = held.poll().line();
            if (l.at().isBefore(lastOut)) {
                late++;
            } else {
                lastOut = l.at();
            }
            out.add(l);
        }
        return out;
    }

    synchronized boolean isEmpty() {
        return incoming.isEmpty() && held.isEmpty();
    }

    long late() {
        return late;
    }
}
