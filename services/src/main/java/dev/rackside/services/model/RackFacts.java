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
        Optional<String> domainInternal,
        Optional<String> resolver) {

    /** Facts with no resolver set (the rack's pods use the cluster's DNS as it is). */
    public RackFacts(String displayName, String version, String provider, Optional<String> region,
            Optional<String> domain, Optional<String> domainInternal) {
        this(displayName, version, provider, region, domain, domainInternal, Optional.empty());
    }
}
