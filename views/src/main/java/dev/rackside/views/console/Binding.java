package dev.rackside.views.console;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * What one action does in one pane: its handler, and why it cannot run right now (nothing selected, a
 * read-only rack, the kube user may not), asked before the handler ever runs. The key is the keymap's.
 */
public record Binding(String action, Runnable handler, Supplier<Optional<String>> disabled) {

    public static Binding of(String action, Runnable handler) {
        return new Binding(action, handler, Optional::empty);
    }

    public static Binding when(String action, Supplier<Optional<String>> disabled, Runnable handler) {
        return new Binding(action, handler, disabled);
    }
}
