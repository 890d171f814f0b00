package dev.rackside.views.logs;

import dev.rackside.services.api.LogBuffer;
import dev.rackside.services.text.LogFilter;
import dev.rackside.services.model.LogLine;
import dev.rackside.services.text.Visible;
import dev.rackside.views.table.Cells;
import com.googlecode.lanterna.TerminalTextUtils;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the operator is in a log: following the tail or paused at a line, with wrap, timestamps, a filter
 * over the whole buffer and a search. Render-thread only. Lines are addressed by their buffer index; the
 * "view" is the filtered sequence of those, kept as an index list that grows with each new line, so a
 * keystroke in the filter rescans the buffer once and a new line costs one match.
 */
public final class LogViewState {
    /** Longest text shown per line; the rest is cut with a marker (a 1 MB line costs what 4 KB does). */
    public static final int MAX_SHOWN = 4096;

    /** One screen row: a segment of a line's display text, from {@code from} to {@code to}. */
    public record Row(long index, int segment, String text, int from, int to, Display display) {
    }

    /** A line as shown: time and source prefix, then the sanitised message. */
    public record Display(String text, int timeEnd, int sourceEnd, LogLine line) {
    }

    private final LogBuffer buffer;
    private boolean follow = true;
    private long top = -1;
    private long cursor = -1;
    private boolean wrap;
    private boolean timestamps = true;
    private Optional<LogFilter> filter = Optional.empty();
    private long[] matches = new long[1024];
    private int head;
    private int size;
    private long evictedMatches;
    private long scanned;
    private Optional<Pattern> search = Optional.empty();
    private long skipped;
    private long shownEndOrdinal = -1;
    private long followTop = -1;
    private Prefix prefix = Prefix.FULL;
    private Optional<Instant> since = Optional.empty();

    /** How much of a line's source is shown before its text. */
    public enum Prefix { FULL, SHORT, NONE }

    public LogViewState(LogBuffer buffer) {
        this.buffer = buffer;
    }

    public LogBuffer buffer() {
        return buffer;
    }

    // ---- the filtered view ---------------------------------------------------------------------------

    /** Brings the filtered index up to the buffer: new lines matched, evicted ones dropped. */
    public void refresh() {
        long first = buffer.first();
        long end = buffer.end();
        if (!filtering()) {
            scanned = end;
            return;
        }
        while (size > 0 && matches[head] < first) {
            head++;
            size--;
            evictedMatches++;
        }
        if (scanned < first) {
            scanned = first;
        }
        if (scanned < end) {
            for (long i = scanned; i < end; i++) {
                LogLine l = buffer.get(i);
                if (l != null && shows(l)) {
                    push(i);
                }
            }
            scanned = end;
        }
    }

    /** A filter or a time window narrows the view. */
    private boolean filtering() {
        return filter.isPresent() || since.isPresent();
    }

    private boolean shows(LogLine l) {
        return filter.map(f -> f.test(l)).orElse(true) && since.map(t -> !l.at().isBefore(t)).orElse(true);
    }

    /** Shows only lines from {@code from} on (the window keys: the last minute ... everything: empty). */
    public void since(Optional<Instant> from) {
        since = from;
        rescan();
    }

    public Optional<Instant> since() {
        return since;
    }

    public Prefix prefix() {
        return prefix;
    }

    /** Full source, its last part (the pod), or none. */
    public void cyclePrefix() {
        prefix = Prefix.values()[(prefix.ordinal() + 1) % Prefix.values().length];
    }

    private void push(long index) {
        if (head + size == matches.length) {
            if (head > matches.length / 2) {
                System.arraycopy(matches, head, matches, 0, size);
                head = 0;
            } else {
                matches = Arrays.copyOf(matches, matches.length * 2);
            }
        }
        matches[head + size++] = index;
    }

    /** Lines in the view. */
    public long count() {
        return !filtering() ? buffer.end() - buffer.first() : size;
    }

    /** The buffer index of the view's {@code pos}-th line. */
    long indexAt(long pos) {
        return !filtering() ? buffer.first() + pos : matches[head + (int) pos];
    }

