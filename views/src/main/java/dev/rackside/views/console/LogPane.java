package dev.rackside.views.console;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.screen.Screen;
import dev.rackside.services.api.LogQuery;
import dev.rackside.services.api.LogSession;
import dev.rackside.services.text.LogLevel;
import dev.rackside.services.model.LogLine;
import dev.rackside.services.model.Rack;
import dev.rackside.themes.Role;
import dev.rackside.views.logs.LogTail;
import dev.rackside.views.logs.LogViewState;
import dev.rackside.views.table.Cells;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Logs pane of one location: its session and buffer ({@link LogTail}), where the operator is in it
 * ({@link LogViewState}), and how it is drawn. While following, a frame whose lines are the last frame's
 * moved up by n rows first asks the screen to scroll those rows (Lanterna {@code scrollLines}), so the
 * terminal receives a scroll and the n new rows, not a repaint of the pane (platform-notes A3).
 */
final class LogPane implements AutoCloseable {
    /** Pod colours: theme roles, so every theme (mono and colour-blind ones too) stays coherent. */
    private static final Role[] SOURCE_COLOURS = {Role.HEADER, Role.CHANGED, Role.OK, Role.GOVCLOUD_BADGE,
        Role.HIGHLIGHT, Role.SELECTION};

    private final LogQuery query;
    private final dev.rackside.services.api.Logs logs;
    private final String title;
    private final LogTail tail;
    private final LogViewState view;
    private List<LogViewState.Row> lastRows = List.of();
    private String lastShape = "";

    LogPane(dev.rackside.services.api.Services services, dev.rackside.services.api.LogLimits limits, Rack rack,
            LogQuery query, String title, Runnable onChange) {
        this.query = query;
        this.logs = services.logs();
        this.title = title;
        this.tail = new LogTail(limits.newBuffer(), onChange);
        this.view = new LogViewState(tail.buffer());
        services.io().execute(() -> {
            try {
                LogSession s = services.logs().open(rack, query, tail);
                tail.opened(s);
            } catch (RuntimeException e) {
                tail.failed(String.valueOf(e.getMessage()));
            }
        });
    }

    LogViewState view() {
        return view;
    }

    LogTail tail() {
        return tail;
    }

    LogQuery query() {
        return query;
    }

    String title() {
        StringBuilder t = new StringBuilder("Logs " + title);
        t.append(view.following() ? "  ● following" : "  ❚❚ paused");
        view.filter().ifPresent(f -> t.append("  /").append(f.text()));
        view.search().ifPresent(p -> t.append("  search:").append(p.pattern()));
        view.since().ifPresent(at -> t.append("  since ").append(DateFormats.CLOCK.format(at)));
        return t.toString();
    }

    /** Draws the status row and the lines inside the frame; rows are 4 .. h-3. */
    void draw(Screen screen, TextGraphics g, TerminalSize size, Painter painter) {
        int left = 2;
        int width = size.getColumns() - 4;
        int top = 4;
        int height = size.getRows() - 6;
        if (width <= 0 || height <= 0) {
            return;
        }
        List<LogViewState.Row> rows = view.layout(width, height);
        String shape = width + "x" + height + "/" + view.wrap() + "/" + view.timestamps() + "/"
                + view.filter().map(f -> f.text()).orElse("") + "/" + view.search().map(Object::toString).orElse("");
        if (view.following() && shape.equals(lastShape) && lastRows.size() == height && rows.size() == height) {
            int shift = shift(lastRows, rows);
            if (shift > 0 && shift < height) {
                screen.scrollLines(top, top + height - 1, shift);
            }
        }
        lastRows = rows;
        lastShape = shape;
        // Blank first (cheap: only cells that end up different are sent), so nothing of the last pane stays.
        painter.clearPane(g, size);
        painter.put(g, left, 3, Cells.fit(statusLine(rows), width), Role.MUTED);
        for (int i = 0; i < height; i++) {
            int y = top + i;
            if (i >= rows.size()) {
                painter.put(g, left, y, " ".repeat(width), Role.TEXT);
                continue;
            }
            drawRow(g, painter, left, y, width, rows.get(i));
        }
        if (rows.isEmpty()) {
            painter.put(g, left, top, Cells.fit(emptyText(), width), tail.openError().isPresent() ? Role.FAIL
                    : Role.MUTED);
        }
    }

    /** How many rows the view moved up since the last frame: where the last frame's bottom row is now. */
    private static int shift(List<LogViewState.Row> before, List<LogViewState.Row> now) {
        LogViewState.Row last = before.get(before.size() - 1);
        for (int i = now.size() - 1; i >= 0; i--) {
            LogViewState.Row r = now.get(i);
            if (r.index() == last.index() && r.segment() == last.segment()) {
                return now.size() - 1 - i;
            }
            if (r.index() < last.index()) {
                break;
            }
        }
        return -1;
    }

