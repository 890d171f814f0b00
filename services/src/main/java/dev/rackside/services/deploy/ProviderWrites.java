package dev.rackside.services.deploy;

import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Progress;
import dev.rackside.services.model.Rack;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Convox's provider writes (convox 3.24.9 provider/k8s: ServiceUpdate, ServiceRestart, AppUpdate's lock,
 * Atom.Cancel, ProcessStop, ReleaseCreate, ReleasePromote's staging) done against Kubernetes, as one public
 * face: what rackside's direct path runs, and what the sandbox's simulated rack API runs behind its routes, so
 * the sandbox's API changes its rack exactly as rackside's fallback would change a real one. A refusal is an
 * {@link IllegalStateException} with the message Convox's API would answer.
 */
public final class ProviderWrites {
    private final KubernetesClient client;
    private final Rack rack;
    private final String app;
    private final Clock clock;

    public ProviderWrites(KubernetesClient client, Rack rack, String app, Clock clock) {
        this.client = client;
        this.rack = rack;
        this.app = app;
        this.clock = clock;
    }

    public String scale(String service, Operations.Scale s) {
        return refusals(() -> new DirectWrites(client, rack, app, clock).scale(service, s));
    }

    public List<String> restart(Optional<String> service) {
        return refusals(() -> new DirectWrites(client, rack, app, clock).restart(service, Progress.NONE));
    }

    public String lock(boolean locked) {
        return refusals(() -> new DirectWrites(client, rack, app, clock).lock(locked, Progress.NONE));
    }

    /** Atom.Cancel: Updating → Cancelled, Rollback → Failure, else "not currently updating". */
    public String cancel(String actor) {
        return refusals(() -> new DirectWrites(client, rack, app, clock).cancelAtom(actor, Progress.NONE));
    }

    public String stop(String pid) {
        return refusals(() -> new DirectWrites(client, rack, app, clock).stop(pid));
    }

    /** ReleaseCreate; the new release's id. */
    public String releaseCreate(Optional<String> build, Optional<String> env, Optional<String> description,
            Optional<String> parent) {
        return refusals(() -> new DirectReleases(client, rack, app, clock).create(build, env, description, parent));
    }

    /** ReleasePromote's staging: rendered, stored, the Atom Pending. The rack's controller does the rest. */
    public String promote(String release, Duration timeout) {
        return refusals(() -> new Promotion(client, rack, app, "rack api", Progress.NONE, clock).stage(release,
                timeout));
    }

    private static <T> T refusals(java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (Refusal r) {
            throw new IllegalStateException(r.getMessage(), r);
        }
    }
}
