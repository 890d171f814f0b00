package dev.rackside.views.table;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a table shows and where the operator is in it: the rows, the filter, the selection (kept on the
 * same row key across updates) and the scroll offset. Cells whose value changed stay marked for a moment.
 * Pure state: no drawing, no threads; the console owns it on its render thread.
 */
public final class TableState<T> {
    static final Duration CHANGE_MARK = Duration.ofSeconds(2);

    private List<String> headers = List.of();
    private List<Integer> shrinks = List.of();
    private List<Row<T>> all = List.of();
    private List<Row<T>> shown = List.of();
    private int columnOffset;
    private int[] widths = new int[0];
    private Map<String, List<String>> previous = new HashMap<>();
    private final Map<String, Instant> changedAt = new HashMap<>();
    private Optional<String> selectedKey = Optional.empty();
    private int selected;
    private int offset;
    private String filterText = "";
    private Optional<Pattern> filter = Optional.empty();
    private boolean inverted;
    private Optional<String> filterError = Optional.empty();

    /** Replaces the rows, noting which cells changed since the last update. */
    public void update(List<String> headers, List<Row<T>> rows, Instant now) {
        update(headers, java.util.Collections.nCopies(headers.size(), 0), rows, now);
    }

    /** The same, with each column's shrink priority for narrow terminals ({@link ColumnLayout}). */
    public void update(List<String> headers, List<Integer> shrinks, List<Row<T>> rows, Instant now) {
        this.headers = List.copyOf(headers);
        this.shrinks = List.copyOf(shrinks);
        Map<String, List<String>> next = new HashMap<>();
        for (Row<T> r : rows) {
            List<String> before = previous.get(r.key());
            if (before != null) {
                for (int c = 0; c < r.cells().size() && c < before.size(); c++) {
                    if (!r.cells().get(c).equals(before.get(c))) {
                        changedAt.put(r.key() + "\u0000" + c, now);
                    }
                }
            }
            next.put(r.key(), r.cells());
        }
        previous = next;
        all = List.copyOf(rows);
        refilter();
    }

    /** True while the cell should be drawn as just changed. */
    public boolean recentlyChanged(String key, int column, Instant now) {
        Instant at = changedAt.get(key + "\u0000" + column);
        if (at == null) {
            return false;
        }
        if (Duration.between(at, now).compareTo(CHANGE_MARK) >= 0) {
            changedAt.remove(key + "\u0000" + column);
            return false;
        }
        return true;
    }

    /** When the next change mark expires, so the console can redraw exactly then and not tick. */
    public Optional<Instant> nextMarkExpiry() {
        return changedAt.values().stream().min(Instant::compareTo).map(t -> t.plus(CHANGE_MARK));
    }

    /** Sets the filter: a regex over the whole row, {@code !} first inverts; an invalid regex matches literally. */
    public void filter(String text) {
        filterText = text;
        String body = text.startsWith("!") ? text.substring(1) : text;
        inverted = text.startsWith("!");
        filterError = Optional.empty();
        if (body.isEmpty()) {
            filter = Optional.empty();
        } else {
            try {
                filter = Optional.of(Pattern.compile(body, Pattern.CASE_INSENSITIVE));
            } catch (PatternSyntaxException e) {
                filter = Optional.of(Pattern.compile(Pattern.quote(body), Pattern.CASE_INSENSITIVE));
                filterError = Optional.of("not a regex, matching literally");
            }
        }
        refilter();
    }

    private void refilter() {
        List<Row<T>> out = new ArrayList<>();
        for (Row<T> r : all) {
            boolean match = filter.map(p -> p.matcher(String.join("  ", r.cells())).find()).orElse(true);
            if (match != (inverted && filter.isPresent())) {
                out.add(r);
            }
        }
        shown = out;
        widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = Cells.width(headers.get(c));
        }
        for (Row<T> r : shown) {
            for (int c = 0; c < widths.length && c < r.cells().size(); c++) {
                widths[c] = Math.max(widths[c], Cells.width(r.cells().get(c)));
            }
        }
        int keep = selectedKey.map(this::indexOf).orElse(-1);
        selected = keep >= 0 ? keep : Math.min(selected, Math.max(0, shown.size() - 1));
        selectedKey = shown.isEmpty() ? selectedKey : Optional.of(shown.get(selected).key());
    }

    private int indexOf(String key) {
        for (int i = 0; i < shown.size(); i++) {
            if (shown.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    public void moveBy(int delta) {
        select(selected + delta);
    }

    public void select(int index) {
        if (shown.isEmpty()) {
            return;
        }
        selected = Math.max(0, Math.min(shown.size() - 1, index));
        selectedKey = Optional.of(shown.get(selected).key());
    }

    public void selectKey(String key) {
        int i = indexOf(key);
        if (i >= 0) {
            select(i);
        } else {
            selectedKey = Optional.of(key);
        }
    }

    public void last() {
        select(shown.size() - 1);
    }

    /** Keeps the selection inside a window of {@code height} rows and returns the first row to draw. */
    public int scrollFor(int height) {
        if (selected < offset) {
            offset = selected;
        } else if (height > 0 && selected >= offset + height) {
            offset = selected - height + 1;
        }
        offset = Math.max(0, Math.min(offset, Math.max(0, shown.size() - height)));
        return offset;
    }

    /** Selects the row drawn {@code line} lines below the first visible one (a mouse click). */
    public void selectVisible(int line) {
        if (line >= 0) {
            select(offset + line);
        }
    }

    /** Where the filter matches inside a cell, for highlighting; empty without a (non-inverted) filter. */
    public List<int[]> matches(String cell) {
        List<int[]> out = new ArrayList<>();
        if (filter.isEmpty() || inverted) {
            return out;
        }
        Matcher m = filter.get().matcher(cell);
        while (m.find() && m.end() > m.start()) {
            out.add(new int[] {m.start(), m.end()});
        }
        return out;
    }

    /** The widest cell of each column over the rows shown, kept per update rather than per frame. */
    public int[] naturalWidths() {
        return widths.clone();
    }

    public List<String> headers() {
        return headers;
    }

    public List<Integer> shrinks() {
        return shrinks;
    }

    /** How many columns the table is scrolled sideways. */
    public int columnOffset() {
        return columnOffset;
    }

    /** Scrolls sideways by {@code delta} columns, within the columns there are. */
    public void scrollColumns(int delta) {
        columnOffset = Math.max(0, Math.min(Math.max(0, headers.size() - 2), columnOffset + delta));
    }

    /** The item of the selected row, typed: what actions act on. */
    public java.util.Optional<T> selected() {
        return selectedRow().map(Row::item);
    }

    public List<Row<T>> shown() {
        return shown;
    }

    public int total() {
        return all.size();
    }

    public int selectedIndex() {
        return selected;
    }

    public Optional<Row<T>> selectedRow() {
        return shown.isEmpty() ? Optional.empty() : Optional.of(shown.get(selected));
    }

    public String filterText() {
        return filterText;
    }

    public Optional<String> filterError() {
        return filterError;
    }
}
