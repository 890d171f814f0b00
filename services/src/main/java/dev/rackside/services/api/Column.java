package dev.rackside.services.api;

import java.time.Instant;

/**
 * One column of a table as both front ends show it: its header (the Convox CLI's where Convox has the column),
 * how a row's cell reads, and how early it gives way on a narrow terminal ({@code 0} never; higher first).
 */
public record Column<T>(String header, Cell<T> cell, int shrink) {

    /** A row's text in this column; {@code now} for the ages ("3 minutes ago"). */
    @FunctionalInterface
    public interface Cell<T> {
        String of(T row, Instant now);
    }

    public static <T> Column<T> of(String header, Cell<T> cell) {
        return new Column<>(header, cell, 0);
    }

    /** A column that gives way early on a narrow terminal (descriptions, domains, commands). */
    public static <T> Column<T> wide(String header, Cell<T> cell, int shrink) {
        return new Column<>(header, cell, shrink);
    }
}
