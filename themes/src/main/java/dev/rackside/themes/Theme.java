package dev.rackside.themes;

import java.util.EnumMap;
import java.util.Map;

/**
 * A complete theme: a colour for every {@link Role}. Selection and status never rely on colour alone (the
 * views add reverse video and symbols), so a theme may be monochrome.
 *
 * @param monochrome draw no colours at all (the {@code mono} theme, or {@code NO_COLOR})
 */
public record Theme(String name, Map<Role, Colour> colours, boolean monochrome) {

    public Theme {
        EnumMap<Role, Colour> copy = new EnumMap<>(Role.class);
        copy.putAll(colours);
        for (Role r : Role.values()) {
            if (!copy.containsKey(r)) {
                throw new IllegalArgumentException("theme " + name + " has no colour for " + r.key());
            }
        }
        colours = java.util.Collections.unmodifiableMap(copy);
    }

    public Colour colour(Role role) {
        return colours.get(role);
    }

    /** The theme's border colour for a rack tier ("production", "staging", "development", anything else). */
    public Colour border(String tier) {
        switch (tier) {
            case "production":
                return colour(Role.BORDER_PRODUCTION);
            case "staging":
                return colour(Role.BORDER_STAGING);
            case "development":
                return colour(Role.BORDER_DEVELOPMENT);
            default:
                return colour(Role.BORDER_OTHER);
        }
    }
}
