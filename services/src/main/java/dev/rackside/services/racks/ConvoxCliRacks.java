package dev.rackside.services.racks;


import dev.rackside.services.api.Racks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Racks the Convox CLI installed with terraform: {@code <convox config>/racks/<name>/vars.json}. They carry
 * no kube context, so rackside lists them as not reachable until racks.yaml gives one.
 */
public final class ConvoxCliRacks {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A rack the Convox CLI knows. */
    public record CliRack(String name, Optional<String> region, Optional<String> version, Optional<String> provider) {
    }

    /** Racks found, plus one message per vars.json that could not be read. */
    public record Result(List<CliRack> racks, List<String> problems) {
    }

    private ConvoxCliRacks() {
    }

    public static Result read(Path convoxConfig) {
        Path dir = convoxConfig.resolve("racks");
        List<CliRack> racks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new Result(racks, problems);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path rackDir : entries.sorted().toList()) {
                Path vars = rackDir.resolve("vars.json");
                if (!Files.isRegularFile(vars)) {
                    continue;
                }
                try {
                    JsonNode v = JSON.readTree(Files.readString(vars));
                    String name = text(v, "name").orElse(rackDir.getFileName().toString());
                    racks.add(new CliRack(name, text(v, "region"), text(v, "release"),
                            text(v, "provider")));
                } catch (IOException | JacksonException e) {
                    problems.add(vars + ": cannot be read: " + e.getMessage().lines().findFirst().orElse(""));
                }
            }
        } catch (IOException e) {
            problems.add(dir + ": cannot be listed: " + e.getMessage());
        }
        return new Result(racks, problems);
    }

    private static Optional<String> text(JsonNode v, String field) {
        JsonNode n = v == null ? null : v.get(field);
        return n == null || !n.isString() || n.asString().isBlank() ? Optional.empty() : Optional.of(n.asString());
    }
}
