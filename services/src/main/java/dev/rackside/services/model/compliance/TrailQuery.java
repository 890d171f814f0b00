package dev.rackside.services.model.compliance;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code rackside audit trail} asks of CloudTrail: the period, the categories kept ({@code iam kms network eks
 * s3 secrets}, empty for all), one actor's events only, whether read-only events count, and where to ask.
 */
public record TrailQuery(Instant from, Instant to, Set<String> categories, Optional<String> actor,
        boolean includeReads, Source source) {
    /**
     * Where the events are read: the rack's CloudTrail Lake event data store when racks.yaml names one (else the
     * event history), the event history ({@code LookupEvents}, 90 days) always, or the Lake always.
     */
    public enum Source {
        CONFIGURED, EVENT_HISTORY, LAKE
    }

    public static final Set<String> CATEGORIES = Set.of("iam", "kms", "network", "eks", "s3", "secrets", "other");

    public TrailQuery {
        categories = Set.copyOf(categories);
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the period is empty: " + from + " is not before " + to);
        }
        for (String c : categories) {
            if (!CATEGORIES.contains(c)) {
                throw new IllegalArgumentException("no category '" + c + "' (iam, kms, network, eks, s3, secrets, "
                        + "other, all)");
            }
        }
    }

    public TrailQuery(Instant from, Instant to, Set<String> categories, Optional<String> actor, boolean includeReads) {
        this(from, to, categories, actor, includeReads, Source.CONFIGURED);
    }

    public boolean keeps(String category) {
        return categories.isEmpty() || categories.contains(category);
    }

    /** As the exports print it: "2026-09-02T00:00:00Z..2026-12-01T00:00:00Z management writes, all categories". */
    public String describe() {
        return from + ".." + to + " management " + (includeReads ? "events (reads included)" : "writes") + ", "
                + (categories.isEmpty() ? "all categories" : String.join(",", new java.util.TreeSet<>(categories)))
                + actor.map(a -> ", actor " + a).orElse("");
    }
}
