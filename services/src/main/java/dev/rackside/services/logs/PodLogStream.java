package dev.rackside.services.logs;

import dev.rackside.services.model.LogLine;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One container's log, read straight from {@code GET .../pods/<pod>/log} on the client's HTTP transport:
 * no readiness round-trips first (fabric8's {@code watchLog} makes two per stream, platform-notes B4) and
 * no thread blocked per stream, the bytes arrive on the client's own executor.
 *
 * <p>A follow stream that ends while its pod is still there (an API server restart, a proxy timeout, the
 * container restarting) is opened again from the last timestamp seen. The API takes {@code sinceTime} in
 * whole seconds, so the first lines of that second come again: lines older than the last one are dropped,
 * and of the lines stamped exactly as the last one, as many as were already delivered. No gap, no
 * duplicate.
 */
final class PodLogStream {

    /** What the stream reports to its source. */
    interface Listener {
        void connected(PodLogStream s);

        void ended(PodLogStream s, String why);

        void reconnecting(PodLogStream s, String why);
    }

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final long FIRST_BACKOFF_MILLIS = 250;
    private static final int ERROR_BODY = 4096;

    private final HttpClient http;
    private final String base;
    private final String namespace;
    private final String pod;
    private final String container;
    private final String source;
    private final boolean follow;
    private final boolean previous;
    private final Instant since;
    private final OptionalInt tail;
    private final Consumer<List<LogLine>> out;
    private final Listener listener;
    private final ScheduledExecutorService scheduler;
    private final BooleanSupplier podStillThere;

    private volatile boolean stopped;
    private volatile AsyncBody body;
    private Instant last;
    private int seenAtLast;
    private int skipAtLast;
    private long backoffMillis = FIRST_BACKOFF_MILLIS;
    private int connections;

    PodLogStream(HttpClient http, String masterUrl, String namespace, String pod, String container, String source,
            boolean follow, boolean previous, Instant since, OptionalInt tail, Consumer<List<LogLine>> out,
            Listener listener, ScheduledExecutorService scheduler, BooleanSupplier podStillThere) {
        this.http = http;
        this.base = masterUrl.endsWith("/") ? masterUrl : masterUrl + "/";
        this.namespace = namespace;
        this.pod = pod;
        this.container = container;
        this.source = source;
        this.follow = follow;
        this.previous = previous;
        this.since = since;
        this.tail = tail;
        this.out = out;
        this.listener = listener;
        this.scheduler = scheduler;
        this.podStillThere = podStillThere;
    }

    String pod() {
        return pod;
    }

    String container() {
        return container;
    }

    String source() {
        return source;
    }

    void start() {
        connect();
    }

    void stop() {
        stopped = true;
        AsyncBody b = body;
        if (b != null) {
            b.cancel();
        }
    }

    /** The request for this connection: the first from {@code since} or the tail, a reconnect from the last line. */
    String url() {
        StringBuilder q = new StringBuilder(base).append("api/v1/namespaces/").append(enc(namespace)).append("/pods/")
                .append(enc(pod)).append("/log?container=").append(enc(container));
        if (follow) {
            q.append("&follow=true");
        }
        if (previous) {
            q.append("&previous=true");
        }
        if (last != null) {
            q.append("&sinceTime=").append(enc(last.truncatedTo(ChronoUnit.SECONDS).toString()));
        } else if (tail.isPresent() && connections == 0) {
            q.append("&tailLines=").append(tail.getAsInt());
        } else if (since != null && !previous) {
            // The previous container's log is shown whole, as kubectl logs -p shows it: its crash is rarely
            // within the last --since of now.
            q.append("&sinceTime=").append(enc(since.truncatedTo(ChronoUnit.SECONDS).toString()));
        }
        return q.append("&timestamps=true").toString();
    }

    private void connect() {
        if (stopped) {
            return;
        }
        LineAssembler lines = new LineAssembler(source, LogLine.Origin.POD, true, Instant::now);
        HttpRequest request = http.newHttpRequestBuilder().uri(url()).forStreaming().build();
        connections++;
        skipAtLast = seenAtLast;
        int[] status = {0};
        StringBuilder error = new StringBuilder();
        boolean[] delivered = {false};
        AsyncBody.Consumer<List<ByteBuffer>> consumer = (buffers, b) -> {
            if (status[0] == 200) {
                List<LogLine> batch = new ArrayList<>();
                for (ByteBuffer buffer : buffers) {
                    batch.addAll(lines.accept(buffer));
                }
                delivered[0] |= deliver(batch);
            } else {
                for (ByteBuffer buffer : buffers) {
                    while (buffer.hasRemaining() && error.length() < ERROR_BODY) {
                        error.append((char) (buffer.get() & 0xff));
                    }
                }
            }
            b.consume();
        };
        http.consumeBytes(request, consumer).whenComplete((HttpResponse<AsyncBody> response, Throwable failed) -> {
            if (failed != null) {
                retry("connection failed: " + dev.rackside.services.kube.KubeErrors.describe(failed));
                return;
            }
            status[0] = response.code();
            body = response.body();
            if (stopped) {
                body.cancel();
                return;
            }
            if (status[0] == 200) {
                listener.connected(this);
            }
            body.done().whenComplete((v, cut) -> {
                if (status[0] == 200) {
                    delivered[0] |= deliver(lines.finish());
                    if (!follow) {
                        listener.ended(this, "done");
                    } else if (cut == null && delivered[0]) {
                        // It ended cleanly after new lines (a proxy's timeout, a server that ends follows):
                        // ask again at once, so this pod's next lines are not later than the others'.
                        backoffMillis = FIRST_BACKOFF_MILLIS;
                        again(0, null);
                    } else {
                        retry(cut == null ? null : "stream cut: " + dev.rackside.services.kube.KubeErrors.describe(cut));
                    }
                } else {
                    failedWith(status[0], statusMessage(error.toString()));
                }
            });
            body.consume();
        });
    }

    /** Drops what a reconnect repeats; returns whether anything new was delivered. */
    private boolean deliver(List<LogLine> batch) {
        if (batch.isEmpty() || stopped) {
            return false;
        }
        List<LogLine> fresh = new ArrayList<>(batch.size());
        for (LogLine l : batch) {
            if (last != null) {
                int c = l.at().compareTo(last);
                if (c < 0) {
                    continue;
                }
                if (c == 0 && skipAtLast > 0) {
                    skipAtLast--;
                    continue;
                }
                if (c == 0) {
                    seenAtLast++;
                } else {
                    last = l.at();
                    seenAtLast = 1;
                    skipAtLast = 0;
                }
            } else {
                last = l.at();
                seenAtLast = 1;
            }
            fresh.add(l);
        }
        if (!fresh.isEmpty()) {
            out.accept(fresh);
        }
        return !fresh.isEmpty();
    }

    private void failedWith(int code, String message) {
        switch (code) {
            case 404 -> listener.ended(this, "gone");
            case 401, 403 -> listener.ended(this, code + " " + message);
            // 400: the container is not running yet, or has no previous instance; 429/5xx: the API is busy.
            default -> {
                if (previous || !follow) {
                    listener.ended(this, code + " " + message);
                } else {
                    retry(code + " " + message);
                }
            }
        }
    }

    /**
     * Opens the stream again after a growing pause: a cut or failed stream ({@code why} says how), or a
     * clean end with nothing new (a stopped container: its pod may stay for hours; asking less and less
     * often costs the API almost nothing).
     */
    private void retry(String why) {
        long delay = backoffMillis;
        backoffMillis = Math.min(MAX_BACKOFF.toMillis(), backoffMillis * 2);
        again(delay, why);
    }

    private void again(long delayMillis, String why) {
        if (stopped) {
            return;
        }
        if (!follow || !podStillThere.getAsBoolean()) {
            listener.ended(this, why == null ? "stream ended" : why);
            return;
        }
        if (why != null) {
            listener.reconnecting(this, why);
        }
        scheduler.schedule(this::connect, delayMillis, TimeUnit.MILLISECONDS);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The {@code message} of a Kubernetes Status body (a refused log request), or the body's first line. */
    static String statusMessage(String body) {
        try {
            String m = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(body,
                    io.fabric8.kubernetes.api.model.Status.class).getMessage();
            if (m != null && !m.isBlank()) {
                return m;
            }
        } catch (RuntimeException notAStatus) {
            // a proxy's HTML page, a plain-text error: show what it said
        }
        return body.lines().findFirst().orElse("").trim();
    }
}
