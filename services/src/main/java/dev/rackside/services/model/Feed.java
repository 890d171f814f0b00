package dev.rackside.services.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The latest {@link Snapshot} of one table plus the listeners that want to hear about new ones.
 * Publishers call {@link #publish}/{@link #fail}; listeners run on the publisher's thread and must only
 * note that something changed (the TUI sets its dirty flag), never block.
 */
public final class Feed<T> {
    private volatile Snapshot<T> current = Snapshot.loading();
    private final AtomicLong versions = new AtomicLong();
    private final List<Consumer<Snapshot<T>>> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Snapshot<T>> firstComplete = new CompletableFuture<>();

    public Snapshot<T> current() {
        return current;
    }

    /** Completes with the first READY or FAILED snapshot. */
    public CompletableFuture<Snapshot<T>> firstComplete() {
        return firstComplete.copy();
    }

    public void subscribe(Consumer<Snapshot<T>> listener) {
        listeners.add(listener);
    }

    public void unsubscribe(Consumer<Snapshot<T>> listener) {
        listeners.remove(listener);
    }

    /** Whether anyone listens now (a pane shows this table): polled figures are read only then. */
    public boolean watched() {
        return !listeners.isEmpty();
    }

    /**
     * Publishes rows. Identical rows and problems on a healthy feed are not a change: nothing is
     * published, so a pod event elsewhere in the rack never makes a view rebuild or repaint a table.
     */
    public synchronized void publish(List<T> rows, List<String> problems) {
        Snapshot<T> was = current;
        if (was.state() == Snapshot.State.READY && was.error().isEmpty() && was.rows().equals(rows)
                && was.problems().equals(problems)) {
            return;
        }
        set(new Snapshot<>(Snapshot.State.READY, rows, Optional.empty(), problems, versions.incrementAndGet(),
                Instant.now(), Optional.empty()));
    }

    /**
     * Reports a failed read. Rows already shown stay (marked stale by the error) so a dropped watch
     * never blanks a screen; before the first success the feed becomes FAILED.
     */
    public synchronized void fail(String error) {
        Snapshot<T> was = current;
        Snapshot.State state = was.state() == Snapshot.State.READY ? Snapshot.State.READY : Snapshot.State.FAILED;
        if (was.error().equals(Optional.of(error)) && was.state() == state) {
            return; // the same failure again: nothing new to show
        }
        Instant now = Instant.now();
        Optional<Instant> since = state == Snapshot.State.READY ? Optional.of(was.staleSince().orElse(now))
                : Optional.empty();
        set(new Snapshot<>(state, was.rows(), Optional.of(error), was.problems(), versions.incrementAndGet(), now,
                since));
    }

    private void set(Snapshot<T> next) {
        current = next;
        if (next.complete()) {
            firstComplete.complete(next);
        }
        for (Consumer<Snapshot<T>> l : listeners) {
            l.accept(next);
        }
    }
}
