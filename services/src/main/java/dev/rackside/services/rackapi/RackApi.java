package dev.rackside.services.rackapi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of one rack's own Convox API, making the requests the Convox CLI makes (convox 3.24.9
 * sdk/methods.go over stdsdk): the same method and path, the options as form parameters named by their
 * {@code param:} tags and encoded as Go encodes them ({@link GoForm}), {@code header:} options as headers, the
 * SDK's headers ({@code Version}, {@code User-Agent}, basic auth {@code convox:<password>}), and
 * {@code X-Convox-Actor} naming the operator so the rack's own audit records say who acted (3.24.6+; older
 * racks ignore it). Errors come back as {@link ApiError} with the API's own message.
 *
 * <p>Reads are retried on 429 (honouring {@code Retry-After}), 5xx and dropped connections, with backoff,
 * until the call's deadline; writes only on 429 and 503, which say the request was not processed.
 */
public final class RackApi implements AutoCloseable {
    /** The Convox release whose API this client follows. */
    public static final String CONVOX_VERSION = "3.24.9";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Endpoint endpoint;
    private final String actor;
    private final String userAgent;
    private final Duration timeout;
    private final HttpClient http;
    private final Optional<AutoCloseable> tunnel;

    /**
     * @param actor   who is acting (the operator), sent as {@code X-Convox-Actor}
     * @param timeout how long one call may take, retries included
     * @param tunnel  what keeps the endpoint reachable (a Kubernetes port-forward), closed with the client
     */
    public RackApi(Endpoint endpoint, String actor, String racksideVersion, Duration timeout,
            Optional<AutoCloseable> tunnel) {
        Endpoint.requireSafe(endpoint.base());
        this.endpoint = endpoint;
        this.actor = actor;
        this.userAgent = "convox.go/" + CONVOX_VERSION + " rackside/" + racksideVersion.replaceFirst("^rackside[ /]", "")
                .replace(' ', '-');
        this.timeout = timeout;
        this.tunnel = tunnel;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(Math.min(10, Math.max(1, timeout.toSeconds()))))
                .followRedirects(HttpClient.Redirect.NEVER);
        if ("https".equals(endpoint.base().getScheme())) {
            b.sslContext(endpoint.trust().sslContext());
        }
        this.http = b.build();
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    // ---- apps ---------------------------------------------------------------------------------------

    /** {@code GET /apps/{app}} (AppGet). */
    public Structs.App appGet(String app) {
        return Structs.App.of(json(call("GET", "/apps/" + app, null, Map.of())));
    }

    /** {@code PUT /apps/{app}} with {@code lock} (AppUpdate; the rack re-promotes the current release). */
    public void appLock(String app, boolean lock) {
        call("PUT", "/apps/" + app, new GoForm().set("lock", String.valueOf(lock)), Map.of());
    }

    /** {@code POST /apps/{app}/cancel} (AppCancel). */
    public void appCancel(String app) {
        call("POST", "/apps/" + app + "/cancel", null, Map.of());
    }

    // ---- releases -----------------------------------------------------------------------------------

    /** {@code GET /apps/{app}/releases?limit=N} (ReleaseList), newest first. */
    public List<Structs.Release> releaseList(String app, Optional<Integer> limit) {
        String q = limit.map(l -> "?limit=" + l).orElse("");
        return Structs.list(json(call("GET", "/apps/" + app + "/releases" + q, null, Map.of())), Structs.Release::of);
    }

    /** {@code GET /apps/{app}/releases/{id}} (ReleaseGet). */
    public Structs.Release releaseGet(String app, String id) {
        return Structs.Release.of(json(call("GET", "/apps/" + app + "/releases/" + id, null, Map.of())));
    }

    /** {@code POST /apps/{app}/releases} (ReleaseCreate): only the options given are sent, as the SDK does. */
    public Structs.Release releaseCreate(String app, Optional<String> build, Optional<String> description,
            Optional<String> env, Optional<String> parentRelease) {
        GoForm f = new GoForm();
        build.ifPresent(v -> f.set("build", v));
        description.ifPresent(v -> f.set("description", v));
        env.ifPresent(v -> f.set("env", v));
        parentRelease.ifPresent(v -> f.set("parent-release", v));
        return Structs.Release.of(json(call("POST", "/apps/" + app + "/releases", f, Map.of())));
    }

    /**
     * {@code POST /apps/{app}/releases/{id}/promote} (ReleasePromote). The CLI always sends {@code force};
     * {@code timeout} (seconds) only when the operator set a deadline.
     */
    public void releasePromote(String app, String id, boolean force, Optional<Integer> timeoutSeconds) {
        GoForm f = new GoForm().set("force", String.valueOf(force));
        timeoutSeconds.ifPresent(t -> f.set("timeout", String.valueOf(t)));
        call("POST", "/apps/" + app + "/releases/" + id + "/promote", f, Map.of());
    }

