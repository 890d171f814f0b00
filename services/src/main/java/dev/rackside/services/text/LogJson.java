package dev.rackside.services.text;

import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** A structured log line, pretty-printed on request. */
public final class LogJson {
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private LogJson() {
    }

    /** The line indented, when it is one JSON object or array; empty otherwise. */
    public static Optional<String> pretty(String text) {
        String t = text.strip();
        if (!(t.startsWith("{") && t.endsWith("}")) && !(t.startsWith("[") && t.endsWith("]"))) {
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(t);
            return Optional.of(MAPPER.writeValueAsString(node));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
