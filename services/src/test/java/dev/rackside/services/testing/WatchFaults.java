package dev.rackside.services.testing;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A watch that expires as an API server's does when the resource version it started from has been compacted:
 * the watch is accepted, sends nothing for a while (so what changes meanwhile reaches no one), then one ERROR event
 * carrying a 410 {@code Expired} Status, and closes. The words are the API server's (apiserver
 * {@code storage/errors.go}: "too old resource version"). Every other request goes on unchanged.
 */
final class WatchFaults extends Dispatcher {
    private record Armed(String pathPrefix, Duration after) {
    }

    private final Dispatcher next;
    private final AtomicReference<Armed> armed = new AtomicReference<>();
    private final AtomicInteger expired = new AtomicInteger();

    WatchFaults(Dispatcher next) {
        this.next = next;
    }

    void expireNext(String pathPrefix, Duration after) {
        armed.set(new Armed(pathPrefix, after));
    }

    int expired() {
        return expired.get();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Armed a = armed.get();
        String path = request.getPath();
        if (a == null || !path.startsWith(a.pathPrefix()) || !path.contains("watch=true")
                || !armed.compareAndSet(a, null)) {
            return next.dispatch(request);
        }
        return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws, Response response) {
                CompletableFuture.delayedExecutor(a.after().toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                    ws.send("{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                            + "\"status\":\"Failure\",\"message\":\"too old resource version: 1 (4711)\","
                            + "\"reason\":\"Expired\",\"code\":410}}");
                    expired.incrementAndGet();
                    ws.close(1000, "");
                });
            }
        });
    }

    @Override
    public void shutdown() {
        next.shutdown();
    }
}
