package dev.rackside.services.model;

import java.util.List;
import java.util.Optional;

/**
 * An app, as {@code convox apps} shows it, plus what went wrong reading it.
 *
 * @param status    Convox CLI status: running, updating, rollback, deleting, unknown
 * @param rawStatus the Atom state behind it (Pending, Running, Deadline ...), empty if unknown
 * @param release   the active release ID, empty when none is active yet
 * @param problems  things the operator should know that did not stop the app from listing
 */
public record App(
        String name,
        String namespace,
        String status,
        Optional<String> rawStatus,
        Optional<String> release,
        boolean locked,
        List<String> problems) {

    public App {
        problems = List.copyOf(problems);
    }
}
