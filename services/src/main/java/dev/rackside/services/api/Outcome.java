package dev.rackside.services.api;

import java.util.Optional;

/**
 * What became of a change: it was made ({@link Kind#OK}), or why not. The message is the one line both front
 * ends show; {@code path} says which way it went to the rack ({@code rack API (racks.yaml api)},
 * {@code rack API (kubernetes tunnel)}, {@code kubernetes}), as the journal records it.
 */
public record Outcome(Kind kind, String message, Optional<String> path) {

    public enum Kind {
        /** Done. */
        OK,
        /** Not tried: read-only, not confirmed, a policy or bound, nothing to do. Nothing changed. */
        REFUSED,
        /** Someone else changed it first (409), or holds the deploy lease. */
        CONFLICT,
        /** The cluster or the rack API said no (403, 401). */
        FORBIDDEN,
        /** The rack, or its API, did not answer. */
        UNREACHABLE,
        /** Tried and failed (a deploy rolled back, a 500, a failed build). */
        FAILED
    }

    public static Outcome ok(String message, String path) {
        return new Outcome(Kind.OK, message, Optional.of(path));
    }

    public static Outcome refused(String message) {
        return new Outcome(Kind.REFUSED, message, Optional.empty());
    }

    public boolean ok() {
        return kind == Kind.OK;
    }

    /** An outcome that was not OK, as an exception for call sites that stop at the first failure. */
    public Outcome orThrow() {
        if (!ok()) {
            throw new Failed(this);
        }
        return this;
    }

    /** A change that did not happen, carrying its outcome. */
    public static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Outcome outcome;

        public Failed(Outcome outcome) {
            super(outcome.message());
            this.outcome = outcome;
        }

        public Outcome outcome() {
            return outcome;
        }
    }
}
