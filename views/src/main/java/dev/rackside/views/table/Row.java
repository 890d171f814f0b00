package dev.rackside.views.table;

import java.util.List;

/**
 * One table row: a stable key (so the selection follows the row across updates) and its cells, already
 * cleaned for the terminal. {@code tone} names the status role for the row's status cell, if any.
 */
public record Row(String key, List<String> cells, int statusColumn, Tone tone) {

    /** How a row's status reads at a glance; the word itself always says it too. */
    public enum Tone { NORMAL, OK, WARN, FAIL, MUTED }

    public Row {
        cells = cells.stream().map(Cells::clean).toList();
    }

    public static Row of(String key, Tone tone, int statusColumn, String... cells) {
        return new Row(key, List.of(cells), statusColumn, tone);
    }
}
