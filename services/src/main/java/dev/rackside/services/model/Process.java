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
        int restarts) {
}
