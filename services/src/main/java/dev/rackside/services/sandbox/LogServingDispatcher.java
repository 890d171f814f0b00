package dev.rackside.services.sandbox;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves {@code GET /api/v1/namespaces/<ns>/pods/<pod>/log} from {@link PodLogs}, with the kubelet's query
 * parameters: timestamps, sinceTime, sinceSeconds, tailLines, limitBytes, previous. A follow request gets
 * everything up to now and then the stream ends, as a cut stream does on a real cluster: a reader that
 * resumes from its last timestamp sees no gap and no duplicate. Everything else goes to the CRUD dispatcher.
 */
final class LogServingDispatcher extends Dispatcher {
    private static final Pattern LOG = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/log(\\?.*)?");
    private static final DateTimeFormatter NANOS = DateTimeFormatter.ISO_INSTANT;

    private final Dispatcher crud;
    private final PodLogs logs;

    LogServingDispatcher(Dispatcher crud, PodLogs logs) {
        this.crud = crud;
        this.logs = logs;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Matcher m = LOG.matcher(request.getPath());
        if (!"GET".equals(request.getMethod()) || !m.matches()) {
            return crud.dispatch(request);
        }
        String ns = m.group(1);
        String pod = m.group(2);
        Map<String, String> q = query(m.group(3));
        var writer = logs.writer(ns, pod);
        if (writer.isEmpty()) {
            return new MockResponse().setResponseCode(404).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                    + "\"status\":\"Failure\",\"message\":\"pods \\\"" + pod + "\\\" not found\",\"reason\":\"NotFound\","
                    + "\"code\":404}");
        }
        Instant now = Instant.now();
        Instant from = Instant.EPOCH;
        if (q.containsKey("sinceTime")) {
            from = Instant.parse(q.get("sinceTime"));
        } else if (q.containsKey("sinceSeconds")) {
            from = now.minusSeconds(Long.parseLong(q.get("sinceSeconds")));
        }
        PodLogs.Writer w = writer.get();
        if ("true".equals(q.get("previous")) && w.crashing()) {
            // The previous container ran the same program a little earlier.
            w = new PodLogs.Writer(w.app(), w.service(), w.started().minus(30, ChronoUnit.SECONDS), true);
        }
        List<PodLogs.Line> lines = PodLogs.lines(pod, w, from, now);
        if (q.containsKey("tailLines")) {
            int tail = Integer.parseInt(q.get("tailLines"));
            lines = lines.subList(Math.max(0, lines.size() - tail), lines.size());
        }
        boolean stamps = "true".equals(q.get("timestamps"));
        StringBuilder body = new StringBuilder();
        long limit = q.containsKey("limitBytes") ? Long.parseLong(q.get("limitBytes")) : Long.MAX_VALUE;
        for (PodLogs.Line l : lines) {
            String line = (stamps ? NANOS.format(l.at()) + " " : "") + l.text() + "\n";
            if (body.length() + line.length() > limit) {
                break;
            }
            body.append(line);
        }
        return new MockResponse().setResponseCode(200).addHeader("Content-Type", "text/plain").setBody(body.toString());
    }

    private static Map<String, String> query(String q) {
        Map<String, String> out = new HashMap<>();
        if (q == null || q.length() < 2) {
            return out;
        }
        for (String pair : q.substring(1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void shutdown() {
        crud.shutdown();
    }
}
