package dev.rackside.services.deploy;

import dev.rackside.services.api.Outcome;

/**
 * Inside the write path: a change that stops here, with the outcome the operator is told. Thrown where the
 * reason is found, turned into an {@link Outcome} (and journaled) by {@link RackOperations}.
 */
final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Outcome.Kind kind;

    Refusal(String message) {
        this(Outcome.Kind.REFUSED, message);
    }

    Refusal(Outcome.Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    Outcome.Kind kind() {
        return kind;
    }
}
