package dev.rackside.sandbox;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * Labels the mock's JSON answers {@code Content-Type: application/json}, as an API server does. The CRUD mock
 * sends none, and kubectl's typed clients (port-forward's pod lookup among them) ask for protobuf first and
 * read an unlabelled body as protobuf. It also names its metrics.k8s.io lists as metrics-server names them
 * ({@code PodMetricsList}, {@code NodeMetricsList}; the mock says {@code v1 List}, which kubectl top's typed
 * client refuses).
 */
final class JsonAnswers extends Dispatcher {
    private static final java.util.regex.Pattern METRICS_LIST = java.util.regex.Pattern.compile(
            "/apis/metrics\\.k8s\\.io/v1beta1/(?:namespaces/[^/]+/)?(pods|nodes)(?:\\?.*)?");
    private static final tools.jackson.databind.ObjectMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .build();

    private final Dispatcher next;

    JsonAnswers(Dispatcher next) {
        this.next = next;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        MockResponse r = next.dispatch(request);
        String path = request.getPath() == null ? "" : request.getPath();
        java.util.regex.Matcher metrics = METRICS_LIST.matcher(path);
        if (r != null && metrics.matches() && "GET".equals(request.getMethod()) && r.getBody() != null) {
            try {
                var json = JSON.readTree(r.getBody().getBytes());
                if (json instanceof tools.jackson.databind.node.ObjectNode o && "List".equals(o.path("kind")
                        .asString(""))) {
                    o.put("kind", metrics.group(1).equals("pods") ? "PodMetricsList" : "NodeMetricsList");
                    o.put("apiVersion", "metrics.k8s.io/v1beta1");
                    r.setBody(JSON.writeValueAsString(o));
                }
            } catch (RuntimeException e) {
                // not a list after all: as it was
            }
        }
        if (r != null && r.getWebSocketListener() == null && r.header("Content-Type") == null && r.getBody() != null
                && r.getBody().size() > 0) {
            byte first = r.getBody().getBytes()[0];
            if (first == '{' || first == '[') {
                r.setHeader("Content-Type", "application/json");
            }
        }
        return r;
    }

    @Override
    public void shutdown() {
        next.shutdown();
    }
}
