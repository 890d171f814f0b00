package dev.rackside.services.model;

import java.util.Locale;
import java.util.Optional;

/** How careful rackside must be with a rack; production needs typed confirmations. */
public enum Tier {
    PRODUCTION, STAGING, DEVELOPMENT, UNSET;

    public String label() {
        return this == UNSET ? "-" : name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Tier> parse(String text) {
        for (Tier t : values()) {
            if (t != UNSET && t.label().equals(text)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
