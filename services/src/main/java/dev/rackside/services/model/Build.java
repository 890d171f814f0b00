package dev.rackside.services.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A build as {@code convox builds} shows it. */
public record Build(
        String id,
        String status,
        String release,
        Optional<Instant> started,
        Optional<Instant> ended,
        Optional<Duration> elapsed,
        String description) {
}
