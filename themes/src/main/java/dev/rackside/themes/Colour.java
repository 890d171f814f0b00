package dev.rackside.themes;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A theme colour: 24-bit RGB, with an optional xterm-256 index the theme author picked for terminals that
 * have no true colour (otherwise the nearest one is computed).
 */
public record Colour(int r, int g, int b, Optional<Integer> index256) {
    private static final Pattern HEX = Pattern.compile("#[0-9a-fA-F]{6}");

    public Colour {
        if (r < 0 || r > 255 || g < 0 || g > 255 || b < 0 || b > 255) {
            throw new IllegalArgumentException("RGB components must be 0-255");
        }
        index256.filter(i -> i < 0 || i > 255).ifPresent(i -> {
            throw new IllegalArgumentException("a 256-colour index is 0-255, got " + i);
        });
    }

    /** Parses {@code #rrggbb}. */
    public static Optional<Colour> hex(String text) {
        if (text == null || !HEX.matcher(text).matches()) {
            return Optional.empty();
        }
        int v = Integer.parseInt(text.substring(1), 16);
        return Optional.of(new Colour((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff, Optional.empty()));
    }

    public Colour withIndex(int index) {
        return new Colour(r, g, b, Optional.of(index));
    }

    public String toHex() {
        return String.format("#%02x%02x%02x", r, g, b);
    }
}
