package dev.rackside.services.logs;

import dev.rackside.services.model.LogLine;
import java.util.List;
import java.util.Optional;

/** One kind of log source in a session: pod streams, Kubernetes events, CloudWatch. */
interface LogSource extends AutoCloseable {

    /** What a source tells its session; every method may be called from any thread and must not block. */
    interface Out {
        void lines(List<LogLine> lines);

        /** Sets (or with empty, clears) the one-line problem this source has under {@code key}. */
        void problem(String key, Optional<String> problem);

        void reconnected();

        void changed();
    }

    void start(Out out);

    /** For a session that does not follow: whether this source has delivered everything. */
    boolean done();

    /** Whether this source ends by itself even in a following session (a build's log ends with the build). */
    default boolean ends() {
        return false;
    }

    /** Live streams this source has open. */
    int streams();

    @Override
    void close();
}
