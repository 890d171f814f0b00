package dev.rackside.services.text;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonPointer;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A parsed YAML document that remembers where every key and value was, so configuration errors can name
 * the file, line and field. Jackson's tree drops locations; a second token pass records them by JSON
 * pointer.
 */
public final class LocatedYaml {
    private static final YAMLMapper MAPPER = YAMLMapper.builder().build();

    private final String source;
    private final JsonNode root;
    private final Map<String, Position> positions;

    private LocatedYaml(String source, JsonNode root, Map<String, Position> positions) {
        this.source = source;
        this.root = root;
        this.positions = positions;
    }

    /** A 1-based line and column. */
    public record Position(int line, int column) {
    }

    /**
     * Parses {@code text}; {@code source} names it in messages (a file path, or "release RABC convox.yml").
     *
     * @throws YamlProblem with the line and column of a syntax error
     */
    public static LocatedYaml parse(String source, String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw YamlProblem.syntax(source, e);
        }
        if (root == null || root.isMissingNode()) {
            root = MAPPER.getNodeFactory().nullNode();
        }
        Map<String, Position> positions = new HashMap<>();
        try (JsonParser p = MAPPER.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    continue;
                }
                TokenStreamLocation at = p.currentTokenLocation();
                String pointer = pointerOf(p, t);
                positions.putIfAbsent(pointer, new Position(at.getLineNr(), at.getColumnNr()));
            }
        } catch (JacksonException e) {
            throw YamlProblem.syntax(source, e);
        }
        return new LocatedYaml(source, root, positions);
    }

    public static LocatedYaml parse(Path file, String text) {
        return parse(file.toString(), text);
    }

    private static String pointerOf(JsonParser p, JsonToken t) {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            // The new container's context has no name yet; its parent holds the key or index.
            var parent = p.streamReadContext().getParent();
            return parent == null ? "" : parent.pathAsPointer().toString();
        }
        return p.streamReadContext().pathAsPointer().toString();
    }

    public String source() {
        return source;
    }

    public JsonNode root() {
        return root;
    }

    /** Where the node at {@code pointer} (e.g. {@code /racks/0/context}) starts, if it exists. */
    public Optional<Position> position(String pointer) {
        Position at = positions.get(pointer);
        if (at == null && !pointer.isEmpty()) {
            // Fall back to the closest enclosing node that we do know.
            JsonPointer parent = JsonPointer.compile(pointer).head();
            return parent == null ? Optional.empty() : position(parent.toString());
        }
        return Optional.ofNullable(at);
    }

    /** "file:line:column" for {@code pointer}, or just the source when the position is unknown. */
    public String where(String pointer) {
        return position(pointer).map(p -> source + ":" + p.line() + ":" + p.column()).orElse(source);
    }

    public int line(String pointer) {
        return position(pointer).map(Position::line).orElse(0);
    }
}
