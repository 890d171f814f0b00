package dev.rackside.services.racks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The environment variables and home directory rackside reads its configuration from. Passed in rather
 * than read from {@link System#getenv()} so tests can describe a machine without touching the real one.
 */
public record Environment(Map<String, String> variables, Path home) {

    public Environment {
        variables = Map.copyOf(variables);
    }

    public static Environment system() {
        return new Environment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(variables.get(name)).filter(v -> !v.isBlank());
    }

    /** {@code $XDG_CONFIG_HOME}, default {@code ~/.config}. */
    public Path configHome() {
        return get("XDG_CONFIG_HOME").map(Path::of).orElse(home.resolve(".config"));
    }

    /** {@code $XDG_STATE_HOME}, default {@code ~/.local/state}. */
    public Path stateHome() {
        return get("XDG_STATE_HOME").map(Path::of).orElse(home.resolve(".local").resolve("state"));
    }

    public Path racksFile() {
        return configHome().resolve("rackside").resolve("racks.yaml");
    }

    /** The Convox CLI's config directory: {@code $CONVOX_CONFIG}, else XDG config + convox. */
    public Path convoxConfig() {
        return get("CONVOX_CONFIG").map(Path::of).orElse(configHome().resolve("convox"));
    }

    /** The kubeconfig files kubectl would read: {@code $KUBECONFIG} (several, ':'-separated) or ~/.kube/config. */
    public List<Path> kubeconfigFiles() {
        return get("KUBECONFIG")
                .map(v -> Arrays.stream(v.split(java.io.File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of)
                        .toList())
                .orElse(List.of(home.resolve(".kube").resolve("config")));
    }
}
