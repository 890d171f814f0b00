package dev.rackside.services.manifest;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Convox interpolates {@code ${VAR}} in convox.yml from the release env before parsing; unknown is empty. */
public final class Interpolation {
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private Interpolation() {
    }

    /**
     * A release's convox.yml as Convox loads it: interpolated from the env, then parsed keeping positions;
     * an empty or non-YAML manifest, or one that is not a map, is a {@link ManifestProblem} naming the place.
     */
    public static dev.rackside.services.text.LocatedYaml load(String source, String text, Map<String, String> env) {
        if (text == null || text.isBlank()) {
            throw new ManifestProblem(source + ": manifest is empty");
        }
        dev.rackside.services.text.LocatedYaml doc;
        try {
            doc = dev.rackside.services.text.LocatedYaml.parse(source, apply(text, env));
        } catch (dev.rackside.services.text.YamlProblem e) {
            throw new ManifestProblem(e.getMessage());
        }
        if (!doc.root().isObject()) {
            throw new ManifestProblem(doc.where("") + ": expected a map of services, resources, ...");
        }
        return doc;
    }

    public static String apply(String text, Map<String, String> env) {
        Matcher m = VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Parses a release's env: sorted {@code KEY=VALUE} lines (pkg/structs/environment.go). */
    public static Map<String, String> parseEnv(String env) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (env == null) {
            return out;
        }
        for (String line : env.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq).trim(), line.substring(eq + 1));
            }
        }
        return out;
    }
}
