package dev.rackside.services.kube;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs queued background reads a few at a time on the shared executor, so a burst of a thousand small
 * GETs neither starves the watches nor trips the API server's priority-and-fairness limits.
 */
final class BoundedRunner {
    private final Executor executor;
    private final int limit;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();

    BoundedRunner(Executor executor, int limit) {
        this.executor = executor;
        this.limit = limit;
    }

    void submit(Runnable task) {
        queue.add(task);
        drain();
    }

    private void drain() {
        while (!queue.isEmpty()) {
            int now = running.get();
            if (now >= limit) {
                return;
            }
            if (!running.compareAndSet(now, now + 1)) {
                continue;
            }
            Runnable next = queue.poll();
            if (next == null) {
                running.decrementAndGet();
                continue;
            }
            try {
                executor.execute(() -> {
                    try {
                        next.run();
                    } finally {
                        running.decrementAndGet();
                        drain();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                running.decrementAndGet();
                queue.clear();
                return;
            }
        }
    }
}
