package dev.rackside.sandbox;

import dev.rackside.services.api.Operations;
import dev.rackside.services.deploy.ProviderWrites;
import dev.rackside.services.kube.RackFactsReader;
import dev.rackside.services.model.ComplianceSettings;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.RackStatus;
import dev.rackside.services.model.Tier;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The sandbox's rack API: the routes of Convox's (convox 3.24.9 pkg/api/routes.go) that rackside calls, with
 * the rack password checked as pkg/api/api.go authenticate checks it and errors written as stdapi writes them
 * (vendor/github.com/convox/stdapi router.go: JSON {@code {"error": ...}} when the request accepts JSON, else
 * the message as text). Reads come from the rack's Kubernetes objects; writes run Convox's provider semantics
 * through {@link ProviderWrites}, the same code rackside's direct path runs, and the sandbox's atom controller
 * rolls them out. Each request is told to {@code log} with the actor the CLI names.
 */
final class RackApiRoutes extends Dispatcher {
    /** One request as the rack's API log line would tell it. */
    record Call(String method, String path, String actor, int status) {
        @Override
        public String toString() {
            return "ns=api method=" + method + " path=" + path + " actor=" + actor + " code=" + status;
        }
    }

    private interface Handler {
        MockResponse handle(Matcher path, Map<String, String> query, Map<String, String> form, String actor);
    }

    private record Route(String method, Pattern path, Handler handler) {
    }

    private final KubernetesClient client;
    private final String rack;
    private final String password;
    private final Clock clock;
    private final Consumer<Call> log;
    private final RackApiJson reads;
    private final List<Route> routes = new ArrayList<>();

    private final ResourceBanners banners;
    private final SimulatedBuilds builds;

    RackApiRoutes(KubernetesClient client, String rack, String password, Clock clock, Consumer<Call> log,
            ResourceBanners banners) {
        this.banners = banners;
        this.client = client;
        this.rack = rack;
        this.password = password;
        this.clock = clock;
        this.log = log;
        this.reads = new RackApiJson(client, rack);
        this.builds = new SimulatedBuilds(client, rack, clock, this::writes, 1.0);
        String app = "/apps/([a-z0-9][a-z0-9-]*)";
        String id = "([A-Za-z0-9-]+)";
        route("GET", "/auth", (m, q, f, a) -> ok());
        route("GET", "/system", (m, q, f, a) -> json(reads.system()));
        route("GET", app, (m, q, f, a) -> json(reads.app(m.group(1))));
        route("PUT", app, (m, q, f, a) -> appUpdate(m.group(1), f));
        route("POST", app + "/cancel", (m, q, f, a) -> {
            writes(m.group(1)).cancel(a);
            return ok();
        });
        route("GET", app + "/releases", (m, q, f, a) -> json(reads.releases(m.group(1), intOr(q, "limit", 10))));
        route("POST", app + "/releases", (m, q, f, a) -> {
            String created = writes(m.group(1)).releaseCreate(opt(f, "build"), Optional.ofNullable(f.get("env")),
                    opt(f, "description"), Optional.empty());
            return json(reads.release(m.group(1), created));
        });
        route("GET", app + "/releases/" + id, (m, q, f, a) -> json(reads.release(m.group(1), m.group(2))));
        route("POST", app + "/releases/" + id + "/promote", (m, q, f, a) -> {
            reads.release(m.group(1), m.group(2));
            writes(m.group(1)).promote(m.group(2), Duration.ofSeconds(intOr(f, "timeout", 3000)));
            return ok();
        });
        route("GET", app + "/builds", (m, q, f, a) -> json(reads.builds(m.group(1), intOr(q, "limit", 10))));
        route("GET", app + "/builds/" + id, (m, q, f, a) -> json(reads.build(m.group(1), m.group(2))));
        route("POST", app + "/builds", (m, q, f, a) -> {
            reads.namespace(m.group(1));
            return json(reads.build(m.group(1), builds.create(m.group(1), f)));
        });
        route("GET", app + "/services", (m, q, f, a) -> json(reads.services(m.group(1))));
        route("PUT", app + "/services/" + id, (m, q, f, a) -> {
            againOnConflict(() -> writes(m.group(1)).scale(m.group(2), new Operations.Scale(integer(f, "count"),
                    integer(f, "cpu"), integer(f, "memory"), integer(f, "min"), integer(f, "max"))));
            return ok();
        });
        route("POST", app + "/services/" + id + "/restart", (m, q, f, a) -> {
            againOnConflict(() -> writes(m.group(1)).restart(Optional.of(m.group(2))));
            return ok();
        });
        route("GET", app + "/resources/" + id, (m, q, f, a) -> json(reads.resource(m.group(1), m.group(2))));
        route("GET", app + "/processes", (m, q, f, a) -> json(reads.processes(m.group(1), opt(q, "service"),
                opt(q, "release"))));
        route("GET", app + "/processes/" + id, (m, q, f, a) -> json(reads.process(m.group(1), m.group(2))));
        route("DELETE", app + "/processes/" + id, (m, q, f, a) -> {
            reads.process(m.group(1), m.group(2));
            writes(m.group(1)).stop(m.group(2));
            return ok();
        });
    }

