package dev.rackside.services.model;

import java.time.Instant;
import java.util.Optional;

/**
 * A pod as {@code convox ps} shows it.
 *
 * @param id       pod name
 * @param status   running, starting, unhealthy, crashed, pending, complete, failed or unknown
 * @param command  the primary container's args, shell-quoted
 * @param instance node name, empty while unscheduled
 * @param restarts restarts of the primary container
 * @param ready    containers ready, of {@code containers}
 * @param waiting  why the primary container is not running: its waiting reason (CrashLoopBackOff,
 *                 ImagePullBackOff ...) or how it last terminated (OOMKilled, Error), empty when it runs
 * @param usage    CPU and memory used (metrics.k8s.io), or why that is not known
 */
public record Process(
        String id,
        String app,
        String service,
        String type,
        String status,
        String release,
        Optional<Instant> started,
        String command,
        Optional<String> instance,
        int restarts,
        int ready,
        int containers,
        Optional<String> waiting,
        Usage usage) {

    public Process(String id, String app, String service, String type, String status, String release,
            Optional<Instant> started, String command, Optional<String> instance, int restarts, int ready,
            int containers, Optional<String> waiting) {
        this(id, app, service, type, status, release, started, command, instance, restarts, ready, containers,
                waiting, Usage.NOT_READ);
    }

    /** Without the readiness detail (fixtures and older callers). */
    public Process(String id, String app, String service, String type, String status, String release,
            Optional<Instant> started, String command, Optional<String> instance, int restarts) {
        this(id, app, service, type, status, release, started, command, instance, restarts, 0, 0, Optional.empty());
    }

    public Process withUsage(Usage u) {
        return new Process(id, app, service, type, status, release, started, command, instance, restarts, ready,
                containers, waiting, u);
    }
}
