package dev.rackside.services.model;

import java.util.Optional;

/**
 * What a rack says about itself in the env of Deployment {@code api} in {@code <rack>-system}
 * (convox-model.md section 8).
 */
public record RackFacts(
        String displayName,
        String version,
        String provider,
        Optional<String> region,
        Optional<String> domain,
        Optional<String> domainInternal) {
}
