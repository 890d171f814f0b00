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
 * pointer. A key given twice in one mapping is an error at its second place (YAML 1.2 forbids it; silently
 * taking the last would turn {@code readOnly: true} ... {@code readOnly: false} into false), and a document
 * over {@link #MAX_CHARS} is refused before it is parsed, so neither a typo nor a hostile file decides what a
 * configuration means. Alias expansion is bounded by the YAML parser's own limit (50 aliases per collection).
 */
public final class LocatedYaml {
    /** The largest document read: 1 MiB of text, far beyond any racks.yaml, keymap, theme or convox.yml. */
    public static final int MAX_CHARS = 1 << 20;
    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

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
        if (text.length() > MAX_CHARS) {
            throw new YamlProblem(source + ": " + text.length() + " characters; rackside reads YAML documents of "
                    + "at most " + MAX_CHARS + " (1 MiB); nothing in it was used", 0, 0);
        }
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