    /** The view position of the first line at or after buffer index {@code index}. */
    long posOf(long index) {
        if (!filtering()) {
            return Math.max(0, Math.min(count(), index - buffer.first()));
        }
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (matches[head + mid] < index) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A position that never changes for a line, even as older lines are evicted: for the skip counter. */
    private long ordinal(long pos) {
        return !filtering() ? buffer.first() + pos : evictedMatches + pos;
    }

    // ---- settings --------------------------------------------------------------------------------------

    public boolean following() {
        return follow;
    }

    public boolean wrap() {
        return wrap;
    }

    public boolean timestamps() {
        return timestamps;
    }

    public void toggleWrap() {
        wrap = !wrap;
    }

    public void toggleTimestamps() {
        timestamps = !timestamps;
    }

    public Optional<LogFilter> filter() {
        return filter;
    }

    /** Sets the filter (empty text clears it) and rescans the whole buffer. */
    public void filter(String text) {
        filter = text.isEmpty() ? Optional.empty() : Optional.of(LogFilter.parse(text));
        rescan();
    }

    /** Rebuilds the view's index after the filter or the window changed, keeping the cursor's place. */
    private void rescan() {
        long keep = cursor;
        hitIndices.clear();
        hitScanned = 0;
        head = 0;
        size = 0;
        evictedMatches = 0;
        scanned = buffer.first();
        shownEndOrdinal = -1;
        refresh();
        if (!follow && keep >= 0) {
            long pos = Math.min(posOf(keep), Math.max(0, count() - 1));
            cursor = count() == 0 ? -1 : indexAt(pos);
            top = cursor;
        }
    }

    public Optional<Pattern> search() {
        return search;
    }

    /** Sets the search and moves to the first hit at or after the cursor (or from the end when following). */
    /** Lines of the view the search matches, counted as lines arrive and leave the buffer. */
    public long hitCount() {
        if (search.isEmpty()) {
            return 0;
        }
        long first = buffer.first();
        while (!hitIndices.isEmpty() && hitIndices.peekFirst() < first) {
            hitIndices.pollFirst();
        }
        long end = buffer.end();
        for (long i = Math.max(hitScanned, first); i < end; i++) {
            LogLine l = buffer.get(i);
            if (l != null && shows(l) && search.get().matcher(display(l).text()).find()) {
                hitIndices.addLast(i);
            }
        }
        hitScanned = end;
        return hitIndices.size();
    }

    private final java.util.ArrayDeque<Long> hitIndices = new java.util.ArrayDeque<>();
    private long hitScanned;

    public Optional<String> search(String text) {
        hitIndices.clear();
        hitScanned = 0;
        if (text.isEmpty()) {
            search = Optional.empty();
            return Optional.empty();
        }
        try {
            search = Optional.of(Pattern.compile(text, Pattern.CASE_INSENSITIVE));
        } catch (java.util.regex.PatternSyntaxException e) {
            search = Optional.of(Pattern.compile(Pattern.quote(text), Pattern.CASE_INSENSITIVE));
        }
        return next(follow ? -1 : 0);
    }

    /**
     * Moves the cursor to the next ({@code direction} 1) or previous (-1) line matching the search; 0 means
     * this line or the next. Pauses. Says when the search wrapped or found nothing.
     */
    public Optional<String> next(int direction) {
        if (search.isEmpty() || count() == 0) {
            return Optional.of(search.isEmpty() ? "no search: press the search key first" : "no lines");
        }
        Pattern p = search.get();
        long n = count();
        long from = follow || cursor < 0 ? (direction >= 0 ? 0 : n - 1) : posOf(cursor);
        if (!(follow || cursor < 0)) {
            from += Integer.signum(direction); // next and previous start beside the current line, not on it
        }
        for (long k = 0; k < n; k++) {
            long pos = direction >= 0 ? (from + k) % n : ((from - k) % n + n) % n;
            LogLine l = buffer.get(indexAt(pos));
            if (l != null && (p.matcher(l.text()).find() || p.matcher(l.source()).find())) {
                pauseAt(indexAt(pos));
                boolean wrapped = direction >= 0 ? pos < from : pos > from;
                return wrapped ? Optional.of("search wrapped") : Optional.empty();
            }
        }
        return Optional.of("/" + p.pattern() + "/ not found in " + n + " lines");
    }

    // ---- moving ----------------------------------------------------------------------------------------

    /** Pauses with the cursor on {@code index}. */
    void pauseAt(long index) {
        follow = false;
        cursor = index;
        top = -1; // placed by the next layout so the cursor shows
    }

    public void resume() {
        follow = true;
        cursor = -1;
        top = -1;
    }

    public void toggleFollow() {
        if (follow) {
            if (count() > 0) {
                pauseAt(indexAt(count() - 1));
            } else {
                follow = false;
            }
        } else {
            resume();
        }
    }

    /** Moves the cursor by {@code lines} view lines; moving at all pauses. */
    public void move(long lines) {
        if (count() == 0) {
            return;
        }
        long pos = follow || cursor < 0 ? count() - 1 : posOf(cursor);
        pos = Math.max(0, Math.min(count() - 1, pos + lines));
        // Leaving the tail keeps the screen as it was; the cursor starts on the newest line.
        long keepTop = follow ? followTop : top;
        pauseAt(indexAt(pos));
        top = keepTop;
    }

    public void first() {
        if (count() > 0) {
            pauseAt(indexAt(0));
            top = cursor;
        }
    }

    /** Pauses at the first line at or after {@code at}; says so when there is none. */
    public Optional<String> jump(Instant at) {
        long index = buffer.indexAt(at);
        long pos = posOf(index);
        if (pos >= count()) {
            return Optional.of("no line at or after " + at + " in the buffer");
        }
        pauseAt(indexAt(pos));
        top = cursor;
        return Optional.empty();
    }

    public Optional<LogLine> selected() {
        if (count() == 0) {
            return Optional.empty();
        }
        return Optional.ofNullable(buffer.get(follow || cursor < 0 ? indexAt(count() - 1) : cursor));
    }

    public long cursor() {
        return follow ? -1 : cursor;
    }

    /** Lines that went by while following without ever being on screen (they are in the buffer). */
    public long skipped() {
        return skipped;
    }

    /** Lines below the screen's last while paused. */
    public long below(List<Row> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        return Math.max(0, count() - 1 - posOf(rows.get(rows.size() - 1).index()));
    }

    // ---- layout ----------------------------------------------------------------------------------------

    /** The rows to draw in a {@code width} x {@code height} area. */
    public List<Row> layout(int width, int height) {
        refresh();
        List<Row> rows = new ArrayList<>();
        long n = count();
        if (n == 0 || width <= 0 || height <= 0) {
            return rows;
        }
        if (!follow && cursor >= 0 && (buffer.get(cursor) == null || posOf(cursor) >= n)) {
            // The paused line was evicted: stay on the oldest line still held.
            cursor = indexAt(0);
            top = cursor;
        }
        if (follow) {
            // From the newest line upwards until the pane is full.
            List<Row> reversed = new ArrayList<>();
            for (long pos = n - 1; pos >= 0 && reversed.size() < height; pos--) {
                List<Row> lineRows = rows(indexAt(pos), width);
                for (int i = lineRows.size() - 1; i >= 0 && reversed.size() < height; i--) {
                    reversed.add(lineRows.get(i));
                }
            }
            for (int i = reversed.size() - 1; i >= 0; i--) {
                rows.add(reversed.get(i));
            }
            long firstOrdinal = ordinal(posOf(rows.get(0).index()));
            if (shownEndOrdinal >= 0 && firstOrdinal > shownEndOrdinal) {
                skipped += firstOrdinal - shownEndOrdinal;
            }
            shownEndOrdinal = ordinal(n);
            followTop = rows.get(0).segment() == 0 ? rows.get(0).index() : -1;
            return rows;
        }
        shownEndOrdinal = -1;
        long cursorPos = posOf(cursor);
        long topPos = top < 0 ? -1 : posOf(top);
        if (topPos < 0 || cursorPos < topPos) {
            topPos = Math.max(0, cursorPos - height / 2);
        }
        while (true) {
            rows.clear();
            boolean cursorShown = false;
            for (long pos = topPos; pos < n && rows.size() < height; pos++) {
                List<Row> lineRows = rows(indexAt(pos), width);
                for (Row r : lineRows) {
                    if (rows.size() < height) {
                        rows.add(r);
                    }
                }
                cursorShown |= pos == cursorPos && rows.size() <= height;
            }
            if (cursorShown || topPos >= cursorPos) {
                break;
            }
            topPos++;
        }
        top = indexAt(topPos);
        return rows;
    }

    private List<Row> rows(long index, int width) {
        LogLine l = buffer.get(index);
        if (l == null) {
            return List.of();
        }
        Display d = display(l);
        if (!wrap) {
            return List.of(new Row(index, 0, d.text(), 0, d.text().length(), d));
        }
        List<Row> out = new ArrayList<>();
        String t = d.text();
        int start = 0;
        int used = 0;
        for (int i = 0; i < t.length(); i++) {
            int cw = TerminalTextUtils.isCharDoubleWidth(t.charAt(i)) ? 2 : 1;
            if (used + cw > width) {
                out.add(new Row(index, out.size(), t.substring(start, i), start, i, d));
                start = i;
                used = 0;
            }
            used += cw;
        }
        out.add(new Row(index, out.size(), t.substring(start), start, t.length(), d));
        return out;
    }

    Display display(LogLine l) {
        String time = timestamps ? LogLine.CONVOX_TIME.format(l.at()) + " " : "";
        String src = switch (prefix) {
            case FULL -> l.source();
            case SHORT -> l.source().substring(l.source().lastIndexOf('/') + 1);
            case NONE -> "";
        };
        String source = src.isEmpty() ? "" : Cells.clean(src) + " ";
        String text = Cells.clean(Visible.line(l.text(), MAX_SHOWN));
        return new Display(time + source + text, time.length(), time.length() + source.length(), l);
    }

    /** Where the search matches inside a row's text, as [from, to) pairs. */
    public List<int[]> hits(String text) {
        List<int[]> out = new ArrayList<>();
        if (search.isEmpty()) {
            return out;
        }
        Matcher m = search.get().matcher(text);
        while (m.find() && m.end() > m.start()) {
            out.add(new int[] {m.start(), m.end()});
        }
        return out;
    }
}
