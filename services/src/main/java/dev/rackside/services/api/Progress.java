package dev.rackside.services.api;

import dev.rackside.services.model.DeployState;

/**
 * Where a long change reports as it goes: one line per event (the CLI prints them; the console shows the
 * newest), and, for deploys, the state the console keeps visible from every pane.
 */
@FunctionalInterface
public interface Progress {
    void line(String text);

    default void state(DeployState state) {
    }

    Progress NONE = text -> { };
}
