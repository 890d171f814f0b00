package dev.rackside.themes;

import java.util.Locale;
import java.util.Optional;

/**
 * The semantic roles a theme colours. Views ask for a role, never for a colour, so a theme can change
 * every colour without touching a screen.
 */
public enum Role {
    TEXT, MUTED, HEADER, SELECTION, HIGHLIGHT, CHANGED, OK, WARN, FAIL, STATUS_BAR, GOVCLOUD_BADGE,
    BORDER_PRODUCTION, BORDER_STAGING, BORDER_DEVELOPMENT, BORDER_OTHER,
    LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG;

    /** The YAML key: lower-case with dashes, e.g. {@code border-production}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Role> ofKey(String key) {
        for (Role r : values()) {
            if (r.key().equals(key)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
