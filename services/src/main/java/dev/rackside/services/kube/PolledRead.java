package dev.rackside.services.kube;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * A read made now and then every {@code every} while {@code due} says so, for figures Kubernetes has no watch
 * for (metrics.k8s.io, the instances' counts). One timer thread only says when; the read itself runs on the
 * session's executor, one at a time, so a slow API never holds up another reader's.
 */
final class PolledRead implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rackside-poll");
        t.setDaemon(true);
        return t;
    });

    private final AtomicBoolean reading = new AtomicBoolean();
    private final ScheduledFuture<?> task;

    /** @param refused told when the executor refuses the read (the session is closing) */
    PolledRead(Executor executor, Duration every, BooleanSupplier due, Runnable read, Runnable refused) {
        task = TIMER.scheduleWithFixedDelay(() -> {
            if (!due.getAsBoolean() || !reading.compareAndSet(false, true)) {
                return;
            }
            try {
                executor.execute(() -> {
                    try {
                        read.run();
                    } finally {
                        reading.set(false);
                    }
                });
            } catch (RejectedExecutionException e) {
                reading.set(false);
                refused.run();
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
