package dev.rackside.views.table;

import dev.rackside.services.api.Columns.Tone;
import java.util.List;

/**
 * One table row: the item it shows (actions read it, never the cells), a stable key (the selection follows
 * the row across updates) and its cells, already cleaned for the terminal. {@code tone} names the status role
 * of the row's status cell, if any.
 */
public record Row<T>(String key, T item, List<String> cells, int statusColumn, Tone tone) {

    public Row {
        cells = cells.stream().map(Cells::clean).toList();
    }

    public static <T> Row<T> of(String key, T item, Tone tone, int statusColumn, String... cells) {
        return new Row<>(key, item, List.of(cells), statusColumn, tone);
    }
}
