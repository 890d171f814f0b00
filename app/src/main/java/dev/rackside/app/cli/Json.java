package dev.rackside.app.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Stable JSON output: keys in a fixed order, times in RFC 3339 UTC, absent values as null. */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String text(tools.jackson.databind.JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static ObjectNode put(ObjectNode o, String key, Optional<?> value) {
        if (value.isEmpty()) {
            o.putNull(key);
        } else if (value.get() instanceof Integer i) {
            o.put(key, i);
        } else if (value.get() instanceof Instant t) {
            o.put(key, t.toString());
        } else {
            o.put(key, String.valueOf(value.get()));
        }
        return o;
    }

    public static ObjectNode strings(ObjectNode o, String key, List<String> values) {
        ArrayNode a = o.putArray(key);
        values.forEach(a::add);
        return o;
    }

    public static void print(PrintWriter out, ObjectNode one) {
        out.println(MAPPER.writeValueAsString(one));
        out.flush();
    }

    public static void print(PrintWriter out, ArrayNode rows) {
        out.println(MAPPER.writeValueAsString(rows));
        out.flush();
    }
}
