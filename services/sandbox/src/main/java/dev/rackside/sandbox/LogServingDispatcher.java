package dev.rackside.sandbox;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves {@code GET /api/v1/namespaces/<ns>/pods/<pod>/log} from a {@link LogResponder}; everything else
 * goes to the CRUD dispatcher.
 */
final class LogServingDispatcher extends Dispatcher {
    private static final Pattern POD_LIST = Pattern.compile("/api/v1/(namespaces/[^/]+/)?pods(\\?.*)?");
    private static final Pattern LOG = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/log(\\?.*)?");

    private final Dispatcher crud;
    private final LogResponder logs;

    LogServingDispatcher(Dispatcher crud, LogResponder logs) {
        this.crud = crud;
        this.logs = logs;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Matcher m = LOG.matcher(request.getPath());
        if (!"GET".equals(request.getMethod()) || !m.matches()) {
            MockResponse response = crud.dispatch(request);
            return "GET".equals(request.getMethod()) && POD_LIST.matcher(request.getPath()).matches()
                    && !request.getPath().contains("watch=true") ? typedPodList(response) : response;
        }
        String pod = m.group(2);
        Optional<String> body;
        try {
            body = logs.body(m.group(1), pod, query(m.group(3)));
        } catch (LogResponder.NoPreviousContainer e) {
            return new MockResponse().setResponseCode(400).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                    + "\"status\":\"Failure\",\"message\":\"" + e.getMessage() + "\",\"reason\":\"BadRequest\","
                    + "\"code\":400}");
        } catch (RuntimeException e) {
            // A dispatcher that throws leaves the mock's client waiting forever; answer as an API server would.
            return new MockResponse().setResponseCode(500).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                    + "\"status\":\"Failure\",\"message\":\"cannot serve the log of " + pod + "\",\"code\":500}");
        }
        if (body.isEmpty()) {
            return new MockResponse().setResponseCode(404).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                    + "\"status\":\"Failure\",\"message\":\"pods \\\"" + pod + "\\\" not found\",\"reason\":\"NotFound\","
                    + "\"code\":404}");
        }
        return new MockResponse().setResponseCode(200).addHeader("Content-Type", "text/plain").setBody(body.get());
    }

    /**
     * The CRUD mock answers a pod list as {@code kind: List}; a real API server says {@code PodList}, and
     * {@code kubectl logs -l} decodes it typed (it panics on a List). Say what a real server says.
     */
    private static MockResponse typedPodList(MockResponse response) {
        if (response.code() != 200 || response.getBody() == null) {
            return response;
        }
        String body = new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
        int kind = body.indexOf("\"kind\":\"List\"");
        if (kind < 0 || kind > 64) {
            return response;
        }
        return response.setBody(body.substring(0, kind) + "\"kind\":\"PodList\"" + body.substring(kind + 13));
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
