package dev.rackside.services.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A Convox rack API on loopback (JDK HttpServer, plain HTTP, which rackside accepts for loopback only) that
 * records every request exactly as it arrived and answers from a table of {@code "METHOD /path"} → answer,
 * the answers shaped as the rack's (pkg/structs JSON; stdapi's {@code ok\n}; errors as text, as stdapi writes
 * them for a client that does not ask for JSON). Unscripted routes answer 404 {@code not found}.
 */
public final class FakeRackApi implements AutoCloseable {
    /** One request as the rack saw it. Header names lower-cased; the query kept on the path. */
    public record Request(String method, String path, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }

        /** "POST /apps/shop/releases" */
        public String line() {
            return method + " " + path;
        }
    }

    /** What a route answers. */
    public record Answer(int status, String contentType, String body) {
        public static Answer json(String body) {
            return new Answer(200, "application/json", body);
        }

        public static Answer ok() {
            return new Answer(200, "text/plain; charset=utf-8", "ok\n");
        }

        /** An error as stdapi writes it for a client accepting {@code *}{@code /*}: text, with a newline. */
        public static Answer error(int status, String message) {
            return new Answer(status, "text/plain; charset=utf-8", message + "\n");
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Request, Answer>> routes = new ConcurrentHashMap<>();

    public FakeRackApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-rack-api");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers {@code "METHOD /path"} (the path without its query) with {@code answer}. */
    public FakeRackApi on(String route, Answer answer) {
        routes.put(route, r -> answer);
        return this;
    }

    /** Answers {@code "METHOD /path"} with what {@code answer} makes of the request. */
    public FakeRackApi on(String route, Function<Request, Answer> answer) {
        routes.put(route, answer);
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The requests so far, in order. */
    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** The requests that change something (not GET), as "METHOD /path body" lines. */
    public List<String> writes() {
        return requests.stream().filter(r -> !r.method().equals("GET"))
                .map(r -> r.line() + (r.body().isEmpty() ? "" : " " + r.body())).toList();
    }

    public void clear() {
        requests.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? ""
                : "?" + ex.getRequestURI().getRawQuery());
        Request r = new Request(ex.getRequestMethod(), path, headers, body);
        requests.add(r);
        Function<Request, Answer> route = routes.get(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath());
        Answer a = route == null ? Answer.error(404, "not found") : route.apply(r);
        byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", a.contentType());
        ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
