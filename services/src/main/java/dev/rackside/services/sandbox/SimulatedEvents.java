package dev.rackside.services.sandbox;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Random;

/** Kubernetes Events for each step the sandbox's controllers take, as the real controllers write them. */
final class SimulatedEvents {
    private final KubernetesClient client;
    private final Random random;

    SimulatedEvents(KubernetesClient client, Random random) {
        this.client = client;
        this.random = random;
    }

    void record(String ns, String kind, String name, String reason, String message) {
        String now = Instant.now().toString();
        try {
            client.v1().events().inNamespace(ns).resource(new EventBuilder().withNewMetadata()
                    .withName(name + "." + Long.toHexString(random.nextLong() & 0xffffffffffffL)).withNamespace(ns)
                    .endMetadata().withNewInvolvedObject().withKind(kind).withName(name).withNamespace(ns)
                    .withApiVersion("Pod".equals(kind) ? "v1" : "apps/v1").endInvolvedObject()
                    .withReason(reason).withMessage(message).withType("BackOff".equals(reason) ? "Warning" : "Normal")
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent("BackOff".equals(reason) || "Started".equals(reason) ? "kubelet"
                            : "deployment-controller").endSource().build()).create();
        } catch (RuntimeException e) {
            // an event is a courtesy; the simulation goes on without it
        }
    }
}
