package dev.rackside.views.keys;

import java.util.Set;

/**
 * One thing a key can do. Help, the hint bar and read-only mode are all derived from the list of these:
 * a dangerous action disappears from keys, help and hints when the rack or the session is read-only.
 *
 * @param panes     where it applies; empty means everywhere
 * @param hint      shown in the one-line hint bar (the rest only in help)
 */
public record Action(String id, String defaultKey, String description, Set<Pane> panes, boolean dangerous,
        boolean hint) {

    public Action {
        panes = Set.copyOf(panes);
    }

    public boolean appliesTo(Pane pane) {
        return panes.isEmpty() || panes.contains(pane);
    }
}
