package dev.rackside.services.api;

import dev.rackside.services.model.Rack;

/** Opens the read side of a rack; the one seam the app wires and tests replace nothing behind. */
public interface RackReaders {
    RackReader open(Rack rack);
}
