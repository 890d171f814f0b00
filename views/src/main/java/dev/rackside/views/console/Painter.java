package dev.rackside.views.console;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.rackside.services.api.Columns;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.Snapshot;
import dev.rackside.themes.Role;
import dev.rackside.views.keys.Pane;
import dev.rackside.views.style.Palette;
import dev.rackside.views.table.Cells;
import dev.rackside.views.table.ColumnLayout;
import dev.rackside.views.table.Row;
import dev.rackside.views.table.TableState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Draws one frame into the back buffer, and is the one place text reaches it: {@link #put} makes every string
 * safe for the terminal (controls and escape sequences shown as {@code ^[}, bidi controls as {@code \u202e},
 * characters that would split or misalign replaced), whatever drew it: a cell, a title, the status line, a
 * prompt, an overlay, an API's error message, a theme's warning. Only the visible slice of a table is touched,
 * whatever its size; Lanterna's delta refresh then sends just the cells that differ from what the terminal shows.
 */
final class Painter {
    private final Palette palette;

    Painter(Palette palette) {
        this.palette = palette;
    }

    /** The top line: where the operator is connected and how careful to be. */
    void status(TextGraphics g, int width, Optional<Rack> rack, boolean readOnly, Optional<String> lastError,
            String version) {
        status(g, width, rack, readOnly, lastError, version, Optional.empty());
    }

    /** @param note what else the operator should know now (a deploy in flight, the write path), after the rest */
    void status(TextGraphics g, int width, Optional<Rack> rack, boolean readOnly, Optional<String> lastError,
            String version, Optional<String> note) {
        fill(g, 0, width, Role.STATUS_BAR);
        int x = put(g, 0, 0, " rackside ", Role.HEADER, SGR.BOLD);
        if (rack.isPresent()) {
            Rack r = rack.get();
            if (r.sandbox()) {
                x = put(g, x, 0, " SANDBOX ", Role.WARN, SGR.REVERSE, SGR.BOLD);
            }
            x = put(g, x, 0, " rack " + r.name(), Role.TEXT, SGR.BOLD);
            x = put(g, x, 0, "  ctx " + r.context().orElse("-"), Role.STATUS_BAR);
            x = put(g, x, 0, "  " + r.partition(), Role.STATUS_BAR);
            if ("aws-us-gov".equals(r.partition())) {
                x = put(g, x + 1, 0, " GOVCLOUD ", Role.GOVCLOUD_BADGE, SGR.REVERSE, SGR.BOLD);
            }
            x = put(g, x, 0, "  FIPS " + ("aws-us-gov".equals(r.partition()) ? "on" : "off"), Role.STATUS_BAR);
            if (r.tier() != dev.rackside.services.model.Tier.UNSET) {
                x = put(g, x, 0, "  " + r.tier().label().toUpperCase(java.util.Locale.ROOT), tierRole(r.tier().label()),
                        SGR.BOLD);
            }
        }
        if (readOnly || rack.map(Rack::readOnly).orElse(false)) {
            x = put(g, x + 2, 0, " READ-ONLY ", Role.WARN, SGR.REVERSE, SGR.BOLD);
        }
        if (lastError.isPresent()) {
            x = put(g, x + 2, 0, Cells.fit("✗ " + lastError.get(), Math.max(0, width - x - 3)), Role.FAIL, SGR.BOLD);
        }
        if (note.isPresent() && x < width - 4) {
            x = put(g, x + 2, 0, Cells.fit(note.get(), Math.max(0, width - x - 3)), Role.WARN, SGR.BOLD);
        }
        if (x < width - version.length() - 1 && lastError.isEmpty() && note.isEmpty()) {
            put(g, width - version.length() - 1, 0, version, Role.MUTED);
        }
    }

    void crumbs(TextGraphics g, int width, Location loc) {
        fill(g, 1, width, null);
        int x = put(g, 1, 1, loc.crumbs(), Role.HEADER, SGR.BOLD);
        if (loc.pane().isAppTab()) {
            x += 3;
            for (int i = 0; i < Pane.APP_TABS.length; i++) {
                Pane p = Pane.APP_TABS[i];
                String label = " " + (i + 1) + " " + p.title() + " ";
                x = p == loc.pane() ? put(g, x, 1, label, Role.SELECTION, SGR.REVERSE, SGR.BOLD)
                        : put(g, x, 1, label, Role.MUTED);
            }
        }
    }

    /** The frame around the pane, coloured by the rack's tier so production never looks like staging. */
    void frame(TextGraphics g, TerminalSize size, String title, String tier) {
        int w = size.getColumns();
        int h = size.getRows();
        TextColor c = palette.border(tier);
        g.setForegroundColor(c);
        g.setBackgroundColor(TextColor.ANSI.DEFAULT);
        g.clearModifiers();
        if ("production".equals(tier)) {
            g.enableModifiers(SGR.BOLD);
        }
        char horizontal = "production".equals(tier) ? '═' : '─';
        char vertical = "production".equals(tier) ? '║' : '│';
        g.setCharacter(0, 2, "production".equals(tier) ? '╔' : '┌');
        g.setCharacter(w - 1, 2, "production".equals(tier) ? '╗' : '┐');
        g.setCharacter(0, h - 2, "production".equals(tier) ? '╚' : '└');
        g.setCharacter(w - 1, h - 2, "production".equals(tier) ? '╝' : '┘');
        for (int x = 1; x < w - 1; x++) {
            g.setCharacter(x, 2, horizontal);
            g.setCharacter(x, h - 2, horizontal);
        }
        for (int y = 3; y < h - 2; y++) {
            g.setCharacter(0, y, vertical);
            g.setCharacter(w - 1, y, vertical);
        }
        String t = Cells.fit(" " + title + " ", Math.min(Cells.width(title) + 2, Math.max(0, w - 4)));
        put(g, 2, 2, t, Role.HEADER, SGR.BOLD);
    }

    /**
     * The table inside the frame: header, then the visible slice of rows. Columns a narrow frame cannot hold give
     * way by their shrink priority ({@link ColumnLayout}), with {@code ›}/{@code ‹} at the edge saying so. Stale
     * rows (the read behind them failing) are dimmed and each marked {@code ~} at the left, not by colour alone.
     */
    <T> void table(TextGraphics g, TerminalSize size, TableState<T> table, Snapshot.State state,
            Optional<String> error, boolean stale, Instant now) {
        int left = 2;
        int width = size.getColumns() - 4;
        int top = 3;
        int height = size.getRows() - 5;
        if (width <= 0 || height <= 0) {
            return;
        }
        clear(g, left - 1, top, width + 2, height);
        ColumnLayout layout = ColumnLayout.of(table.naturalWidths(), table.shrinks(), width, table.columnOffset());
        drawCells(g, left, top, layout, table.headers(), Role.MUTED, null, table, now, null, SGR.BOLD, false);
        if (layout.hiddenRight()) {
            put(g, left + width - 1, top, "›", Role.HIGHLIGHT, SGR.BOLD);
        }
        if (layout.hiddenLeft()) {
            put(g, left - 1, top, "‹", Role.HIGHLIGHT, SGR.BOLD);
        }
        int rowsHigh = height - 1;
        if (state != Snapshot.State.READY && table.shown().isEmpty()) {
            String what = state == Snapshot.State.LOADING ? "loading…" : "✗ " + error.orElse("failed");
            put(g, left, top + 1, Cells.fit(what, width), state == Snapshot.State.LOADING ? Role.MUTED : Role.FAIL);
            return;
        }
        if (table.shown().isEmpty()) {
            put(g, left, top + 1, table.total() == 0 ? "no rows" : "no rows match the filter", Role.MUTED);
            return;
        }
        int first = table.scrollFor(rowsHigh);
        List<Row<T>> rows = table.shown();
        for (int i = 0; i < rowsHigh && first + i < rows.size(); i++) {
            Row<T> r = rows.get(first + i);
            boolean selected = first + i == table.selectedIndex();
            drawCells(g, left, top + 1 + i, layout, r.cells(), stale ? Role.MUTED : Role.TEXT, r, table, now,
                    selected ? SGR.REVERSE : null, selected ? SGR.BOLD : null, stale);
            if (selected) {
                g.setForegroundColor(palette.of(Role.SELECTION));
                g.setCharacter(left - 1, top + 1 + i, '▶');
            } else if (stale) {
                put(g, left - 1, top + 1 + i, "~", Role.MUTED);
            }
        }
    }

    private <T> void drawCells(TextGraphics g, int x, int y, ColumnLayout layout, List<String> cells, Role role,
            Row<T> row, TableState<T> table, Instant now, SGR selection, SGR extra, boolean stale) {
        int col = x;
        List<Integer> shown = layout.shown();
        for (int k = 0; k < shown.size(); k++) {
            int c = shown.get(k);
            int w = layout.widths()[k];
            String text = Cells.fit(c < cells.size() ? cells.get(c) : "", w);
            Role r = role;
            if (row != null && c == row.statusColumn() && !stale) {
                r = switch (row.tone()) {
                    case OK -> Role.OK;
                    case WARN -> Role.WARN;
                    case FAIL -> Role.FAIL;
                    case MUTED -> Role.MUTED;
                    default -> role;
                };
            }
            boolean changed = row != null && table.recentlyChanged(row.key(), c, now);
            if (changed && !stale) {
                r = Role.CHANGED;
            }
            SGR[] mods = mods(selection, extra, changed ? SGR.BOLD : null);
            put(g, col, y, text, r, mods);
            if (row != null) {
                for (int[] m : table.matches(text)) {
                    put(g, col + Cells.width(text.substring(0, m[0])), y, text.substring(m[0], m[1]), Role.HIGHLIGHT,
                            mods(selection, SGR.UNDERLINE, SGR.BOLD));
                }
            }
            col += w;
            if (k < shown.size() - 1) {
                put(g, col, y, "  ", role, mods(selection, null, null));
                col += 2;
            }
        }
    }

    static Role tone(Columns.Tone t) {
        return switch (t) {
            case OK -> Role.OK;
            case WARN -> Role.WARN;
            case FAIL -> Role.FAIL;
            case MUTED -> Role.MUTED;
            default -> Role.TEXT;
        };
    }

    /** The bottom line: hints, a prompt, or a message. */
    void bottom(TextGraphics g, TerminalSize size, String text, Role role, boolean reverse) {
        int y = size.getRows() - 1;
        fill(g, y, size.getColumns(), null);
        put(g, 0, y, Cells.fit(text, size.getColumns()), role, reverse ? SGR.REVERSE : null);
    }

    /** A full-pane text view: help, YAML, or a pane that is not built yet. */
    void text(TextGraphics g, TerminalSize size, List<String> lines, int scroll, Role role) {
        int left = 2;
        int width = size.getColumns() - 4;
        int top = 3;
        int height = size.getRows() - 5;
        clear(g, left - 1, top, width + 2, height);
        for (int i = 0; i < height && scroll + i < lines.size(); i++) {
            put(g, left, top + i, Cells.fit(Cells.clean(lines.get(scroll + i)), width), role);
        }
    }

    /** Blanks the inside of the frame, markers column included. */
    void clearPane(TextGraphics g, TerminalSize size) {
        clear(g, 1, 3, size.getColumns() - 2, size.getRows() - 5);
    }

    /** The one way text reaches the screen: made safe here, whoever wrote it. */
    int put(TextGraphics g, int x, int y, String text, Role role, SGR... mods) {
        text = Cells.clean(text);
        g.clearModifiers();
        g.setBackgroundColor(TextColor.ANSI.DEFAULT);
        g.setForegroundColor(role == null ? TextColor.ANSI.DEFAULT : palette.of(role));
        for (SGR m : mods) {
            if (m != null) {
                g.enableModifiers(m);
            }
        }
        g.putString(x, y, text);
        return x + Cells.width(text);
    }

    private void fill(TextGraphics g, int y, int width, Role role) {
        put(g, 0, y, " ".repeat(Math.max(0, width)), role);
    }

    private void clear(TextGraphics g, int x, int y, int w, int h) {
        g.clearModifiers();
        g.setBackgroundColor(TextColor.ANSI.DEFAULT);
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
        g.fillRectangle(new com.googlecode.lanterna.TerminalPosition(x, y), new TerminalSize(Math.max(0, w),
                Math.max(0, h)), ' ');
    }

    private static SGR[] mods(SGR a, SGR b, SGR c) {
        return new SGR[] {a, b, c};
    }

    private static Role tierRole(String tier) {
        return switch (tier) {
            case "production" -> Role.BORDER_PRODUCTION;
            case "staging" -> Role.BORDER_STAGING;
            case "development" -> Role.BORDER_DEVELOPMENT;
            default -> Role.BORDER_OTHER;
        };
    }
}
