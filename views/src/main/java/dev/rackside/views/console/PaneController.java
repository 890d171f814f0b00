package dev.rackside.views.console;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One pane of the console: where it is, what its keys do, how it draws. The {@link Navigator} enters it when it
 * is pushed (its watches start) and leaves it when it is gone from the stack (they stop). {@link #draw} only
 * reads what the pane's data already holds: it never opens a reader or starts a request.
 */
public interface PaneController {

    Location location();

    /** The frame's title: the pane, its row count, its filter, how fresh its data is. */
    String title();

    /** Every action this pane handles, with its handler. */
    List<Binding> bindings();

    /** Called once, when the pane is pushed: subscribe, open, start. */
    void enter();

    /** Called once, when the pane is no longer on the stack: stop what {@link #enter} started. */
    void leave();

    /** Draws inside the frame; reads only. */
    void draw(Canvas canvas);

    /** The last read error of the pane, for the status line. */
    default Optional<String> error() {
        return Optional.empty();
    }

    /** When the pane needs a redraw without new data (a change mark fading, ages), if ever. */
    default Optional<Instant> nextWake(Instant now) {
        return Optional.empty();
    }

    /**
     * Brings the pane's view up to date with its data, on the render thread before each frame: it may subscribe
     * to a feed that has just become available or ask for a reload; {@link #draw} then only reads.
     */
    default void refresh(Instant now) {
    }

    /** The pane consumed Esc itself (a filter cleared); otherwise the navigator goes up. */
    default boolean escape() {
        return false;
    }

    /** The state of the pane's data, for tests and benchmarks that wait for it. */
    default Optional<dev.rackside.services.model.Snapshot.State> state() {
        return Optional.empty();
    }
}
