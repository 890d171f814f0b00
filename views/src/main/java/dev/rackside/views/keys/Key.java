package dev.rackside.views.keys;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A key as written in keymap.yaml: a printable character ({@code j}, {@code G}, {@code ?}), a named key
 * ({@code enter}, {@code esc}, {@code up}, {@code pgdn}, {@code tab} ...) or {@code ctrl-x} / {@code alt-x}.
 */
public record Key(String spec) {
    private static final Map<String, KeyType> NAMED = Map.ofEntries(
            Map.entry("enter", KeyType.Enter), Map.entry("esc", KeyType.Escape), Map.entry("up", KeyType.ArrowUp),
            Map.entry("down", KeyType.ArrowDown), Map.entry("left", KeyType.ArrowLeft),
            Map.entry("right", KeyType.ArrowRight), Map.entry("pgup", KeyType.PageUp),
            Map.entry("pgdn", KeyType.PageDown), Map.entry("home", KeyType.Home), Map.entry("end", KeyType.End),
            Map.entry("tab", KeyType.Tab), Map.entry("backspace", KeyType.Backspace),
            Map.entry("delete", KeyType.Delete));

    /** Parses and normalises a key spec; empty when it names no key. */
    public static Optional<Key> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        if (text.equals("space")) {
            return Optional.of(new Key(" "));
        }
        if (text.codePointCount(0, text.length()) == 1) {
            return Optional.of(new Key(text));
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (NAMED.containsKey(lower)) {
            return Optional.of(new Key(lower));
        }
        for (String mod : new String[] {"ctrl-", "alt-"}) {
            if (lower.startsWith(mod) && lower.length() == mod.length() + 1
                    && Character.isLetterOrDigit(lower.charAt(mod.length()))) {
                return Optional.of(new Key(lower));
            }
        }
        return Optional.empty();
    }

    /** The spec of what was pressed, in the same normal form as {@link #parse}. */
    public static Optional<Key> of(KeyStroke stroke) {
        if (stroke.getKeyType() == KeyType.Character && stroke.getCharacter() != null) {
            char c = stroke.getCharacter();
            if (stroke.isCtrlDown()) {
                return Optional.of(new Key("ctrl-" + Character.toLowerCase(c)));
            }
            if (stroke.isAltDown()) {
                return Optional.of(new Key("alt-" + Character.toLowerCase(c)));
            }
            return Optional.of(new Key(String.valueOf(c)));
        }
        for (Map.Entry<String, KeyType> e : NAMED.entrySet()) {
            if (e.getValue() == stroke.getKeyType()) {
                return Optional.of(new Key(e.getKey()));
            }
        }
        return Optional.empty();
    }

    /** How help and hints print it. */
    public String label() {
        return spec.equals(" ") ? "space" : spec;
    }
}