    // ---- services -----------------------------------------------------------------------------------

    /** {@code GET /apps/{app}/services} (ServiceList). */
    public List<Structs.Service> serviceList(String app) {
        return Structs.list(json(call("GET", "/apps/" + app + "/services", null, Map.of())), Structs.Service::of);
    }

    /** {@code PUT /apps/{app}/services/{svc}} (ServiceUpdate) with the options given. */
    public void serviceUpdate(String app, String service, ScaleOptions opts) {
        GoForm f = new GoForm();
        opts.count().ifPresent(v -> f.set("count", String.valueOf(v)));
        opts.cpu().ifPresent(v -> f.set("cpu", String.valueOf(v)));
        opts.memory().ifPresent(v -> f.set("memory", String.valueOf(v)));
        opts.min().ifPresent(v -> f.set("min", String.valueOf(v)));
        opts.max().ifPresent(v -> f.set("max", String.valueOf(v)));
        call("PUT", "/apps/" + app + "/services/" + service, f, Map.of());
    }

    /** {@code POST /apps/{app}/services/{svc}/restart} (ServiceRestart). */
    public void serviceRestart(String app, String service) {
        call("POST", "/apps/" + app + "/services/" + service + "/restart", null, Map.of());
    }

    // ---- processes ----------------------------------------------------------------------------------

    /** {@code GET /apps/{app}/processes} (ProcessList), optionally by service and release. */
    public List<Structs.Process> processList(String app, Optional<String> service, Optional<String> release) {
        GoForm q = new GoForm();
        release.ifPresent(r -> q.set("release", r));
        service.ifPresent(s -> q.set("service", s));
        String query = q.isEmpty() ? "" : "?" + q.encode();
        return Structs.list(json(call("GET", "/apps/" + app + "/processes" + query, null, Map.of())),
                Structs.Process::of);
    }

    /** {@code GET /apps/{app}/processes/{pid}} (ProcessGet). */
    public Structs.Process processGet(String app, String pid) {
        return Structs.Process.of(json(call("GET", "/apps/" + app + "/processes/" + pid, null, Map.of())));
    }

    /** {@code POST /apps/{app}/services/{svc}/processes} (ProcessRun): its options travel as headers. */
    public Structs.Process processRun(String app, String service, RunOptions opts) {
        Map<String, String> h = new LinkedHashMap<>();
        opts.command().ifPresent(v -> h.put("Command", v));
        opts.release().ifPresent(v -> h.put("Release", v));
        opts.height().ifPresent(v -> h.put("Height", String.valueOf(v)));
        opts.width().ifPresent(v -> h.put("Width", String.valueOf(v)));
        return Structs.Process.of(json(call("POST", "/apps/" + app + "/services/" + service + "/processes", null, h)));
    }

    /** {@code DELETE /apps/{app}/processes/{pid}} (ProcessStop). */
    public void processStop(String app, String pid) {
        call("DELETE", "/apps/" + app + "/processes/" + pid, null, Map.of());
    }

