package dev.rackside.services.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The merged view of one or more kubeconfig files, merged the way kubectl merges {@code KUBECONFIG}:
 * the first file that defines a context, cluster or user wins, and relative paths stay relative to the
 * file that wrote them.
 */
public final class Kubeconfig {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final List<String> PATH_FIELDS =
            List.of("certificate-authority", "client-certificate", "client-key", "tokenFile");

    private final Map<String, JsonNode> contexts = new LinkedHashMap<>();
    private final Map<String, JsonNode> clusters = new LinkedHashMap<>();
    private final Map<String, JsonNode> users = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private String currentContext;

    private Kubeconfig() {
    }

    /** Reads the files; missing files are skipped silently (kubectl does the same), broken ones reported. */
    public static Kubeconfig load(List<Path> files) {
        Kubeconfig k = new Kubeconfig();
        for (Path f : files) {
            k.add(f);
        }
        return k;
    }

    private void add(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException | JacksonException e) {
            problems.add(file + ": kubeconfig cannot be read: " + e.getMessage().lines().findFirst().orElse(""));
            return;
        }
        if (root == null || !root.isObject()) {
            return;
        }
        if (currentContext == null && root.hasNonNull("current-context")) {
            currentContext = root.get("current-context").asString();
        }
        Path dir = file.toAbsolutePath().getParent();
        collect(root.get("contexts"), contexts, dir);
        collect(root.get("clusters"), clusters, dir);
        collect(root.get("users"), users, dir);
    }

    private static void collect(JsonNode list, Map<String, JsonNode> into, Path dir) {
        if (list == null || !list.isArray()) {
            return;
        }
        for (JsonNode entry : list) {
            String name = entry.path("name").asString("");
            if (!name.isEmpty() && !into.containsKey(name)) {
                into.put(name, absolutise(entry.deepCopy(), dir));
            }
        }
    }

    private static JsonNode absolutise(JsonNode entry, Path dir) {
        for (String section : List.of("cluster", "user")) {
            JsonNode body = entry.get(section);
            if (body instanceof ObjectNode o) {
                for (String field : PATH_FIELDS) {
                    JsonNode v = o.get(field);
                    if (v != null && v.isString() && !Path.of(v.asString()).isAbsolute() && dir != null) {
                        o.put(field, dir.resolve(v.asString()).normalize().toString());
                    }
                }
            }
        }
        return entry;
    }

    public List<String> contextNames() {
        return List.copyOf(contexts.keySet());
    }

    public boolean hasContext(String name) {
        return contexts.containsKey(name);
    }

    public Optional<String> currentContext() {
        return Optional.ofNullable(currentContext);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The user a context authenticates as: the operator's identity in the journal. */
    public Optional<String> user(String context) {
        JsonNode ctx = contexts.get(context);
        return ctx == null ? Optional.empty() : Optional.of(ctx.path("context").path("user").asString(""))
                .filter(u -> !u.isBlank());
    }

    /** The API server URL of a context, for messages. */
    public Optional<String> server(String context) {
        JsonNode ctx = contexts.get(context);
        if (ctx == null) {
            return Optional.empty();
        }
        JsonNode cluster = clusters.get(ctx.path("context").path("cluster").asString(""));
        return cluster == null ? Optional.empty() : Optional.of(cluster.path("cluster").path("server").asString(""));
    }

    /**
     * A single self-contained kubeconfig holding just {@code context}, its cluster and its user, for
     * fabric8's {@code Config.fromKubeconfig(context, contents, null)}.
     */
    public String standalone(String context) {
        JsonNode ctx = contexts.get(context);
        if (ctx == null) {
            throw new IllegalArgumentException("kube context '" + context + "' is not in the kubeconfig");
        }
        ObjectNode out = YAML.createObjectNode();
        out.put("apiVersion", "v1");
        out.put("kind", "Config");
        out.put("current-context", context);
        out.putArray("contexts").add(ctx);
        JsonNode cluster = clusters.get(ctx.path("context").path("cluster").asString(""));
        if (cluster != null) {
            out.putArray("clusters").add(cluster);
        }
        JsonNode user = users.get(ctx.path("context").path("user").asString(""));
        out.putArray("users").add(user != null ? user : YAML.createObjectNode().put("name", "none").set("user",
                YAML.createObjectNode()));
        return YAML.writeValueAsString(out);
    }
}
