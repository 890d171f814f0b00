package dev.rackside.sandbox;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * Labels the mock's JSON answers {@code Content-Type: application/json}, as an API server does. The CRUD mock
 * sends none, and kubectl's typed clients (port-forward's pod lookup among them) ask for protobuf first and
 * read an unlabelled body as protobuf.
 */
final class JsonAnswers extends Dispatcher {
    private final Dispatcher next;

    JsonAnswers(Dispatcher next) {
        this.next = next;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        MockResponse r = next.dispatch(request);
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