    private void route(String method, String path, Handler handler) {
        routes.add(new Route(method, Pattern.compile(path), handler));
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String full = request.getPath();
        int qmark = full.indexOf('?');
        String path = qmark < 0 ? full : full.substring(0, qmark);
        String actor = actor(request);
        MockResponse response = answer(request, path, qmark < 0 ? "" : full.substring(qmark + 1), actor);
        log.accept(new Call(request.getMethod(), path, actor, response.code()));
        return response;
    }

    private MockResponse answer(RecordedRequest request, String path, String query, String actor) {
        boolean json = acceptsJson(request);
        if (!authenticated(request)) {
            return error(json, 401, "invalid authentication").setHeader("WWW-Authenticate", "Basic realm=\"convox\"");
        }
        Matcher exec = EXEC.matcher(path);
        if (exec.matches() && request.getMethod().equals("GET")) {
            return execSocket(exec.group(1), exec.group(2), request);
        }
        Matcher proxy = PROXY.matcher(path);
        if (proxy.matches() && request.getMethod().equals("GET")) {
            return proxySocket(proxy.group(1), Integer.parseInt(proxy.group(2)), request);
        }
        Matcher objects = OBJECTS.matcher(path);
        if (objects.matches() && request.getMethod().equals("POST")) {
            try {
                reads.namespace(objects.group(1));
                byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
                return json(RackApiJson.JSON.valueToTree(builds.store(objects.group(1), objects.group(2), body)));
            } catch (RackApiJson.NotFound e) {
                return error(json, 404, e.getMessage());
            } catch (IllegalArgumentException e) {
                return error(json, 400, e.getMessage());
            }
        }
        Matcher buildLogs = BUILD_LOGS.matcher(path);
        if (buildLogs.matches() && request.getMethod().equals("GET")) {
            try {
                reads.build(buildLogs.group(1), buildLogs.group(2));
                return builds.logSocket(buildLogs.group(1), buildLogs.group(2));
            } catch (RackApiJson.NotFound e) {
                return error(json, 404, e.getMessage());
            }
        }
        Matcher run = RUN.matcher(path);
        if (run.matches() && request.getMethod().equals("POST")) {
            try {
                return processRun(run.group(1), run.group(2), request);
            } catch (RackApiJson.NotFound e) {
                return error(json, 404, e.getMessage());
            } catch (RuntimeException e) {
                return error(json, 500, String.valueOf(e.getMessage()));
            }
        }
        for (Route r : routes) {
            Matcher m = r.path().matcher(path);
            if (m.matches() && r.method().equals(request.getMethod())) {
                try {
                    String body = request.getBody() == null ? "" : request.getUtf8Body();
                    return r.handler().handle(m, decode(query), decode(body), actor);
                } catch (RackApiJson.NotFound e) {
                    return error(json, 404, e.getMessage());
                } catch (IllegalArgumentException e) {
                    return error(json, 400, e.getMessage());
                } catch (RuntimeException e) {
                    return error(json, 500, String.valueOf(e.getMessage()));
                }
            }
        }
        return error(json, 404, "not found");
    }

