package dev.rackside.views.style;

import dev.rackside.services.text.LocatedYaml;
import dev.rackside.services.text.YamlProblem;
import dev.rackside.themes.BundledThemes;
import dev.rackside.themes.Colour;
import dev.rackside.themes.Role;
import dev.rackside.themes.Theme;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Loads a theme by name: a user theme in {@code $XDG_CONFIG_HOME/rackside/themes/<name>.yaml} first, then
 * the bundled ones. A broken theme file is reported with file, line and key, and the default theme is used
 * instead: a typo in a colour never leaves the operator without a screen.
 */
public final class ThemeLoader {

    /** The theme to use, and what was wrong on the way to it. */
    public record Loaded(Theme theme, List<String> problems) {
    }

    private final Path userThemes;

    public ThemeLoader(Path userThemes) {
        this.userThemes = userThemes;
    }

    public Loaded load(String name) {
        List<String> problems = new ArrayList<>();
        Path file = userThemes.resolve(name + ".yaml");
        Optional<Theme> theme = Optional.empty();
        if (Files.isRegularFile(file)) {
            try {
                theme = parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), problems);
            } catch (IOException e) {
                problems.add(file + ": cannot be read: " + e.getMessage());
            }
        } else if (BundledThemes.NAMES.contains(name)) {
            theme = parse("bundled theme " + name, BundledThemes.yaml(name).orElseThrow(), problems);
        } else {
            problems.add("no theme named '" + name + "' (bundled: " + String.join(", ", BundledThemes.NAMES)
                    + "; user themes go in " + userThemes + ")");
        }
        if (theme.isEmpty()) {
            problems.add("using the " + BundledThemes.DEFAULT + " theme instead");
            theme = parse("bundled theme " + BundledThemes.DEFAULT,
                    BundledThemes.yaml(BundledThemes.DEFAULT).orElseThrow(), new ArrayList<>());
        }
        return new Loaded(theme.orElseThrow(), problems);
    }

    /** Parses theme YAML; empty (with problems added) when anything in it is wrong. */
    static Optional<Theme> parse(String source, String text, List<String> problems) {
        LocatedYaml doc;
        try {
            doc = LocatedYaml.parse(source, text);
        } catch (YamlProblem e) {
            problems.add(e.getMessage());
            return Optional.empty();
        }
        JsonNode root = doc.root();
        if (!root.isObject() || !root.path("colours").isObject()) {
            problems.add(doc.where("") + ": a theme is a map with 'name' and a 'colours' map of role: \"#rrggbb\"");
            return Optional.empty();
        }
        int before = problems.size();
        Map<Role, Colour> colours = new EnumMap<>(Role.class);
        JsonNode map = root.get("colours");
        for (String key : map.propertyNames()) {
            String at = "/colours/" + key;
            Optional<Role> role = Role.ofKey(key);
            if (role.isEmpty()) {
                problems.add(doc.where(at) + ": colours." + key + ": unknown role '" + key + "'");
                continue;
            }
            colour(doc, at, "colours." + key, map.get(key), problems).ifPresent(c -> colours.put(role.get(), c));
        }
        for (Role r : Role.values()) {
            if (!map.has(r.key())) {
                problems.add(doc.where("/colours") + ": colours." + r.key() + ": missing");
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        String name = root.path("name").asString(source);
        return Optional.of(new Theme(name, colours, root.path("monochrome").asBoolean(false)));
    }

    private static Optional<Colour> colour(LocatedYaml doc, String at, String key, JsonNode v, List<String> problems) {
        if (v.isString()) {
            Optional<Colour> c = Colour.hex(v.asString());
            if (c.isEmpty()) {
                problems.add(doc.where(at) + ": " + key + ": '" + v.asString() + "' is not a #rrggbb colour");
            }
            return c;
        }
        if (v.isObject()) {
            Optional<Colour> c = Colour.hex(v.path("rgb").asString(""));
            if (c.isEmpty()) {
                problems.add(doc.where(at) + ": " + key + ".rgb: expected a #rrggbb colour");
                return Optional.empty();
            }
            if (v.has("index")) {
                int index = v.get("index").asInt(-1);
                if (!v.get("index").isIntegralNumber() || index < 0 || index > 255) {
                    problems.add(doc.where(at + "/index") + ": " + key + ".index: a 256-colour index is 0-255");
                    return Optional.empty();
                }
                return Optional.of(c.get().withIndex(index));
            }
            return c;
        }
        problems.add(doc.where(at) + ": " + key + ": expected \"#rrggbb\" or {rgb: \"#rrggbb\", index: N}");
        return Optional.empty();
    }
}
