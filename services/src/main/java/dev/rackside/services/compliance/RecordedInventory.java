package dev.rackside.services.compliance;

import dev.rackside.services.model.compliance.Inventory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sandbox rack's AWS side: an inventory recorded once by running rackside's own AWS collectors against
 * a fake account (moto, seeded like a Convox rack in us-gov-west-1, with stubs for what moto lacks), kept as
 * a resource and judged by the same rules as a live account. Every response keeps its time; digests are
 * computed again on load. Regenerate with {@code -Drackside.recorded=update} (see README, Tests).
 */
public final class RecordedInventory {
    static final String RESOURCE = "recorded-aws-inventory.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RecordedInventory() {
    }

    /** Adds the recorded AWS responses, failures and absences to {@code into}. */
    public static void load(Inventory into) {
        try (InputStream in = RecordedInventory.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the sandbox's recorded inventory " + RESOURCE + " is missing from "
                        + "the build");
            }
            JsonNode root = JSON.readTree(in);
            for (JsonNode e : root.path("entries")) {
                into.put(e.path("key").asString(), JSON.writeValueAsString(e.path("body")),
                        Instant.parse(e.path("at").asString()));
            }
            root.path("failures").properties().forEach(f -> into.failed(f.getKey(), f.getValue().asString()));
            root.path("absent").properties().forEach(f -> into.absent(f.getKey(), f.getValue().asString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the AWS part of an inventory (keys {@code aws:} and the scope) as a recording. */
    public static void write(Inventory inv, String description, Path to) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("description", description);
        var entries = root.putArray("entries");
        for (Map.Entry<String, Inventory.Entry> e : new TreeMap<>(inv.entries()).entrySet()) {
            if (recorded(e.getKey())) {
                entries.addObject().put("key", e.getKey()).put("at", e.getValue().at().toString())
                        .set("body", JSON.readTree(e.getValue().body()));
            }
        }
        ObjectNode failures = root.putObject("failures");
        new TreeMap<>(inv.failures()).forEach((k, v) -> {
            if (recorded(k)) {
                failures.put(k, v);
            }
        });
        ObjectNode absent = root.putObject("absent");
        new TreeMap<>(inv.absences()).forEach((k, v) -> {
            if (recorded(k)) {
                absent.put(k, v);
            }
        });
        Files.writeString(to, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }

    private static boolean recorded(String key) {
        return key.startsWith("aws:") || key.startsWith("rackside:");
    }
}
