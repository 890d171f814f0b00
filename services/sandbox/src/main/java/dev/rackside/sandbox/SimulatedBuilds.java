package dev.rackside.sandbox;

import dev.rackside.services.deploy.ProviderWrites;
import dev.rackside.services.kube.ConvoxCrds;
import dev.rackside.services.kube.ConvoxLabels;
import dev.rackside.services.kube.ConvoxTime;
import dev.rackside.services.manifest.Manifest;
import dev.rackside.services.manifest.ManifestParser;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The sandbox rack's builder, doing what Convox's build pod does with an uploaded source (convox 3.24.9
 * provider/k8s/build.go BuildCreate, pkg/build/build.go): the Build object created {@code running}, the tarball's
 * manifest read, each service with a {@code build:} built, one BuildKit-style step per Dockerfile instruction
 * with its time, then the Build updated with its manifest and log and a Release created from it
 * ({@code complete}), or {@code failed} with {@code ERROR: ...} last. A {@code RUN false} fails as it would.
 * The log streams over the build's log socket while it runs and is kept for later reads.
 */
final class SimulatedBuilds {
    private static final int KEPT_OBJECTS = 20;
    private static final long MAX_SOURCE = 512L * 1024 * 1024;

    /** One build's log: lines so far, and whether it has ended. */
    private static final class Log {
        private final List<String> lines = new ArrayList<>();
        private boolean done;

        synchronized void add(String line) {
            lines.add(line);
            notifyAll();
        }

        synchronized void end() {
            done = true;
            notifyAll();
        }

        /** Waits for a line after {@code index}; empty at the end. */
        synchronized Optional<String> next(int index) throws InterruptedException {
            while (index >= lines.size() && !done) {
                wait(1000);
            }
            return index < lines.size() ? Optional.of(lines.get(index)) : Optional.empty();
        }
    }

