package dev.rackside.themes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** The themes that ship inside the jar, as YAML text; the loader in views parses them like user themes. */
public final class BundledThemes {
    public static final List<String> NAMES = List.of("dark", "light", "high-contrast", "colorblind", "mono");
    public static final String DEFAULT = "dark";

    private BundledThemes() {
    }

    public static Optional<String> yaml(String name) {
        if (!NAMES.contains(name)) {
            return Optional.empty();
        }
        try (InputStream in = BundledThemes.class.getResourceAsStream(name + ".yaml")) {
            if (in == null) {
                throw new IllegalStateException("bundled theme " + name + " is missing from the jar");
            }
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("bundled theme " + name + " cannot be read", e);
        }
    }
}
