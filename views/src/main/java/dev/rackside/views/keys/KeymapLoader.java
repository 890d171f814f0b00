package dev.rackside.views.keys;

import dev.rackside.services.text.LocatedYaml;
import dev.rackside.services.text.YamlProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code $XDG_CONFIG_HOME/rackside/keymap.yaml}, a map of action id to key:
 * <pre>
 * keys:
 *   down: n
 *   describe: ctrl-y
 * </pre>
 * An unknown action, an unknown key or two actions on one key in the same pane is a startup error that
 * names the file, line and key: a console whose keys do something else than the operator thinks is worse
 * than no console. In read-only mode the dangerous actions stay bound but do nothing: their keys say
 * {@code read-only: scale is disabled}, and help and hints leave them out.
 */
public final class KeymapLoader {

    /** A keymap, or the errors that stop it from being one. */
    public record Result(Keymap keymap, List<String> errors) {
    }

    private KeymapLoader() {
    }

    public static Result load(Path file, List<Action> actions, boolean readOnly) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return resolve(actions, Map.of(), readOnly);
        } catch (IOException e) {
            return new Result(null, List.of(file + ": cannot be read: " + e.getMessage()));
        }
        LocatedYaml doc;
        try {
            doc = LocatedYaml.parse(file.toString(), text);
        } catch (YamlProblem e) {
            return new Result(null, List.of(e.getMessage()));
        }
        List<String> errors = new ArrayList<>();
        Map<String, Located> overrides = new LinkedHashMap<>();
        JsonNode keys = doc.root().path("keys");
        if (!doc.root().isNull() && !keys.isObject()) {
            errors.add(doc.where("") + ": expected a 'keys' map of action: key");
        }
        if (keys.isObject()) {
            for (String id : keys.propertyNames()) {
                String at = "/keys/" + id;
                if (actions.stream().noneMatch(a -> a.id().equals(id))) {
                    errors.add(doc.where(at) + ": keys." + id + ": unknown action '" + id + "'"
                            + dev.rackside.services.text.Suggest.closest(id, actions.stream().map(Action::id).toList())
                                    .map(c -> "; did you mean '" + c + "'?").orElse(""));
                    continue;
                }
                String spec = keys.get(id).asString("");
                Optional<Key> key = Key.parse(spec);
                if (key.isEmpty()) {
                    errors.add(doc.where(at) + ": keys." + id + ": '" + spec + "' is not a key (a character, "
                            + "enter, esc, up, down, pgup, pgdn, home, end, tab, space, ctrl-x, alt-x)");
                    continue;
                }
                overrides.put(id, new Located(key.get(), doc.where(at)));
            }
        }
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        return resolve(actions, overrides, readOnly);
    }

    /** A rebinding and where it was written. */
    record Located(Key key, String where) {
    }

    static Result resolve(List<Action> actions, Map<String, Located> overrides, boolean readOnly) {
        Map<String, Key> keys = new HashMap<>();
        List<Action> bound = new ArrayList<>();
        for (Action a : actions) {
            Located o = overrides.get(a.id());
            keys.put(a.id(), o != null ? o.key() : Key.parse(a.defaultKey()).orElseThrow(
                    () -> new IllegalStateException("action " + a.id() + " has no valid default key")));
            bound.add(a);
        }
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < bound.size(); i++) {
            for (int j = i + 1; j < bound.size(); j++) {
                Action a = bound.get(i);
                Action b = bound.get(j);
                if (keys.get(a.id()).equals(keys.get(b.id())) && sharePane(a, b)) {
                    Located where = overrides.containsKey(b.id()) ? overrides.get(b.id()) : overrides.get(a.id());
                    errors.add((where == null ? "built-in keymap" : where.where()) + ": key '" + keys.get(a.id()).label() + "' is bound to both '"
                            + a.id() + "' and '" + b.id() + "'");
                }
            }
        }
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        return new Result(new Keymap(bound, keys), List.of());
    }

    private static boolean sharePane(Action a, Action b) {
        if (a.panes().isEmpty() || b.panes().isEmpty()) {
            return true;
        }
        for (Pane p : a.panes()) {
            if (b.panes().contains(p)) {
                return true;
            }
        }
        return false;
    }
}
