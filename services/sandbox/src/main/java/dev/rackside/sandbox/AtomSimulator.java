package dev.rackside.sandbox;

import dev.rackside.services.deploy.AtomDriver;
import dev.rackside.services.kube.ConvoxCrds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's atom controller, standing in for Deployment {@code atom} in a real rack's system namespace:
 * it watches every Atom and steps the same {@link AtomDriver} rackside drives on racks without a
 * controller, without rackside's crash-loop shortcut (the real controller waits for the deadline).
 */
final class AtomSimulator implements AutoCloseable {

    private final KubernetesClient client;
    private final ScheduledExecutorService clock;
    private final SimulatedEvents events;
    private final Duration poll;
    private final Map<String, Boolean> stepping = new ConcurrentHashMap<>();
    private SharedIndexInformer<GenericKubernetesResource> atoms;

    private final PodSimulator pods;

    AtomSimulator(KubernetesClient client, ScheduledExecutorService clock, SimulatedEvents events, Duration poll,
            PodSimulator pods) {
        this.pods = pods;
        this.client = client;
        this.clock = clock;
        this.events = events;
        this.poll = poll;
    }

    void start() {
        atoms = client.genericKubernetesResources(ConvoxCrds.ATOMS).inAnyNamespace()
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource a) {
                        wake(a);
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource a) {
                        wake(a);
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource a, boolean unknown) {
                    }
                }, 0);
    }

    private void wake(GenericKubernetesResource atom) {
        String key = atom.getMetadata().getNamespace();
        if (AtomDriver.ACTIVE.contains(AtomDriver.status(atom)) && stepping.putIfAbsent(key, Boolean.TRUE) == null) {
            clock.execute(() -> step(key));
        }
    }

    /** One step of the state machine for the Atom in {@code ns}; reschedules itself until terminal. */
    private void step(String ns) {
        AtomDriver driver = new AtomDriver(client, ns, events::record, obj -> {
            if (obj instanceof Deployment) {
                // A replaced object comes back without status; the controller writes it again, as a real one would.
                pods.touch(ns, obj.getMetadata().getName());
            }
        }, false, Clock.systemUTC());
        String after;
        try {
            after = driver.step();
        } catch (RuntimeException e) {
            events.record(ns, "Atom", "app", "Error", "atom step failed: " + e.getMessage());
            GenericKubernetesResource now = driver.atom();
            after = now == null ? "" : AtomDriver.status(now);
        }
        if (AtomDriver.ACTIVE.contains(after)) {
            clock.schedule(() -> step(ns), poll.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            stepping.remove(ns);
        }
    }

    @Override
    public void close() {
        if (atoms != null) {
            atoms.stop();
        }
    }
}
