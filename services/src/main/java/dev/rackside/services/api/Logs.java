package dev.rackside.services.api;

import dev.rackside.services.model.Rack;

/** Log sessions on a rack: one implementation behind the Logs pane and {@code rackside logs}. */
public interface Logs {
    /**
     * Starts reading at once and returns; lines reach {@code sink} in time order.
     *
     * @throws IllegalArgumentException when the rack cannot be reached at all (no context)
     */
    LogSession open(Rack rack, LogQuery query, LogSink sink);
}
