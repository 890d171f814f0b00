package dev.rackside.bench;

import dev.rackside.sandbox.LogResponder;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Pods that wrote as fast as they could: each has {@code lines} lines, a millisecond apart and interleaved
 * across pods, served whole to the first read and nothing after it (a follow that resumes from the last
 * line gets an empty answer). Bodies are built once, with and without the kubelet's timestamps.
 */
final class FloodLogs implements LogResponder {
    private final String[] stamped;
    private final String[] plain;
    private final Instant last;

    FloodLogs(int pods, int lines, Instant start) {
        stamped = new String[pods];
        plain = new String[pods];
        for (int p = 0; p < pods; p++) {
            StringBuilder s = new StringBuilder(lines * 120);
            StringBuilder t = new StringBuilder(lines * 90);
            for (int i = 0; i < lines; i++) {
                String text = i % 10 == 0
                        ? "{\"level\":\"info\",\"msg\":\"request\",\"path\":\"/products/" + i + "\",\"status\":200}"
                        : "INFO GET /products/" + i + " 200 " + (i % 97) + "ms request_id=" + Integer.toHexString(i * 31 + p);
                s.append(start.plusMillis(i).plusNanos(p * 1000L)).append(' ').append(text).append('\n');
                t.append(text).append('\n');
            }
            stamped[p] = s.toString();
            plain[p] = t.toString();
        }
        last = start.plusMillis(lines);
    }

    static String pod(int p) {
        return String.format("web-flood-%02d", p);
    }

    @Override
    public Optional<String> body(String namespace, String pod, Map<String, String> query) {
        if (!pod.startsWith("web-flood-")) {
            return Optional.empty();
        }
        int p = Integer.parseInt(pod.substring("web-flood-".length()));
        if (p >= stamped.length) {
            return Optional.empty();
        }
        String since = query.get("sinceTime");
        if (since != null && !Instant.parse(since).isBefore(last.minusSeconds(2))) {
            return Optional.of("");
        }
        return Optional.of("true".equals(query.get("timestamps")) ? stamped[p] : plain[p]);
    }
}
