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
        return get("RACKSIDE_RACKS_FILE").map(Path::of).orElse(configHome().resolve("rackside").resolve("racks.yaml"));
    }

    /**
     * The same machine seen through one kubeconfig only: no racks.yaml, no Convox CLI racks. The sandbox
     * runs like this so it never contacts a configured cluster.
     */
    public Environment onlyKubeconfig(Path kubeconfig) {
        java.util.Map<String, String> vars = new java.util.HashMap<>(variables);
        vars.put("KUBECONFIG", kubeconfig.toString());
        vars.put("RACKSIDE_RACKS_FILE", kubeconfig.resolveSibling("no-racks.yaml").toString());
        vars.put("CONVOX_CONFIG", kubeconfig.resolveSibling("no-convox").toString());
        return new Environment(vars, home);
    }

    /** Nothing configured at all: no racks.yaml, no kubeconfig file, no Convox CLI racks. A newcomer's machine. */
    public boolean nothingConfigured() {
        return !java.nio.file.Files.exists(racksFile())
                && kubeconfigFiles().stream().noneMatch(java.nio.file.Files::exists)
                && !java.nio.file.Files.isDirectory(convoxConfig().resolve("racks"));
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
