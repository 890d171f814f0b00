package dev.rackside.services.api;

import dev.rackside.services.model.LogLine;
import java.util.List;

/** Where a log session delivers: merged lines in time order, from the session's one pump thread. */
public interface LogSink {
    void accept(List<LogLine> lines);

    /** The session's state changed (a stream joined, left, reconnected or failed); must not block. */
    default void changed() {
    }

    /** A session that does not follow has delivered everything. */
    default void ended() {
    }
}
