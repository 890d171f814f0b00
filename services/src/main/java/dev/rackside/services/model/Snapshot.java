package dev.rackside.services.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An immutable, already-sorted view of one table, as the render thread and the CLI consume it.
 *
 * @param state    LOADING until the first complete list, READY after, FAILED when the read failed
 * @param rows     the rows, sorted the way the Convox CLI sorts them
 * @param error    why the read failed (FAILED) or why the rows may be stale (READY after a dropped watch)
 * @param problems non-fatal remarks about the data (a malformed annotation, a broken manifest ...)
 * @param version  increases with every publication, so a view can tell whether anything changed
 * @param at       when this snapshot was published
 * @param staleSince since when the rows shown have been stale (the read failing since then), if they are
 */
public record Snapshot<T>(
        State state,
        List<T> rows,
        Optional<String> error,
        List<String> problems,
        long version,
        Instant at,
        Optional<Instant> staleSince) {

    public enum State { LOADING, READY, FAILED }

    public Snapshot {
        rows = List.copyOf(rows);
        problems = List.copyOf(problems);
    }

    public static <T> Snapshot<T> loading() {
        return new Snapshot<>(State.LOADING, List.of(), Optional.empty(), List.of(), 0, Instant.EPOCH, Optional.empty());
    }

    public boolean complete() {
        return state != State.LOADING;
    }

    /** Rows are shown but the read behind them is failing: what is on screen may no longer be true. */
    public boolean stale() {
        return state == State.READY && error.isPresent();
    }
}
