package dev.rackside.services.testing;

import dev.rackside.services.api.LogSink;
import dev.rackside.services.model.LogLine;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Collects what a log session delivers, for tests to wait on. */
public final class CollectingSink implements LogSink {
    public final List<LogLine> lines = new CopyOnWriteArrayList<>();
    public final CountDownLatch ended = new CountDownLatch(1);

    @Override
    public void accept(List<LogLine> batch) {
        lines.addAll(batch);
    }

    @Override
    public void ended() {
        ended.countDown();
    }

    public List<String> shown() {
        return lines.stream().map(LogLine::convox).toList();
    }

    public void await(Predicate<List<LogLine>> ok, String what) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            if (ok.test(lines)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(what + "; got " + shown());
    }
}
