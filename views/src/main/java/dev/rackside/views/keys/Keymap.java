package dev.rackside.views.keys;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resolved bindings: action by key, for each pane. Built from the action table plus the user's
 * rebindings; in read-only mode dangerous actions are not bound at all, so no key can reach them.
 */
public final class Keymap {
    private final List<Action> actions;
    private final Map<String, Key> keys;

    Keymap(List<Action> actions, Map<String, Key> keys) {
        this.actions = List.copyOf(actions);
        this.keys = Map.copyOf(keys);
    }

    /** Default keys for {@code actions}; dangerous ones dropped when {@code readOnly}. */
    public static Keymap defaults(List<Action> actions, boolean readOnly) {
        return KeymapLoader.resolve(actions, Map.of(), readOnly).keymap();
    }

    public Optional<Action> action(Pane pane, Key key) {
        return actions.stream().filter(a -> a.appliesTo(pane) && key.equals(keys.get(a.id()))).findFirst();
    }

    public Optional<Key> keyOf(String actionId) {
        return Optional.ofNullable(keys.get(actionId));
    }

    /** The actions available in {@code pane}, in table order, for help. */
    public List<Action> actionsFor(Pane pane) {
        List<Action> out = new ArrayList<>();
        for (Action a : actions) {
            if (a.appliesTo(pane)) {
                out.add(a);
            }
        }
        return out;
    }

    /** "enter open  / filter  d describe ..." for the hint bar. */
    public String hints(Pane pane) {
        return hints(pane, java.util.Set.of());
    }

    /** The hint bar with the actions the operator may not take here marked {@code ✗} (not allowed). */
    public String hints(Pane pane, java.util.Set<String> unavailable) {
        return hints(pane, unavailable, false);
    }

    /**
     * @param readOnly the rack or session is read-only: dangerous actions are left out of the bar (their keys
     *                 still answer, saying why they are off)
     */
    public String hints(Pane pane, java.util.Set<String> unavailable, boolean readOnly) {
        return hints(pane, unavailable, readOnly, Integer.MAX_VALUE);
    }

    /**
     * The hint bar fitted to {@code width} columns. When it does not fit, the hints every pane shares (back,
     * command line) give way first, being the ones everybody knows and {@code ?} lists, then hints from the end;
     * {@code …} says some were dropped, and the help hint always closes the bar, so a small terminal still says
     * where the rest is.
     */
    public String hints(Pane pane, java.util.Set<String> unavailable, boolean readOnly, int width) {
        List<String> parts = new ArrayList<>();
        List<Boolean> shared = new ArrayList<>();
        String help = null;
        for (Action a : actionsFor(pane)) {
            if (a.hint() && !(readOnly && a.dangerous()) && keys.containsKey(a.id())) {
                String part = "<" + keys.get(a.id()).label() + "> " + shortName(a)
                        + (unavailable.contains(a.id()) ? " ✗" : "");
                if (a.id().equals("help")) {
                    help = part;
                } else {
                    parts.add(part);
                    shared.add(a.panes().isEmpty());
                }
            }
        }
        String all = String.join("  ", parts) + (help == null ? "" : (parts.isEmpty() ? "" : "  ") + help);
        if (all.length() <= width) {
            return all;
        }
        String tail = "  …" + (help == null ? "" : "  " + help);
        for (int i = parts.size() - 1; i >= 0 && String.join("  ", parts).length() + tail.length() > width; i--) {
            if (shared.get(i)) {
                parts.remove(i);
            }
        }
        while (!parts.isEmpty() && String.join("  ", parts).length() + tail.length() > width) {
            parts.remove(parts.size() - 1);
        }
        return parts.isEmpty() ? (help == null ? "…" : help) : String.join("  ", parts) + tail;
    }

    private static String shortName(Action a) {
        return a.id().replace('-', ' ');
    }

    public List<Action> actions() {
        return actions;
    }
}
