package dev.rackside.services.api;

import dev.rackside.services.model.Rack;

/** Log sessions on a rack: one implementation behind the Logs pane and {@code rackside logs}. */
public interface Logs {
    /**
     * Checks the app is there (one request, so call it off the render thread), starts reading and returns;
     * lines reach {@code sink} in time order.
     *
     * @throws IllegalArgumentException when the rack cannot be reached or the app is not on it
     */
    LogSession open(Rack rack, LogQuery query, LogSink sink);

    /** Writes the buffer's lines in [from, to) (null: open) to {@code file}, whole or not at all; how many. */
    default int export(LogBuffer buffer, java.nio.file.Path file, java.time.Instant from, java.time.Instant to)
            throws java.io.IOException {
        return dev.rackside.services.logs.LogExport.write(buffer, file, from, to);
    }
}
