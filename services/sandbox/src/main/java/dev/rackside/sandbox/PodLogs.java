package dev.rackside.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the sandbox's pods print: web access lines, worker job lines, JSON-structured lines, warnings and
 * errors, now and then a multi-line stack trace, at a rate that varies by service. Every pod's log is a pure
 * function of its name and start time, so the same window read twice gives the same lines, a stream resumed
 * from its last timestamp continues without gap or duplicate, and a seed reproduces a whole rack's logs.
 */
final class PodLogs implements LogResponder {

    /** A pod that writes logs. */
    record Writer(String app, String service, Instant started, boolean crashing) {
    }

    /** One line as the kubelet stores it: its time and its text. */
    record Line(Instant at, String text) {
    }

    private static final String[] PATHS = {"/", "/products", "/products/42", "/cart", "/checkout", "/api/v1/orders",
        "/health", "/search?q=boots", "/login", "/static/app.js"};
    private static final String[] JOBS = {"OrderMailer", "InventorySync", "ReceiptPdf", "PriceRefresh",
        "WebhookDelivery", "SearchReindex"};

    private final Map<String, Writer> writers = new ConcurrentHashMap<>();

    void register(String ns, String pod, Writer w) {
        writers.put(ns + "/" + pod, w);
    }

    Optional<Writer> writer(String ns, String pod) {
        return Optional.ofNullable(writers.get(ns + "/" + pod));
    }

    /**
     * The kubelet's answer for a pod: timestamps, sinceTime, sinceSeconds, tailLines, limitBytes, previous.
     * A follow request gets everything up to now and then the stream ends, as a cut stream does on a real
     * cluster: a reader that resumes from its last timestamp sees no gap and no duplicate.
     */
    @Override
    public Optional<String> body(String ns, String pod, Map<String, String> q) {
        Optional<Writer> writer = writer(ns, pod);
        if (writer.isEmpty()) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        Instant from = Instant.EPOCH;
        if (q.containsKey("sinceTime")) {
            from = Instant.parse(q.get("sinceTime"));
        } else if (q.containsKey("sinceSeconds")) {
            from = now.minusSeconds(Long.parseLong(q.get("sinceSeconds")));
        }
        Writer w = writer.get();
        if ("true".equals(q.get("previous")) && !w.crashing()) {
            throw new LogResponder.NoPreviousContainer(pod, w.app());
        }
        if ("true".equals(q.get("previous"))) {
            // The previous container ran the same program a little earlier.
            w = new Writer(w.app(), w.service(), w.started().minusSeconds(30), true);
        }
        List<Line> lines = lines(pod, w, from, now);
        if (q.containsKey("tailLines")) {
            int tail = Integer.parseInt(q.get("tailLines"));
            lines = lines.subList(Math.max(0, lines.size() - tail), lines.size());
        }
        boolean stamps = "true".equals(q.get("timestamps"));
        StringBuilder body = new StringBuilder();
        long limit = q.containsKey("limitBytes") ? Long.parseLong(q.get("limitBytes")) : Long.MAX_VALUE;
        for (Line l : lines) {
            String line = (stamps ? l.at() + " " : "") + l.text() + "\n";
            if (body.length() + line.length() > limit) {
                break;
            }
            body.append(line);
        }
        return Optional.of(body.toString());
    }

    /** The lines written in [from, to), oldest first. */
    static List<Line> lines(String pod, Writer w, Instant from, Instant to) {
        List<Line> out = new ArrayList<>();
        Random random = new Random(pod.hashCode());
        Instant t = w.started();
        long gapMillis = w.service().equals("web") ? 400 : 1500;
        int n = 0;
        while (t.isBefore(to)) {
            List<String> texts = next(w, random, n++);
            if (!t.isBefore(from)) {
                for (String text : texts) {
                    out.add(new Line(t, text));
                }
            }
            t = t.plus(Duration.ofMillis(gapMillis / 2 + random.nextInt((int) gapMillis)));
            if (w.crashing() && n > 6) {
                break; // a crash-looping container dies after a few lines
            }
        }
        return out;
    }

    private static List<String> next(Writer w, Random r, int n) {
        if (w.crashing() && n == 6) {
            return List.of("FATAL: could not connect to redis at resource-cache:6379 (connection refused); exiting");
        }
        int roll = r.nextInt(100);
        if (roll < 2) {
            return List.of("ERROR NoMethodError: undefined method `total' for nil:NilClass",
                    "    app/models/order.rb:88:in `grand_total'",
                    "    app/controllers/checkout_controller.rb:31:in `create'",
                    "    actionpack (7.1.3) lib/action_controller/metal/basic_implicit_render.rb:6:in `send_action'");
        }
        if (roll < 6) {
            return List.of("WARN slow query (" + (800 + r.nextInt(2000)) + "ms): SELECT * FROM orders WHERE "
                    + "customer_id = $1");
        }
        if (w.service().equals("web")) {
            if (roll < 20) {
                return List.of("{\"level\":\"info\",\"msg\":\"request\",\"method\":\"GET\",\"path\":\""
                        + PATHS[r.nextInt(PATHS.length)] + "\",\"status\":200,\"duration_ms\":" + (3 + r.nextInt(90))
                        + ",\"request_id\":\"" + Long.toHexString(r.nextLong()) + "\"}");
            }
            int status = roll < 24 ? 404 : roll < 26 ? 500 : 200;
            return List.of("INFO " + (r.nextBoolean() ? "GET" : "POST") + " " + PATHS[r.nextInt(PATHS.length)] + " "
                    + status + " " + (2 + r.nextInt(120)) + "ms");
        }
        String job = JOBS[r.nextInt(JOBS.length)];
        if (roll < 10) {
            // Sidekiq colours its output when it thinks it has a terminal: rackside must show, not obey, ESC.
            return List.of("\u001b[32mINFO\u001b[0m " + job + " start queue=default");
        }
        if (roll < 30) {
            return List.of("{\"level\":\"debug\",\"job\":\"" + job + "\",\"queue\":\"default\",\"enqueued\":"
                    + r.nextInt(40) + "}");
        }
        return List.of("INFO " + job + " jid=" + String.format("%016x", r.nextLong()).substring(0, 12) + " done in "
                + (10 + r.nextInt(900)) + "ms");
    }
}
