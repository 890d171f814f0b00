package dev.rackside.services.kube;

import dev.rackside.services.model.Build;
import dev.rackside.services.model.Release;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Release and Build custom resources to the rows {@code convox releases} / {@code convox builds} print. */
public final class ReleaseMapper {
    /** Newest first, as the Convox CLI lists them; ties broken by ID so the order is stable. */
    public static final Comparator<Release> NEWEST_RELEASE_FIRST = Comparator
            .comparing((Release r) -> r.created().orElse(Instant.EPOCH)).reversed()
            .thenComparing(Release::id, Comparator.reverseOrder());
    public static final Comparator<Build> NEWEST_BUILD_FIRST = Comparator
            .comparing((Build b) -> b.started().orElse(Instant.EPOCH)).reversed()
            .thenComparing(Build::id, Comparator.reverseOrder());

    private ReleaseMapper() {
    }

    public static String id(GenericKubernetesResource r) {
        return r.getMetadata().getName().toUpperCase(Locale.ROOT);
    }

    public static Release release(GenericKubernetesResource r, Optional<String> activeRelease) {
        String id = id(r);
        String status = activeRelease.filter(id::equalsIgnoreCase).isPresent() ? "active" : "";
        return new Release(id, status, ConvoxCrds.spec(r, "build").toUpperCase(Locale.ROOT),
                ConvoxTime.parse(ConvoxCrds.spec(r, "created")), ConvoxCrds.spec(r, "description"));
    }

    public static Build build(GenericKubernetesResource b, Instant now) {
        Optional<Instant> started = ConvoxTime.parse(ConvoxCrds.spec(b, "started"));
        Optional<Instant> ended = ConvoxTime.parse(ConvoxCrds.spec(b, "ended"));
        String status = ConvoxCrds.spec(b, "status");
        Optional<Duration> elapsed = started.flatMap(s -> ended.map(e -> Duration.between(s, e))
                .or(() -> "running".equals(status) ? Optional.of(Duration.between(s, now)) : Optional.empty()))
                .filter(d -> !d.isNegative());
        return new Build(id(b), status, ConvoxCrds.spec(b, "release").toUpperCase(Locale.ROOT), started, ended,
                elapsed, ConvoxCrds.spec(b, "description"));
    }

    public static List<Release> sortedReleases(List<Release> releases) {
        return releases.stream().sorted(NEWEST_RELEASE_FIRST).toList();
    }

    public static List<Build> sortedBuilds(List<Build> builds) {
        return builds.stream().sorted(NEWEST_BUILD_FIRST).toList();
    }
}