    private static final Pattern EXEC = Pattern.compile("/apps/([a-z0-9][a-z0-9-]*)/processes/([A-Za-z0-9-]+)/exec");
    private static final Pattern PROXY = Pattern.compile("/proxy/([^/]+)/([0-9]{1,5})");
    private static final Pattern OBJECTS = Pattern.compile("/apps/([a-z0-9][a-z0-9-]*)/objects/([A-Za-z0-9._/-]+)");
    private static final Pattern BUILD_LOGS = Pattern.compile("/apps/([a-z0-9][a-z0-9-]*)/builds/([A-Za-z0-9]+)/logs");
    private static final Pattern RUN = Pattern.compile("/apps/([a-z0-9][a-z0-9-]*)/services/([A-Za-z0-9-]+)/processes");

    /**
     * ProcessRun (provider/k8s ProcessRun): a one-off pod of the service with the {@code Command} and
     * {@code Release} headers, answered as its process.
     */
    private MockResponse processRun(String app, String service, RecordedRequest request) {
        reads.namespace(app);
        String command = Optional.ofNullable(request.getHeader("Command")).orElse("");
        Optional<String> release = Optional.ofNullable(request.getHeader("Release")).filter(r -> !r.isBlank());
        String pod = new dev.rackside.services.shell.KubeSessions(client, dev.rackside.services.kube.ConvoxLabels
                .appNamespace(rack, app), app, clock).runPod(service, dev.rackside.services.text.ShellQuote
                .split(command), release);
        return json(reads.process(app, pod));
    }

