package dev.rackside.services.model;

import java.time.Instant;
import java.util.Optional;

/** A release as {@code convox releases} shows it; status is "active" for the app's current release. */
public record Release(
        String id,
        String status,
        String build,
        Optional<Instant> created,
        String description) {
}
