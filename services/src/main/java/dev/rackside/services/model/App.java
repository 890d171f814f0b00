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
 * @param health    what its pods say at a glance ({@code ok}, {@code 2 crashing}, {@code deploying 3/5},
 *                  {@code stalled: ImagePullBackOff}); empty until the pods are known
 */
public record App(
        String name,
        String namespace,
        String status,
        Optional<String> rawStatus,
        Optional<String> release,
        boolean locked,
        List<String> problems,
        String health) {

    public App {
        problems = List.copyOf(problems);
    }

    public App(String name, String namespace, String status, Optional<String> rawStatus, Optional<String> release,
            boolean locked, List<String> problems) {
        this(name, namespace, status, rawStatus, release, locked, problems, "");
    }

    /** True unless the pods say something is wrong (or are not known yet). */
    public boolean healthy() {
        return health.isEmpty() || health.equals("ok");
    }

    public App withHealth(String h) {
        return new App(name, namespace, status, rawStatus, release, locked, problems, h);
    }
}
