package dev.rackside.services.api;

import java.util.List;

/** A running log view's sources. Closing it closes every stream. */
public interface LogSession extends AutoCloseable {

    /** What the operator sees above the lines: how many streams are live, and what went wrong where. */
    record Status(int streams, int reconnects, List<String> problems, boolean ended, long late) {
    }

    Status status();

    @Override
    void close();
}
