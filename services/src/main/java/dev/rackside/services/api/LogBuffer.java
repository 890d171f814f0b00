package dev.rackside.services.api;

import dev.rackside.services.model.LogLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The lines of one log view, bounded by count and by bytes (defaults 100,000 lines and 64 MB): when either
 * bound is reached the oldest lines go, and {@link #evicted()} says how many. Lines are addressed by an
 * absolute index that never changes ({@link #first()} to {@link #end()}), so a view can keep its place
 * while lines arrive and leave. One writer (the session's pump) and any number of readers.
 */
public final class LogBuffer {
    public static final int DEFAULT_LINES = 100_000;
    public static final long DEFAULT_BYTES = 64L * 1024 * 1024;

    private final LogLine[] ring;
    /** Each slot's footprint, so evicting a line does not measure it again (this is the pump's hot path). */
    private final int[] sizes;
    private final long maxBytes;
    private long first;
    private long end;
    private long bytes;
    private long evicted;

    public LogBuffer() {
        this(DEFAULT_LINES, DEFAULT_BYTES);
    }

    public LogBuffer(int maxLines, long maxBytes) {
        if (maxLines < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("a log buffer needs room for at least one line");
        }
        this.ring = new LogLine[maxLines];
        this.sizes = new int[maxLines];
        this.maxBytes = maxBytes;
    }

    public synchronized void append(List<LogLine> lines) {
        for (LogLine l : lines) {
            if (end - first == ring.length) {
                dropOldest();
            }
            int slot = (int) (end % ring.length);
            ring[slot] = l;
            sizes[slot] = (int) Math.min(Integer.MAX_VALUE, l.footprint());
            end++;
            bytes += sizes[slot];
            while (bytes > maxBytes && end - first > 1) {
                dropOldest();
            }
        }
    }

    private void dropOldest() {
        int slot = (int) (first % ring.length);
        bytes -= sizes[slot];
        ring[slot] = null;
        first++;
        evicted++;
    }

    /** Index of the oldest line still held. */
    public synchronized long first() {
        return first;
    }

    /** One past the newest line's index: the number of lines ever appended. */
    public synchronized long end() {
        return end;
    }

    /** The line at an absolute index, or null when it was evicted or not written yet. */
    public synchronized LogLine get(long index) {
        return index < first || index >= end ? null : ring[(int) (index % ring.length)];
    }

    /** Lines evicted by the bounds since the buffer was made. */
    public synchronized long evicted() {
        return evicted;
    }

    /** The estimated heap the held lines take ({@link LogLine#footprint()}). */
    public synchronized long bytes() {
        return bytes;
    }

    public int maxLines() {
        return ring.length;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The absolute indexes in [from, end) whose line matches, oldest first. */
    public synchronized List<Long> matching(long from, Predicate<LogLine> test) {
        List<Long> out = new ArrayList<>();
        for (long i = Math.max(from, first); i < end; i++) {
            if (test.test(ring[(int) (i % ring.length)])) {
                out.add(i);
            }
        }
        return out;
    }

    /** Copies of the lines written in [from, to), either end open when null. */
    public synchronized List<LogLine> between(Instant from, Instant to) {
        List<LogLine> out = new ArrayList<>();
        for (long i = first; i < end; i++) {
            LogLine l = ring[(int) (i % ring.length)];
            if ((from == null || !l.at().isBefore(from)) && (to == null || l.at().isBefore(to))) {
                out.add(l);
            }
        }
        return out;
    }

    /** The index of the first line at or after {@code at}, or {@link #end()} when there is none. */
    public synchronized long indexAt(Instant at) {
        for (long i = first; i < end; i++) {
            if (!ring[(int) (i % ring.length)].at().isBefore(at)) {
                return i;
            }
        }
        return end;
    }
}
