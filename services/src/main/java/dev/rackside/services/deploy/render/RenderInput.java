package dev.rackside.services.deploy.render;

import dev.rackside.services.manifest.Manifest;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a release renders from: the rack's internal name, its domains and its resolver (the api
 * Deployment's {@code DOMAIN}, {@code DOMAIN_INTERNAL} and {@code RESOLVER}, as provider/k8s reads them), the
 * app, the release (id, build, env, parsed manifest), the build's description and git sha, the repository its
 * images are in, and the replicas the services run now (a promote keeps a running count).
 */
public record RenderInput(String rack, Optional<String> domain, Optional<String> domainInternal,
        Optional<String> resolver, String app, String release, String build, Map<String, String> env,
        Manifest manifest, String buildDescription, Optional<String> gitSha, String registry,
        Map<String, Integer> currentReplicas) {

    public RenderInput {
        env = Map.copyOf(env);
        currentReplicas = Map.copyOf(currentReplicas);
    }

    /** A rack with no internal router and no resolver set. */
    public RenderInput(String rack, Optional<String> domain, String app, String release, String build,
            Map<String, String> env, Manifest manifest, String buildDescription, Optional<String> gitSha,
            String registry, Map<String, Integer> currentReplicas) {
        this(rack, domain, Optional.empty(), Optional.empty(), app, release, build, env, manifest, buildDescription,
                gitSha, registry, currentReplicas);
    }

    /** provider/k8s AppNamespace. */
    String namespace() {
        return rack + "-" + app;
    }
}