    /**
     * The exec socket (stdapi SOCKET): the process's output in text frames, then sdk.go's exit marker and code,
     * then the empty binary frame that ends the stream; what the client sends is typed into the
     * {@link SimulatedShell}. A service name picks one of its running processes, as ProcessExec does.
     */
    private MockResponse execSocket(String app, String pid, RecordedRequest request) {
        String ns = dev.rackside.services.kube.ConvoxLabels.appNamespace(rack, app);
        String pod = pid;
        if (client.pods().inNamespace(ns).withName(pid).get() == null) {
            pod = client.pods().inNamespace(ns).withLabel(dev.rackside.services.kube.ConvoxLabels.SERVICE, pid).list()
                    .getItems().stream().filter(PodSimulator::ready).map(p -> p.getMetadata().getName())
                    .findFirst().orElse(null);
            if (pod == null) {
                return error(acceptsJson(request), 404, "process not found: " + pid);
            }
        }
        String target = pod;
        String command = Optional.ofNullable(request.getHeader("Command")).orElse("sh");
        boolean tty = !"false".equals(request.getHeader("Tty"));
        return new MockResponse().withWebSocketUpgrade(new io.fabric8.mockwebserver.http.WebSocketListener() {
            private SimulatedShell shell;

            @Override
            public void onOpen(io.fabric8.mockwebserver.http.WebSocket ws, io.fabric8.mockwebserver.http.Response r) {
                shell = new SimulatedShell(target, ContainerEnv.of(client, ns, target), tty,
                        b -> ws.send(new String(b, StandardCharsets.UTF_8)), code -> {
                            ws.send(dev.rackside.services.rackapi.ExecStream.EXIT_MARKER + code);
                            ws.send(new byte[0]);
                            ws.close(1000, "");
                        });
                shell.start(dev.rackside.services.text.ShellQuote.split(command));
            }

            @Override
            public void onMessage(io.fabric8.mockwebserver.http.WebSocket ws, String text) {
                shell.input(text.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void onMessage(io.fabric8.mockwebserver.http.WebSocket ws, byte[] bytes) {
                if (bytes.length == 0) {
                    shell.endOfInput();
                } else {
                    shell.input(bytes);
                }
            }
        });
    }

    /**
     * The proxy socket (pkg/api/controllers.go Proxy, provider/k8s/proxy.go): the bytes of a connection to
     * host:port. Only the sandbox's resources listen;
     * anything else is the dial error Convox would meet. The mock sends its bytes as binary frames (it cannot
     * send a text frame that is not UTF-8); rackside reads both.
     */
    private MockResponse proxySocket(String host, int port, RecordedRequest request) {
        java.util.OptionalInt target = banners.forHost(host, port);
        if (target.isEmpty()) {
            return error(acceptsJson(request), 500, "dial tcp " + host + ":" + port + ": connect: connection refused");
        }
        return new MockResponse().withWebSocketUpgrade(new SocketBridge(target.getAsInt()));
    }

    /**
     * The sandbox's pod simulator writes Deployment status all the time, and the mock server's status writes move
     * the object's resourceVersion as a whole write does: a one-object edit met by one is made again against the
     * newer object, a few times (client-go's RetryOnConflict), rather than answered as a 500.
     */
    private static void againOnConflict(Runnable edit) {
        for (int attempt = 1; ; attempt++) {
            try {
                edit.run();
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** AppUpdate: the sandbox changes the lock; parameters it refuses rather than pretend to apply. */
    private MockResponse appUpdate(String app, Map<String, String> form) {
        reads.app(app);
        Map<String, String> rest = new LinkedHashMap<>(form);
        String lock = rest.remove("lock");
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("the sandbox rack does not change app parameters: "
                    + String.join(", ", rest.keySet()));
        }
        if (lock != null) {
            writes(app).lock(Boolean.parseBoolean(lock));
        }
        return ok();
    }

    private ProviderWrites writes(String app) {
        reads.namespace(app);
        Rack r = new Rack(rack, rack, Optional.of(rack), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(), Tier.DEVELOPMENT, false, RackFactsReader.read(client, rack), RackStatus.RUNNING,
                Optional.empty(), List.of(), ComplianceSettings.DEFAULTS);
        return new ProviderWrites(client, r, app, clock);
    }

    /** Basic auth as the rack checks it: any user name, the rack password compared in constant time. */
    private boolean authenticated(RecordedRequest request) {
        String h = request.getHeader("Authorization");
        String given = "";
        if (h != null && h.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                given = colon < 0 ? "" : pair.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                given = "";
            }
        }
        return MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    /** pkg/api/api.go: Convox-Actor, else X-Convox-Actor, else {@code rack-password}. */
    private static String actor(RecordedRequest request) {
        for (String h : new String[] {"Convox-Actor", "X-Convox-Actor"}) {
            String v = request.getHeader(h);
            if (v != null && !v.isBlank()) {
                return v.strip().replaceAll("[^A-Za-z0-9@._+:/-]", "_");
            }
        }
        return "rack-password";
    }

    private static boolean acceptsJson(RecordedRequest request) {
        String accept = request.getHeader("Accept");
        if (accept == null) {
            return false;
        }
        for (String part : accept.split(",")) {
            if (part.split(";", 2)[0].strip().equals("application/json")) {
                return true;
            }
        }
        return false;
    }

    private static MockResponse ok() {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain; charset=utf-8")
                .setBody("ok\n");
    }

    private static MockResponse json(JsonNode body) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody(RackApiJson.JSON.writeValueAsString(body) + "\n");
    }

    private static MockResponse error(boolean json, int code, String message) {
        if (json) {
            return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                    .setBody(RackApiJson.JSON.writeValueAsString(Map.of("error", message)) + "\n");
        }
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "text/plain; charset=utf-8")
                .setHeader("X-Content-Type-Options", "nosniff").setBody(message + "\n");
    }

    private static Map<String, String> decode(String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private static Optional<String> opt(Map<String, String> m, String key) {
        return Optional.ofNullable(m.get(key)).filter(v -> !v.isEmpty());
    }

    private static Optional<Integer> integer(Map<String, String> m, String key) {
        Optional<String> v = opt(m, key);
        try {
            return v.map(Integer::parseInt);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + key + ": " + v.get());
        }
    }

    private static int intOr(Map<String, String> m, String key, int fallback) {
        return integer(m, key).orElse(fallback);
    }
}
