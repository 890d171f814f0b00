package dev.rackside.sandbox;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Random;

/** Kubernetes Events for each step the sandbox's controllers take, as the real controllers write them. */
final class SimulatedEvents {
    private final KubernetesClient client;
    private final Random random;

    SimulatedEvents(KubernetesClient client, long seed) {
        this.client = client;
        this.random = new Random(seed);
    }

    synchronized void record(String ns, String kind, String name, String reason, String message) {
        String now = Instant.now().toString();
        try {
            client.v1().events().inNamespace(ns).resource(new EventBuilder().withNewMetadata()
                    .withName(name + "." + Long.toHexString(random.nextLong() & 0xffffffffffffL)).withNamespace(ns)
                    .endMetadata().withNewInvolvedObject().withKind(kind).withName(name).withNamespace(ns)
                    .withApiVersion(switch (kind) {
                        case "Pod" -> "v1";
                        case "Atom" -> "atom.convox.com/v1";
                        default -> "apps/v1";
                    }).endInvolvedObject()
                    .withReason(reason).withMessage(message).withType("BackOff".equals(reason) ? "Warning" : "Normal")
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent(switch (reason) {
                        case "BackOff", "Started", "Scheduled" -> "kubelet";
                        case "Status", "Error" -> "atom";
                        default -> "deployment-controller";
                    }).endSource().build()).create();
        } catch (RuntimeException e) {
            // an event is a courtesy; the simulation goes on without it
        }
    }
}
