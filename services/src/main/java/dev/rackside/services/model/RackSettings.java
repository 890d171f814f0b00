package dev.rackside.services.model;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What racks.yaml says about reaching and changing a rack beyond its identity.
 *
 * @param api           the rack API's URL ({@code https://api.<domain>}, a password may be in its userinfo); empty:
 *                      through the Kubernetes API
 * @param apiCA         a PEM file the rack API's certificate must chain to, instead of the system trust store
 * @param deployTimeout the deadline a promote asks for when none is given (else Convox's 3000 s)
 * @param journalLogGroup racks.yaml {@code journal: {cloudwatch: GROUP}}: the CloudWatch Logs group in the rack's
 *                      account that every journal record about the rack is also sent to (off by default)
 */
public record RackSettings(Optional<URI> api, Optional<Path> apiCA, Optional<Duration> deployTimeout,
        Optional<String> journalLogGroup) {
    public static final RackSettings DEFAULTS = new RackSettings(Optional.empty(), Optional.empty(), Optional.empty());

    public RackSettings(Optional<URI> api, Optional<Path> apiCA, Optional<Duration> deployTimeout) {
        this(api, apiCA, deployTimeout, Optional.empty());
    }

    /** Convox's promote deadline (provider/k8s release.go, since Dec 2024). */
    public static final Duration CONVOX_DEPLOY_TIMEOUT = Duration.ofSeconds(3000);

    public Duration deployTimeoutOrConvox() {
        return deployTimeout.orElse(CONVOX_DEPLOY_TIMEOUT);
    }
}
