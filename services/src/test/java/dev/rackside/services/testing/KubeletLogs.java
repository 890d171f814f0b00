package dev.rackside.services.testing;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/namespaces/<ns>/pods/<pod>/log?container=&previous=&tailLines=} answered as the kubelet
 * answers it, for the namespaces a test gave logs to: the text (its last {@code tailLines} lines), or 400 with a
 * Status when the container has no such log. Every other request goes on to the expectations and the CRUD mock.
 */
final class KubeletLogs extends Dispatcher {
    private static final Pattern LOG = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(\\?.*)?");

    private final Dispatcher next;
    private final Map<String, String> logs;

    KubeletLogs(Dispatcher next, Map<String, String> logs) {
        this.next = next;
        this.logs = logs;
    }

    static String key(String ns, String pod, String container, boolean previous) {
        return ns + "/" + pod + "/" + container + "/" + previous;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Matcher m = LOG.matcher(request.getPath());
        if (!"GET".equals(request.getMethod()) || !m.matches()
                || logs.keySet().stream().noneMatch(k -> k.startsWith(m.group(1) + "/"))) {
            // Not a namespace whose logs a test set: the expectations (or the CRUD mock) answer.
            return next.dispatch(request);
        }
        String q = m.group(3) == null ? "" : m.group(3);
        String container = param(q, "container");
        boolean previous = "true".equals(param(q, "previous"));
        String text = logs.get(key(m.group(1), m.group(2), container, previous));
        if (text == null) {
            String why = previous ? "previous terminated container \\\"" + container + "\\\" in pod \\\"" + m.group(2)
                    + "\\\" not found" : "container \\\"" + container + "\\\" in pod \\\"" + m.group(2)
                    + "\\\" is waiting to start: ContainerCreating";
            return new MockResponse().setResponseCode(400).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                    + "\"status\":\"Failure\",\"message\":\"" + why + "\",\"reason\":\"BadRequest\",\"code\":400}");
        }
        String tail = param(q, "tailLines");
        if (!tail.isEmpty()) {
            String[] lines = text.split("\n", -1);
            int n = Integer.parseInt(tail);
            int end = text.endsWith("\n") ? lines.length - 1 : lines.length;
            text = String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, end - n), end))
                    + (text.endsWith("\n") ? "\n" : "");
        }
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(text);
    }

    private static String param(String q, String name) {
        for (String pair : q.replaceFirst("^\\?", "").split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    @Override
    public void shutdown() {
        next.shutdown();
    }
}
