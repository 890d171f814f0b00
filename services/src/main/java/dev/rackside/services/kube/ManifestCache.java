package dev.rackside.services.kube;

import dev.rackside.services.manifest.Interpolation;
import dev.rackside.services.manifest.ManifestProblem;
import dev.rackside.services.manifest.ManifestSummary;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed manifests by release object version: a release's manifest never changes, so each is parsed once.
 */
final class ManifestCache {

    /** A parsed manifest, or why it could not be parsed. */
    record Parsed(Optional<ManifestSummary> manifest, Optional<String> problem) {
    }

    private final Map<String, Parsed> byVersion = new ConcurrentHashMap<>();

    Parsed parse(GenericKubernetesResource release) {
        String key = release.getMetadata().getNamespace() + "/" + release.getMetadata().getName() + "@"
                + release.getMetadata().getResourceVersion();
        return byVersion.computeIfAbsent(key, k -> {
            String id = ReleaseMapper.id(release);
            try {
                Map<String, String> env = Interpolation.parseEnv(ConvoxCrds.spec(release, "env"));
                return new Parsed(Optional.of(ManifestSummary.parse("release " + id + " convox.yml",
                        ConvoxCrds.spec(release, "manifest"), env)), Optional.empty());
            } catch (ManifestProblem e) {
                return new Parsed(Optional.empty(), Optional.of(e.getMessage()));
            }
        });
    }
}
