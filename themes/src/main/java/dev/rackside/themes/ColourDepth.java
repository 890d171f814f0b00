package dev.rackside.themes;

import java.util.Locale;
import java.util.Map;

/**
 * What the terminal can show, decided from the environment the way terminals advertise it: Lanterna does
 * no detection and emits whatever it is given (platform-notes A5).
 */
public enum ColourDepth {
    TRUECOLOR, INDEXED_256, ANSI_16, MONO;

    /** {@code NO_COLOR} (any value) → mono; {@code COLORTERM=truecolor|24bit} → RGB; TERM with 256color → 256; else 16. */
    public static ColourDepth detect(Map<String, String> env) {
        if (env.containsKey("NO_COLOR")) {
            return MONO;
        }
        String colorterm = env.getOrDefault("COLORTERM", "").toLowerCase(Locale.ROOT);
        if (colorterm.equals("truecolor") || colorterm.equals("24bit")) {
            return TRUECOLOR;
        }
        String term = env.getOrDefault("TERM", "").toLowerCase(Locale.ROOT);
        if (term.contains("256color")) {
            return INDEXED_256;
        }
        if (term.equals("dumb")) {
            return MONO;
        }
        return ANSI_16;
    }
}