    /**
     * {@code SOCKET /apps/{app}/processes/{pid}/exec} (ProcessExec): header {@code Command}, and the
     * ProcessExecOptions that are set, as the CLI sets them (pkg/cli/exec.go: {@code Height}/{@code Width} from
     * the terminal, {@code Tty: false} only when stdin is not one; run.go adds {@code Entrypoint}). The stream
     * ends with the exit code after {@link ExecStream#EXIT_MARKER}.
     */
    public ApiSocket processExec(String app, String pid, String command, Optional<Boolean> tty,
            Optional<Integer> height, Optional<Integer> width, Optional<Boolean> entrypoint) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Command", command);
        entrypoint.ifPresent(v -> h.put("Entrypoint", String.valueOf(v)));
        height.ifPresent(v -> h.put("Height", String.valueOf(v)));
        tty.ifPresent(v -> h.put("Tty", String.valueOf(v)));
        width.ifPresent(v -> h.put("Width", String.valueOf(v)));
        return socket("/apps/" + app + "/processes/" + pid + "/exec", h);
    }

    /** {@code GET /apps/{app}/resources/{name}} (ResourceGet): the resource with its URL from resource-NAME. */
    public Structs.Resource resourceGet(String app, String name) {
        return Structs.Resource.of(json(call("GET", "/apps/" + app + "/resources/" + name, null, Map.of())));
    }

    /**
     * {@code SOCKET /proxy/{host}/{port}} (Proxy): a byte stream to host:port as the rack dials it. The rack
     * refuses it without write access (pkg/api/controllers.go Proxy). ProxyOptions.TLS carries no {@code header}
     * tag and stdsdk marshals options by tag, so the CLI's {@code --tls} never reaches the rack; rackside has no
     * such flag.
     */
    public ApiSocket proxy(String host, int port) {
        return socket("/proxy/" + host + "/" + port, Map.of());
    }

    // ---- builds and objects ---------------------------------------------------------------------------

    /** {@code POST /apps/{app}/objects/{key}} (ObjectStore), the file as the body; progress in bytes sent. */
    public Structs.StoredObject objectStore(String app, String key, Path file, LongConsumer progress) {
        return Structs.StoredObject.of(json(upload("/apps/" + app + "/objects/" + key, file, progress)));
    }

    /** {@code POST /apps/{app}/builds} (BuildCreate): {@code url} plus the BuildCreateOptions given. */
    public Structs.Build buildCreate(String app, String url, BuildOptions opts) {
        GoForm f = new GoForm().set("url", url);
        // []string options are joined with ',' by stdsdk marshalValue (MarshalOptions), then sent as one value.
        if (!opts.buildArgs().isEmpty()) {
            f.set("build-args", String.join(",", opts.buildArgs()));
        }
        opts.description().ifPresent(v -> f.set("description", v));
        opts.manifest().ifPresent(v -> f.set("manifest", v));
        opts.noCache().ifPresent(v -> f.set("no-cache", String.valueOf(v)));
        opts.gitSha().ifPresent(v -> f.set("git-sha", v));
        return Structs.Build.of(json(call("POST", "/apps/" + app + "/builds", f, Map.of())));
    }

    /** {@code GET /apps/{app}/builds/{id}} (BuildGet). */
    public Structs.Build buildGet(String app, String id) {
        return Structs.Build.of(json(call("GET", "/apps/" + app + "/builds/" + id, null, Map.of())));
    }

    /** {@code GET /apps/{app}/builds?limit=N} (BuildList). */
    public List<Structs.Build> buildList(String app, Optional<Integer> limit) {
        String q = limit.map(l -> "?limit=" + l).orElse("");
        return Structs.list(json(call("GET", "/apps/" + app + "/builds" + q, null, Map.of())), Structs.Build::of);
    }

    /** {@code SOCKET /apps/{app}/builds/{id}/logs} (BuildLogs). */
    public ApiSocket buildLogs(String app, String id) {
        return socket("/apps/" + app + "/builds/" + id + "/logs", Map.of());
    }

    /** {@code GET /system} (SystemGet). */
    public Structs.System systemGet() {
        return Structs.System.of(json(call("GET", "/system", null, Map.of())));
    }

    // ---- the wire -----------------------------------------------------------------------------------

    /** The SDK's headers for every request (sdk.go Headers; stdsdk Request). */
    private Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", "*/*");
        h.put("User-Agent", userAgent);
        h.put("Version", CONVOX_VERSION);
        endpoint.password().ifPresent(p -> h.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                ("convox:" + p).getBytes(StandardCharsets.UTF_8))));
        if (!actor.isBlank()) {
            h.put("X-Convox-Actor", actor);
        }
        return h;
    }

    private ApiSocket socket(String path, Map<String, String> extra) {
        Map<String, String> h = headers();
        h.remove("Accept");
        h.putAll(extra);
        return ApiSocket.open(endpoint, path, h, Duration.ofSeconds(Math.min(15, Math.max(2, timeout.toSeconds()))));
    }

    private byte[] call(String method, String path, GoForm form, Map<String, String> extra) {
        byte[] body = form == null || form.isEmpty() ? null : form.encode().getBytes(StandardCharsets.UTF_8);
        String contentType = body == null ? "application/octet-stream" : "application/x-www-form-urlencoded";
        boolean idempotent = method.equals("GET") || method.equals("HEAD");
        Instant deadline = Instant.now().plus(timeout);
        Duration backoff = Duration.ofMillis(250);
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder r = HttpRequest.newBuilder(uri(path)).timeout(remaining(deadline))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            headers().forEach(r::header);
            r.header("Content-Type", contentType);
            extra.forEach(r::header);
            HttpResponse<byte[]> res;
            try {
                res = http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (idempotent && Instant.now().plus(backoff).isBefore(deadline)) {
                    sleep(backoff);
                    backoff = next(backoff);
                    continue;
                }
                throw new ApiError("rack API " + Endpoint.withoutUserInfo(endpoint.base()) + " ("
                        + endpoint.via() + ") unreachable: " + describe(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiError("interrupted waiting for the rack API", e);
            }
            int code = res.statusCode();
            boolean retry = code == 429 || code == 503 || (idempotent && (code == 500 || code == 502 || code == 504));
            if (retry) {
                Duration wait = retryAfter(res).orElse(backoff);
                if (Instant.now().plus(wait).isBefore(deadline)) {
                    sleep(wait);
                    backoff = next(backoff);
                    continue;
                }
            }
            if (code >= 400) {
                throw new ApiError(code, errorMessage(code, new String(res.body(), StandardCharsets.UTF_8)));
            }
            return res.body();
        }
    }

    private byte[] upload(String path, Path file, LongConsumer progress) {
        long size;
        try {
            size = java.nio.file.Files.size(file);
        } catch (IOException e) {
            throw new ApiError("cannot read " + file + ": " + e.getMessage(), e);
        }
        HttpRequest.BodyPublisher counted = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> new CountingInput(file, progress)), size);
        HttpRequest.Builder r = HttpRequest.newBuilder(uri(path)).POST(counted);
        headers().forEach(r::header);
        r.header("Content-Type", "application/octet-stream");
        try {
            HttpResponse<byte[]> res = http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (res.statusCode() >= 400) {
                throw new ApiError(res.statusCode(), errorMessage(res.statusCode(),
                        new String(res.body(), StandardCharsets.UTF_8)));
            }
            return res.body();
        } catch (IOException e) {
            throw new ApiError("upload to the rack API failed after " + CountingInput.sent(progress) + ": "
                    + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError("upload interrupted", e);
        }
    }

    private URI uri(String path) {
        String base = Endpoint.withoutUserInfo(endpoint.base()).toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    /** stdsdk responseError: {@code {"error": ...}}, else the trimmed text, else the status. */
    static String errorMessage(int code, String body) {
        String t = body == null ? "" : body.strip();
        if (t.startsWith("{")) {
            try {
                JsonNode n = JSON.readTree(t);
                String e = n.path("error").asString("");
                if (!e.isEmpty()) {
                    return e;
                }
            } catch (JacksonException e) {
                // not JSON after all: the text itself
            }
        }
        if (!t.isEmpty()) {
            return t.length() > 2000 ? t.substring(0, 2000) + "…" : t;
        }
        return "response status " + code;
    }

    private static JsonNode json(byte[] body) {
        if (body == null || body.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw new ApiError(200, "the rack API answered something that is not JSON: "
                    + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
        }
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> res) {
        return res.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim()))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static Duration remaining(Instant deadline) {
        Duration d = Duration.between(Instant.now(), deadline);
        return d.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : d;
    }

    private static Duration next(Duration d) {
        Duration n = d.multipliedBy(2);
        return n.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : n;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError("interrupted", e);
        }
    }

    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        String what = t.getClass().getSimpleName().replace("Exception", "").toLowerCase(Locale.ROOT);
        return (t instanceof java.net.http.HttpTimeoutException ? "timed out" : what)
                + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    @Override
    public void close() {
        tunnel.ifPresent(t -> {
            try {
                t.close();
            } catch (Exception e) {
                // the tunnel is going away with the session
            }
        });
    }

    /** ServiceUpdateOptions: what {@code convox scale} sends. */
    public record ScaleOptions(Optional<Integer> count, Optional<Integer> cpu, Optional<Integer> memory,
            Optional<Integer> min, Optional<Integer> max) {
    }

    /** ProcessRunOptions (the subset rackside sets), sent as headers. */
    public record RunOptions(Optional<String> command, Optional<String> release, Optional<Integer> height,
            Optional<Integer> width) {
    }

    /** BuildCreateOptions. */
    public record BuildOptions(List<String> buildArgs, Optional<String> description, Optional<String> manifest,
            Optional<Boolean> noCache, Optional<String> gitSha) {
    }

    /** Counts bytes as the HTTP client reads the file, for the upload's progress bar. */
    private static final class CountingInput extends java.io.FilterInputStream {
        private static final Map<LongConsumer, Long> SENT = new java.util.concurrent.ConcurrentHashMap<>();
        private final LongConsumer progress;
        private long count;

        CountingInput(Path file, LongConsumer progress) {
            super(open(file));
            this.progress = progress;
        }

        private static InputStream open(Path file) {
            try {
                return java.nio.file.Files.newInputStream(file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
                SENT.put(progress, count);
                progress.accept(count);
            }
            return n;
        }

        static String sent(LongConsumer progress) {
            Long n = SENT.remove(progress);
            return (n == null ? 0 : n) + " bytes";
        }
    }
}
