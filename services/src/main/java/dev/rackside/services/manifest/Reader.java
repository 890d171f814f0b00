package dev.rackside.services.manifest;

import dev.rackside.services.text.LocatedYaml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads one convox.yml node by node, collecting every error and warning with its file, line, column and
 * dotted key (so a broken manifest is reported whole, not one mistake per try), and warning about keys
 * convox.yml does not have instead of ignoring them.
 */
final class Reader {
    private final LocatedYaml doc;
    final List<String> errors = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    Reader(LocatedYaml doc) {
        this.doc = doc;
    }

    /** A node and where it is: its JSON pointer and its dotted key for messages. */
    record At(JsonNode node, String pointer, String key) {
        At child(String name) {
            JsonNode n = node == null ? null : node.get(name);
            return new At(n, pointer + "/" + name.replace("~", "~0").replace("/", "~1"), key.isEmpty() ? name
                    : key + "." + name);
        }

        At item(int i) {
            return new At(node == null ? null : node.get(i), pointer + "/" + i, key + "[" + i + "]");
        }

        boolean present() {
            return node != null && !node.isNull() && !node.isMissingNode();
        }
    }

    At root() {
        return new At(doc.root(), "", "");
    }

    void error(At at, String message) {
        errors.add(doc.where(at.pointer()) + ": " + oneLine(at.key() + ": " + message));
    }

    void warn(At at, String message) {
        warnings.add(doc.where(at.pointer()) + ": " + oneLine(at.key() + ": " + message));
    }

    /**
     * A problem is one line that names its place: a quoted value with a line break in it (a block scalar where a
     * count was meant) shows the break as {@code \n}, so the next line of the report still starts with the file.
     */
    private static String oneLine(String message) {
        return message.replace("\r", "\\r").replace("\n", "\\n");
    }

    String where(At at) {
        return doc.where(at.pointer());
    }

    /** Warns about each key of a map that is not one of {@code known}. */
    void onlyKeys(At at, Set<String> known) {
        if (at.present() && at.node().isObject()) {
            for (String k : at.node().propertyNames()) {
                if (!known.contains(k)) {
                    warn(at.child(k), "unknown key (not part of convox.yml; ignored)");
                }
            }
        }
    }

    boolean isMap(At at) {
        if (!at.present()) {
            return false;
        }
        if (!at.node().isObject()) {
            error(at, "expected a map");
            return false;
        }
        return true;
    }

    Optional<String> string(At at) {
        if (!at.present()) {
            return Optional.empty();
        }
        if (at.node().isContainer()) {
            error(at, "expected a string");
            return Optional.empty();
        }
        return Optional.of(at.node().asString());
    }

    Optional<Integer> integer(At at) {
        if (!at.present()) {
            return Optional.empty();
        }
        JsonNode n = at.node();
        if (n.isIntegralNumber() || (n.isString() && n.asString().trim().matches("-?\\d+"))) {
            return Optional.of(n.isIntegralNumber() ? n.asInt() : Integer.parseInt(n.asString().trim()));
        }
        error(at, "expected a whole number, not '" + n.asString("") + "'");
        return Optional.empty();
    }

    int integer(At at, int fallback) {
        return integer(at).orElse(fallback);
    }

    Optional<Boolean> bool(At at) {
        if (!at.present()) {
            return Optional.empty();
        }
        JsonNode n = at.node();
        if (n.isBoolean()) {
            return Optional.of(n.asBoolean());
        }
        String s = n.asString("").trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Optional.of(Boolean.parseBoolean(s));
        }
        error(at, "expected true or false, not '" + n.asString("") + "'");
        return Optional.empty();
    }

    boolean bool(At at, boolean fallback) {
        return bool(at).orElse(fallback);
    }

    /** A list of strings; a single string is a one-item list (convox.yml accepts both in places). */
    List<String> strings(At at) {
        List<String> out = new ArrayList<>();
        if (!at.present()) {
            return out;
        }
        if (at.node().isArray()) {
            for (int i = 0; i < at.node().size(); i++) {
                string(at.item(i)).ifPresent(out::add);
            }
        } else if (!at.node().isContainer()) {
            out.add(at.node().asString());
        } else {
            error(at, "expected a list of strings");
        }
        return out;
    }

    /** A string map, written either as a map or as a list of {@code k=v}. */
    Map<String, String> pairs(At at) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!at.present()) {
            return out;
        }
        if (at.node().isObject()) {
            for (String k : at.node().propertyNames()) {
                string(at.child(k)).ifPresent(v -> out.put(k, v));
            }
        } else if (at.node().isArray()) {
            for (int i = 0; i < at.node().size(); i++) {
                At item = at.item(i);
                string(item).ifPresent(s -> {
                    int eq = s.indexOf('=');
                    if (eq <= 0) {
                        error(item, "expected key=value, not '" + s + "'");
                    } else {
                        out.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
                    }
                });
            }
        } else {
            error(at, "expected a map or a list of key=value");
        }
        return out;
    }
}