    private final KubernetesClient client;
    private final String rack;
    private final Clock clock;
    private final Function<String, ProviderWrites> writes;
    private final Map<String, byte[]> objects = java.util.Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > KEPT_OBJECTS;
        }
    });
    private final Map<String, Log> logs = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    /** How long a step takes, scaled: tests run it faster. */
    private final double pace;

    SimulatedBuilds(KubernetesClient client, String rack, Clock clock, Function<String, ProviderWrites> writes,
            double pace) {
        this.client = client;
        this.rack = rack;
        this.clock = clock;
        this.writes = writes;
        this.pace = pace;
    }

    /**
     * ObjectStore (convox 3.24.9 provider/k8s/object.go: the body stored under the key, answered as
     * {@code object://APP/KEY}), kept in memory; pkg/structs/object.go's Object has no json tag, so its field is
     * {@code Url}.
     */
    Map<String, String> store(String app, String key, byte[] body) {
        if (body.length > MAX_SOURCE) {
            throw new IllegalArgumentException("object too large for the sandbox: " + body.length + " bytes");
        }
        objects.put(app + "/" + key, body);
        return Map.of("Url", "object://" + app + "/" + key);
    }

    /** BuildCreate: the Build object {@code running}, its build under way. Returns the build's id. */
    String create(String app, Map<String, String> form) {
        String url = form.getOrDefault("url", "");
        String prefix = "object://" + app + "/";
        if (!url.startsWith(prefix)) {
            throw new IllegalArgumentException("invalid build url: " + url);
        }
        byte[] source = objects.get(app + "/" + url.substring(prefix.length()));
        if (source == null) {
            throw new IllegalArgumentException("object not found: " + url.substring(prefix.length()));
        }
        String id = id('B');
        String ns = ConvoxLabels.appNamespace(rack, app);
        GenericKubernetesResource b = new GenericKubernetesResource();
        b.setApiVersion("convox.com/v1");
        b.setKind("Build");
        b.setMetadata(new ObjectMetaBuilder().withName(id.toLowerCase(Locale.ROOT)).withNamespace(ns)
                .withLabels(Map.of("system", "convox", "rack", rack, "app", app))
                .withAnnotations(Map.of("git-sha", form.getOrDefault("git-sha", ""))).build());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("description", form.getOrDefault("description", ""));
        spec.put("started", ConvoxTime.format(clock.instant()));
        spec.put("ended", "00010101.000000.000000000");
        spec.put("status", "running");
        spec.put("process", "build-" + id.toLowerCase(Locale.ROOT).substring(1, 6));
        spec.put("release", "");
        spec.put("manifest", "");
        spec.put("logs", "");
        spec.put("git-sha", form.getOrDefault("git-sha", ""));
        b.setAdditionalProperty("spec", spec);
        client.genericKubernetesResources(ConvoxCrds.BUILDS).inNamespace(ns).resource(b).create();
        Log log = new Log();
        logs.put(id, log);
        String manifest = form.getOrDefault("manifest", "").isEmpty() ? "convox.yml" : form.get("manifest");
        Thread t = new Thread(() -> build(app, id, source, manifest, log), "sandbox-build-" + id);
        t.setDaemon(true);
        t.start();
        return id;
    }

    /** The build's log socket: what it has said, then each line as it comes, until it ends. */
    MockResponse logSocket(String app, String id) {
        Log log = logs.computeIfAbsent(id.toUpperCase(Locale.ROOT), this::replayed);
        return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws, io.fabric8.mockwebserver.http.Response r) {
                Thread t = new Thread(() -> {
                    try {
                        for (int i = 0; ; i++) {
                            Optional<String> line = log.next(i);
                            if (line.isEmpty()) {
                                break;
                            }
                            ws.send(line.get() + "\n");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ws.send(new byte[0]);
                    ws.close(1000, "");
                }, "sandbox-build-log");
                t.setDaemon(true);
                t.start();
            }
        });
    }

    /** A seeded build's stored log: the sandbox's own Dockerfile, built as it was. */
    private Log replayed(String id) {
        Log log = new Log();
        GenericKubernetesResource b = null;
        for (GenericKubernetesResource x : client.genericKubernetesResources(ConvoxCrds.BUILDS).inAnyNamespace()
                .list().getItems()) {
            if (x.getMetadata().getName().equalsIgnoreCase(id)) {
                b = x;
            }
        }
        if (b == null) {
            log.add("ERROR: build not found: " + id);
        } else {
            boolean failed = "failed".equals(ConvoxCrds.spec(b, "status"));
            steps(log, ".", failed ? SEED_DOCKERFILE + "RUN bin/rails test\n" : SEED_DOCKERFILE, 1, false, failed);
            if (failed) {
                log.add("ERROR: exit status 1");
            }
        }
        log.end();
        return log;
    }

    private static final String SEED_DOCKERFILE = "FROM ruby:3.3-slim\nWORKDIR /app\nCOPY Gemfile Gemfile.lock ./\n"
            + "RUN bundle install --without development test\nCOPY . .\nCMD [\"bundle\", \"exec\", \"puma\"]\n";

    private void build(String app, String id, byte[] source, String manifestName, Log log) {
        String ns = ConvoxLabels.appNamespace(rack, app);
        try {
            Map<String, String> files = unpack(source);
            String text = files.get(manifestName);
            if (text == null) {
                throw new BuildFailure("open " + manifestName + ": no such file or directory");
            }
            Manifest m;
            try {
                m = ManifestParser.parse(manifestName, text, newestEnv(ns)).manifest();
            } catch (RuntimeException e) {
                throw new BuildFailure(String.valueOf(e.getMessage()).replace('\n', ' '));
            }
            int vertex = 1;
            for (Map.Entry<String, Manifest.Service> s : new TreeMap<>(m.services()).entrySet()) {
                if (s.getValue().build().isEmpty()) {
                    continue;
                }
                Manifest.Build spec = s.getValue().build().get();
                String dir = spec.path().equals(".") ? "" : spec.path().replaceAll("^\\./", "").replaceAll("/$", "")
                        + "/";
                String dockerfile = dir + (spec.manifest().isEmpty() ? "Dockerfile" : spec.manifest());
                log.add("Building: " + spec.path());
                String df = files.get(dockerfile);
                if (df == null) {
                    throw new BuildFailure("failed to read dockerfile: open " + dockerfile
                            + ": no such file or directory");
                }
                vertex = steps(log, spec.path(), df, vertex, true, false);
                if (vertex < 0) {
                    throw new BuildFailure("exit status 1");
                }
                String tag = rack + "/" + app + ":" + s.getKey() + "." + id;
                log.add("Running: docker tag convox/" + app + ":" + s.getKey() + "." + id + " " + tag);
                log.add("Running: docker push " + tag);
                pause(0.3);
            }
            edit(ns, id, spec -> {
                spec.put("manifest", text);
                spec.put("logs", "object://" + app + "/build/" + id + "/logs");
                spec.put("ended", ConvoxTime.format(clock.instant()));
            });
            String release = writes.apply(app).releaseCreate(Optional.of(id), Optional.empty(), Optional.empty(),
                    Optional.empty());
            edit(ns, id, spec -> {
                spec.put("release", release);
                spec.put("status", "complete");
            });
        } catch (BuildFailure | IOException | RuntimeException e) {
            log.add("ERROR: " + e.getMessage());
            try {
                edit(ns, id, spec -> {
                    spec.put("status", "failed");
                    spec.put("ended", ConvoxTime.format(clock.instant()));
                    spec.put("logs", "object://" + app + "/build/" + id + "/logs");
                });
            } catch (RuntimeException ignored) {
                // the app went away meanwhile
            }
        } finally {
            log.end();
        }
    }

    /**
     * One step per instruction, as BuildKit prints them; returns the next vertex number, or -1 after a step
     * that failed ({@code RUN false}, {@code RUN exit 1}, or the last one when {@code failLast}). {@code live}:
     * each step takes its time; a stored log is told at once.
     */
    private int steps(Log log, String context, String dockerfile, int vertex, boolean live, boolean failLast) {
        List<String> instructions = instructions(dockerfile);
        int n = instructions.size();
        log.add("#" + vertex + " [internal] load build definition from Dockerfile");
        log.add("#" + vertex + " transferring dockerfile: " + dockerfile.length() + "B done");
        log.add("#" + vertex++ + " DONE 0.0s");
        log.add("#" + vertex + " [internal] load build context");
        log.add("#" + vertex + " transferring context: " + context);
        log.add("#" + vertex++ + " DONE 0.1s");
        for (int i = 0; i < n; i++) {
            String ins = instructions.get(i);
            String verb = ins.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
            String label = "#" + vertex + " [" + (i + 1) + "/" + n + "] " + ins;
            log.add(label);
            double took = switch (verb) {
                case "RUN" -> 0.6 + random.nextInt(900) / 1000.0;
                case "FROM", "COPY", "ADD" -> 0.2 + random.nextInt(300) / 1000.0;
                default -> 0.05;
            };
            if (live) {
                pause(took);
            }
            boolean fails = verb.equals("RUN") && ins.matches("(?i)RUN\\s+(false|exit\\s+[1-9]\\d*)\\s*");
            if (fails || (failLast && i == n - 1)) {
                log.add("#" + vertex + " ERROR: process \"/bin/sh -c " + ins.substring(3).strip()
                        + "\" did not complete successfully: exit code: 1");
                log.add("------");
                log.add(" > [" + (i + 1) + "/" + n + "] " + ins + ":");
                log.add("------");
                return -1;
            }
            log.add(String.format(Locale.ROOT, "#%d DONE %.1fs", vertex, took));
            vertex++;
        }
        log.add("#" + vertex + " exporting to image");
        log.add("#" + vertex + " writing image sha256:" + hex(32) + " done");
        log.add("#" + vertex++ + " DONE 0.2s");
        return vertex;
    }

    /** Dockerfile instructions: comments and blank lines left out, continuation lines joined. */
    static List<String> instructions(String dockerfile) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String raw : dockerfile.split("\r?\n")) {
            String line = raw.strip();
            if (cur.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                cur.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            cur.append(line);
            out.add(cur.toString().strip().replaceAll("\\s+", " "));
            cur.setLength(0);
        }
        if (cur.length() > 0) {
            out.add(cur.toString().strip());
        }
        return out;
    }

    /** The env of the app's newest release, for the manifest's interpolation (KEY=VALUE lines). */
    private Map<String, String> newestEnv(String ns) {
        Map<String, String> env = new TreeMap<>();
        client.genericKubernetesResources(ConvoxCrds.RELEASES).inNamespace(ns).list().getItems().stream()
                .max(java.util.Comparator.comparing(r -> ConvoxCrds.spec(r, "created")))
                .ifPresent(r -> ConvoxCrds.spec(r, "env").lines().forEach(l -> {
                    int eq = l.indexOf('=');
                    if (eq > 0) {
                        env.put(l.substring(0, eq), l.substring(eq + 1));
                    }
                }));
        return env;
    }

    /** The text files of the source a build reads (manifests, Dockerfiles), by name; other contents skipped. */
    private static Map<String, String> unpack(byte[] source) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(source));
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String name = e.getName().replaceFirst("^\\./", "");
                if (e.isFile() && e.getSize() <= 1024 * 1024 && (name.endsWith(".yml") || name.endsWith(".yaml")
                        || name.contains("Dockerfile") || name.endsWith(".dockerfile"))) {
                    files.put(name, new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }

    private void edit(String ns, String id, java.util.function.Consumer<Map<String, Object>> change) {
        client.genericKubernetesResources(ConvoxCrds.BUILDS).inNamespace(ns).withName(id.toLowerCase(Locale.ROOT))
                .edit(b -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) b.getAdditionalProperties()
                            .get("spec"));
                    change.accept(spec);
                    b.setAdditionalProperty("spec", spec);
                    return b;
                });
    }

    private void pause(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000 * pace));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String id(char prefix) {
        StringBuilder s = new StringBuilder().append(prefix);
        for (int i = 0; i < 10; i++) {
            s.append((char) ('A' + random.nextInt(26)));
        }
        return s.toString();
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    /** A build step's failure, told as the build pod tells it: {@code ERROR: ...}. */
    private static final class BuildFailure extends Exception {
        BuildFailure(String message) {
            super(message);
        }
    }
}
