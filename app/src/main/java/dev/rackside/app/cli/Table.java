package dev.rackside.app.cli;

import dev.rackside.services.api.Columns;
import dev.rackside.services.text.Visible;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The Convox CLI's table layout (stdcli Table): upper-case headers, left-aligned columns padded to the widest
 * cell, two spaces between columns, no trailing blanks. Cells are made {@link Visible}: they come from the
 * cluster. The columns are the ones the console shows ({@link Columns}).
 */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    private Table(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    /** A table of {@code rows} in the columns both front ends share. */
    public static <T> Table of(Columns<T> columns, List<T> rows, Instant now) {
        Table t = new Table(columns.headers());
        for (T r : rows) {
            t.rows.add(columns.cells(r, now).stream().map(Visible::of).toList());
        }
        return t;
    }

    public Table row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells for " + headers.size() + " columns");
        }
        rows.add(java.util.Arrays.stream(cells).map(Visible::of).toList());
        return this;
    }

    public void print(PrintWriter out) {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        line(out, headers, width);
        for (List<String> r : rows) {
            line(out, r, width);
        }
        out.flush();
    }

    private static void line(PrintWriter out, List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            b.append(cells.get(i));
            if (i < cells.size() - 1) {
                b.append(" ".repeat(width[i] - cells.get(i).length() + 2));
            }
        }
        int end = b.length();
        while (end > 0 && b.charAt(end - 1) == ' ') {
            end--;
        }
        out.println(b.substring(0, end));
    }
}
