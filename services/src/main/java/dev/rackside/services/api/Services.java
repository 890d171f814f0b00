package dev.rackside.services.api;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The service layer of one session, built once (by the app's wiring, or a test's builder) and taken by the
 * console and by every CLI command, so both front ends run the same implementations on the same clients.
 * Closing it closes every client, tunnel and pool it holds.
 *
 * @param io         where blocking calls run: never the common pool, never the render thread
 * @param compliance built on first use (only the compliance pane and command need its AWS clients)
 * @param readOnly   the session was started with {@code --read-only}
 */
public record Services(Racks racks, RackReaders readers, Operations operations, Logs logs,
        Supplier<Compliance> compliance, Diagnostics diagnostics, Journal journal, Executor io, Clock clock, String version, boolean readOnly,
        AutoCloseable closer) implements AutoCloseable {

    @Override
    public void close() {
        try {
            closer.close();
        } catch (Exception e) {
            // the session is ending; nothing left to tell
        }
    }
}
