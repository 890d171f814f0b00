package dev.rackside.services.deploy.render;

import dev.rackside.services.manifest.Manifest;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a release renders from: the rack's internal name and domain, the app, the release (id,
 * build, env, parsed manifest), the build's description and git sha, the repository its images are in,
 * and the replicas the services run now (a promote keeps a running count, convox-model.md section 4).
 */
public record RenderInput(String rack, Optional<String> domain, String app, String release, String build,
        Map<String, String> env, Manifest manifest, String buildDescription, Optional<String> gitSha,
        String registry, Map<String, Integer> currentReplicas) {

    public RenderInput {
        env = Map.copyOf(env);
        currentReplicas = Map.copyOf(currentReplicas);
    }
}
