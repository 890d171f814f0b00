package dev.rackside.services.deploy;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The per-app Lease ({@code coordination.k8s.io/v1}, {@code rackside-deploy} in the app's namespace) that
 * keeps two operators from promoting one app at once. It names its holder, is renewed while the deploy
 * runs, and expires when its holder dies ({@link #DURATION} after the last renewal), so a crashed rackside
 * never locks an app for good. Taking it is a create, or an update carrying the resourceVersion read: of
 * two operators racing, exactly one wins.
 */
public final class DeployLease {
    public static final String NAME = "rackside-deploy";
    public static final Duration DURATION = Duration.ofSeconds(30);
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final KubernetesClient client;
    private final String ns;
    private final String holder;
    private final Clock clock;

    public DeployLease(KubernetesClient client, String ns, String holder, Clock clock) {
        this.client = client;
        this.ns = ns;
        this.holder = holder;
        this.clock = clock;
    }

    /** Takes the lease, or refuses naming who holds it and since when. */
    public void acquire() {
        Lease live = client.leases().inNamespace(ns).withName(NAME).get();
        String now = MICRO.format(clock.instant());
        try {
            if (live == null) {
                client.leases().inNamespace(ns).resource(new LeaseBuilder().withNewMetadata().withName(NAME)
                        .withNamespace(ns).endMetadata().withNewSpec().withHolderIdentity(holder)
                        .withLeaseDurationSeconds((int) DURATION.toSeconds()).withAcquireTime(ZonedDateTime.parse(now))
                        .withRenewTime(ZonedDateTime.parse(now)).withLeaseTransitions(0).endSpec().build()).create();
                return;
            }
            String other = live.getSpec() == null ? null : live.getSpec().getHolderIdentity();
            if (other != null && !other.isEmpty() && !other.equals(holder) && !expired(live)) {
                throw new Refusal(dev.rackside.services.api.Outcome.Kind.CONFLICT, other + " is deploying this app (Lease " + NAME + " in " + ns
                        + ", renewed " + ago(live) + " ago); nothing was changed. Try again when it is done, or cancel "
                        + "it");
            }
            live.getSpec().setHolderIdentity(holder);
            live.getSpec().setLeaseDurationSeconds((int) DURATION.toSeconds());
            live.getSpec().setAcquireTime(ZonedDateTime.parse(now));
            live.getSpec().setRenewTime(ZonedDateTime.parse(now));
            int transitions = live.getSpec().getLeaseTransitions() == null ? 0 : live.getSpec().getLeaseTransitions();
            live.getSpec().setLeaseTransitions(transitions + 1);
            client.leases().inNamespace(ns).resource(live).update();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                Lease winner = client.leases().inNamespace(ns).withName(NAME).get();
                String who = winner == null || winner.getSpec() == null ? "another operator"
                        : winner.getSpec().getHolderIdentity();
                throw new Refusal(dev.rackside.services.api.Outcome.Kind.CONFLICT, who + " took Lease " + NAME + " in " + ns + " a moment before you; "
                        + "nothing was changed");
            }
            throw e;
        }
    }

    /** Extends the lease; false when someone else holds it now (ours expired and was taken). */
    public boolean renew() {
        Lease live = client.leases().inNamespace(ns).withName(NAME).get();
        if (live == null || live.getSpec() == null || !holder.equals(live.getSpec().getHolderIdentity())) {
            return false;
        }
        live.getSpec().setRenewTime(ZonedDateTime.parse(MICRO.format(clock.instant())));
        try {
            client.leases().inNamespace(ns).resource(live).update();
            return true;
        } catch (KubernetesClientException e) {
            return false;
        }
    }

    /** Gives the lease up if it is still ours. */
    public void release() {
        try {
            Lease live = client.leases().inNamespace(ns).withName(NAME).get();
            if (live != null && live.getSpec() != null && holder.equals(live.getSpec().getHolderIdentity())) {
                client.leases().inNamespace(ns).resource(live).delete();
            }
        } catch (KubernetesClientException e) {
            // it expires by itself
        }
    }

    /** Someone else holds it and has renewed it recently: they are driving the deploy. */
    public boolean heldByOther() {
        Lease live = client.leases().inNamespace(ns).withName(NAME).get();
        return live != null && live.getSpec() != null && live.getSpec().getHolderIdentity() != null
                && !holder.equals(live.getSpec().getHolderIdentity()) && !expired(live);
    }

    private boolean expired(Lease l) {
        Instant renewed = renewed(l);
        int seconds = l.getSpec().getLeaseDurationSeconds() == null ? (int) DURATION.toSeconds()
                : l.getSpec().getLeaseDurationSeconds();
        return clock.instant().isAfter(renewed.plusSeconds(seconds));
    }

    private Instant renewed(Lease l) {
        ZonedDateTime t = l.getSpec().getRenewTime() != null ? l.getSpec().getRenewTime() : l.getSpec().getAcquireTime();
        return t == null ? Instant.EPOCH : t.toInstant();
    }

    private String ago(Lease l) {
        long s = Duration.between(renewed(l), clock.instant()).toSeconds();
        return s + "s";
    }
}
