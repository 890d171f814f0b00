package dev.rackside.services.rackapi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * What the rack API answers, decoded from the JSON of Convox's own types (convox 3.24.9 pkg/structs: app.go,
 * release.go, build.go, process.go, service.go, system.go, object.go) by their json tags. Go encodes a zero
 * {@code time.Time} as {@code 0001-01-01T00:00:00Z}; that reads as absent.
 */
public final class Structs {
    private Structs() {
    }

    public record App(String name, String status, String release, boolean locked, String generation, String router,
            Map<String, String> parameters) {
        static App of(JsonNode n) {
            Map<String, String> params = new TreeMap<>();
            n.path("parameters").properties().forEach(e -> params.put(e.getKey(), e.getValue().asString("")));
            return new App(text(n, "name"), text(n, "status"), text(n, "release"), n.path("locked").asBoolean(false),
                    text(n, "generation"), text(n, "router"), params);
        }
    }

    public record Release(String id, String app, String build, String env, String manifest, String description,
            Optional<Instant> created) {
        static Release of(JsonNode n) {
            return new Release(text(n, "id"), text(n, "app"), text(n, "build"), text(n, "env"), text(n, "manifest"),
                    text(n, "description"), time(n, "created"));
        }
    }

    public record Build(String id, String app, String description, String status, String release, String manifest,
            String logs, String gitSha, String process, String reason, Optional<Instant> started,
            Optional<Instant> ended) {
        static Build of(JsonNode n) {
            return new Build(text(n, "id"), text(n, "app"), text(n, "description"), text(n, "status"),
                    text(n, "release"), text(n, "manifest"), text(n, "logs"), text(n, "git-sha"), text(n, "process"),
                    text(n, "reason"), time(n, "started"), time(n, "ended"));
        }
    }

    /** {@code name} is the service (structs.Process.Name); {@code id} the pod. */
    public record Process(String id, String app, String name, String command, String status, String release,
            String instance, String image, Optional<Instant> started) {
        static Process of(JsonNode n) {
            return new Process(text(n, "id"), text(n, "app"), text(n, "name"), text(n, "command"),
                    text(n, "status"), text(n, "release"), text(n, "instance"), text(n, "image"), time(n, "started"));
        }
    }

    public record Service(String name, int count, int cpu, int memory, int gpu, String domain, Optional<Integer> min,
            Optional<Integer> max, boolean agent) {
        static Service of(JsonNode n) {
            return new Service(text(n, "name"), n.path("count").asInt(0), n.path("cpu").asInt(0),
                    n.path("memory").asInt(0), n.path("gpu").asInt(0), text(n, "domain"), integer(n, "min"),
                    integer(n, "max"), n.path("agent").asBoolean(false));
        }
    }

    public record System(String name, String provider, String version, String status, String domain,
            String region, String type, int count) {
        static System of(JsonNode n) {
            return new System(text(n, "name"), text(n, "provider"), text(n, "version"), text(n, "status"),
                    text(n, "domain"), text(n, "region"), text(n, "type"), n.path("count").asInt(0));
        }
    }

    /** pkg/structs/resource.go Resource: {@code url} holds the password in clear (never shown as is). */
    public record Resource(String name, String type, String status, String url) {
        static Resource of(JsonNode n) {
            return new Resource(text(n, "name"), text(n, "type"), text(n, "status"), text(n, "url"));
        }
    }

    /** structs.Object has no json tags: Go writes its field name. */
    public record StoredObject(String url) {
        static StoredObject of(JsonNode n) {
            return new StoredObject(n.has("Url") ? text(n, "Url") : text(n, "url"));
        }
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNull() || v.isMissingNode() ? "" : v.asString("");
    }

    static Optional<Integer> integer(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNumber() ? Optional.of(v.asInt()) : Optional.empty();
    }

    static Optional<Instant> time(JsonNode n, String field) {
        String t = text(n, field);
        if (t.isEmpty() || t.startsWith("0001-01-01")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(t));
        } catch (RuntimeException e) {
            try {
                return Optional.of(java.time.OffsetDateTime.parse(t).toInstant());
            } catch (RuntimeException e2) {
                return Optional.empty();
            }
        }
    }

    static <T> List<T> list(JsonNode n, java.util.function.Function<JsonNode, T> of) {
        List<T> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(x -> out.add(of.apply(x)));
        }
        return out;
    }
}