    private void drawRow(TextGraphics g, Painter painter, int x, int y, int width, LogViewState.Row row) {
        LogViewState.Display d = row.display();
        boolean selected = row.index() == view.cursor();
        SGR rev = selected ? SGR.REVERSE : null;
        Role level = levelRole(d.line());
        Role source = sourceRole(d.line());
        int col = x;
        int used = 0;
        // The row is the display text's [from, to): draw the time, source and message parts it covers.
        int[][] parts = {{0, d.timeEnd()}, {d.timeEnd(), d.sourceEnd()}, {d.sourceEnd(), d.text().length()}};
        Role[] roles = {Role.MUTED, source, level};
        for (int p = 0; p < parts.length && used < width; p++) {
            int from = Math.max(parts[p][0], row.from());
            int to = Math.min(parts[p][1], row.to());
            if (from >= to) {
                continue;
            }
            String piece = d.text().substring(from, to);
            int w = Cells.width(piece);
            if (used + w > width) {
                piece = Cells.fit(piece, width - used);
                w = width - used;
            }
            col = painter.put(g, col, y, piece, roles[p], rev);
            used += w;
        }
        if (used < width) {
            painter.put(g, col, y, " ".repeat(width - used), Role.TEXT, rev);
        }
        String shown = d.text().substring(row.from(), row.to());
        for (int[] h : view.hits(shown)) {
            String before = shown.substring(0, h[0]);
            int hx = x + Cells.width(before);
            if (hx - x < width) {
                String hit = shown.substring(h[0], h[1]);
                painter.put(g, hx, y, Cells.fit(hit, Math.min(Cells.width(hit), width - (hx - x))), Role.HIGHLIGHT,
                        SGR.REVERSE, SGR.BOLD);
            }
        }
    }

    private static Role levelRole(LogLine l) {
        return switch (LogLevel.of(l.text())) {
            case ERROR -> Role.LOG_ERROR;
            case WARN -> Role.LOG_WARN;
            case DEBUG -> Role.LOG_DEBUG;
            default -> Role.LOG_INFO;
        };
    }

    private static Role sourceRole(LogLine l) {
        if (l.origin() == LogLine.Origin.EVENT) {
            return Role.MUTED;
        }
        return SOURCE_COLOURS[Math.floorMod(l.source().hashCode(), SOURCE_COLOURS.length)];
    }

    private String statusLine(List<LogViewState.Row> rows) {
        StringBuilder s = new StringBuilder();
        var b = tail.buffer();
        Optional<LogSession.Status> st = tail.status();
        if (tail.opening()) {
            s.append("connecting…  ");
        } else if (tail.complete()) {
            s.append("complete  ");
        } else {
            st.ifPresent(x -> s.append("streams ").append(x.streams()).append("  "));
        }
        s.append("lines ").append(String.format(Locale.ROOT, "%,d", b.end() - b.first()));
        if (view.filter().isPresent() || view.since().isPresent()) {
            s.append(" (").append(String.format(Locale.ROOT, "%,d", view.count())).append(" match)");
        }
        view.search().ifPresent(p -> s.append("  search: ").append(String.format(Locale.ROOT, "%,d", view.hitCount()))
                .append(" hits"));
        s.append(String.format(Locale.ROOT, "  %.1f/%d MB", b.bytes() / 1048576.0, b.maxBytes() >> 20));
        if (view.skipped() > 0) {
            s.append(String.format(Locale.ROOT, "  ⏩ %,d skipped on screen (in buffer)", view.skipped()));
        }
        if (b.evicted() > 0) {
            s.append(String.format(Locale.ROOT, "  evicted %,d", b.evicted()));
        }
        if (!view.following()) {
            long below = view.below(rows);
            if (below > 0) {
                s.append(String.format(Locale.ROOT, "  ↓ %,d more below (G follows)", below));
            }
        }
        st.ifPresent(x -> {
            if (x.late() > 0) {
                s.append(String.format(Locale.ROOT, "  %,d late", x.late()));
            }
            if (x.reconnects() > 0) {
                s.append("  reconnects ").append(x.reconnects());
            }
            for (String p : x.problems()) {
                s.append("  ⚠ ").append(p);
            }
        });
        tail.openError().ifPresent(e -> s.append("  ✗ ").append(e));
        view.filter().flatMap(f -> f.error()).ifPresent(e -> s.append("  filter: ").append(e));
        return s.toString();
    }

    private String emptyText() {
        if (tail.openError().isPresent()) {
            return "✗ " + tail.openError().get();
        }
        if (tail.opening()) {
            return "connecting…";
        }
        if (view.filter().isPresent() && tail.buffer().end() > tail.buffer().first()) {
            return "no line matches the filter";
        }
        return tail.complete() ? "no log lines" : "waiting for log lines…";
    }

    /** Writes the buffer (or [from, to)) to {@code file}; returns the line to show. */
    String export(Path file, Instant from, Instant to) {
        try {
            int n = logs.export(tail.buffer(), file, from, to);
            return "exported " + n + " lines to " + file.toAbsolutePath();
        } catch (IOException | RuntimeException e) {
            return "✗ export to " + file + " failed: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        tail.close();
    }
}
