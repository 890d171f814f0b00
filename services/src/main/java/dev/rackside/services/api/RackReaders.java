package dev.rackside.services.api;

import dev.rackside.services.model.Rack;

/** Opens the read side of a rack; the one seam the app wires and tests replace nothing behind. */
public interface RackReaders {
    /** A live reader: watched, for a screen that stays open. */
    RackReader open(Rack rack);

    /**
     * A reader for a command that prints and exits: each kind is listed once, when first asked for, and nothing
     * is watched (as kubectl reads).
     */
    default RackReader once(Rack rack) {
        return open(rack);
    }
}
