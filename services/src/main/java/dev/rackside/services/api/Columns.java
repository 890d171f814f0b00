package dev.rackside.services.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A table's definition, once for the CLI and the console: its columns (Convox's first, in Convox's order, then
 * what rackside adds), each row's stable key (the selection follows it), the tone of its status and which column
 * holds that status.
 */
public record Columns<T>(List<Column<T>> columns, Function<T, String> key, Function<T, Tone> tone,
        int statusColumn) {

    /** How a row's status reads at a glance; the word itself always says it too. */
    public enum Tone { NORMAL, OK, WARN, FAIL, MUTED }

    public Columns {
        columns = List.copyOf(columns);
    }

    public List<String> headers() {
        List<String> out = new ArrayList<>(columns.size());
        columns.forEach(c -> out.add(c.header()));
        return out;
    }

    public List<String> cells(T row, Instant now) {
        List<String> out = new ArrayList<>(columns.size());
        for (Column<T> c : columns) {
            String v = c.cell().of(row, now);
            out.add(v == null ? "" : v);
        }
        return out;
    }

    public List<Integer> shrinks() {
        List<Integer> out = new ArrayList<>(columns.size());
        columns.forEach(c -> out.add(c.shrink()));
        return out;
    }
}
