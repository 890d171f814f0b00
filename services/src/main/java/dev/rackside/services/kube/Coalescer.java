package dev.rackside.services.kube;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a rebuild at most once per burst of changes: ten thousand pod events during an initial list
 * cause a handful of snapshot builds, not ten thousand.
 */
final class Coalescer {
    private final Executor executor;
    private final Runnable task;
    private final AtomicBoolean pending = new AtomicBoolean();

    Coalescer(Executor executor, Runnable task) {
        this.executor = executor;
        this.task = task;
    }

    void request() {
        if (pending.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    pending.set(false);
                    task.run();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Shutting down: a watch event raced the close. Nobody is left to show the result.
                pending.set(false);
            }
        }
    }
}
