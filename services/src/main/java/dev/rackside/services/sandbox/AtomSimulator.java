package dev.rackside.services.sandbox;

import dev.rackside.services.kube.ConvoxCrds;
import dev.rackside.services.kube.ConvoxLabels;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's atom controller, doing what Deployment {@code atom} in a real rack's system namespace does
 * (convox-model.md section 4): Pending → apply the current AtomVersion → Updating → every object annotated
 * {@code atom.conditions} meets them → Running; past the deadline (or Cancelled) → apply the previous version
 * → Rollback → Reverted (Failure if that too misses the deadline). Each transition is an Event on the Atom
 * ({@code Status}, {@code Pending => Updating}) and is mirrored into the namespace's app-status and
 * app-release annotations, as the rack's api does.
 */
final class AtomSimulator implements AutoCloseable {
    private static final Set<String> WATCHED = Set.of("Pending", "Updating", "Cancelled", "Deadline", "Error", "Rollback");

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
        if (WATCHED.contains(status(atom)) && stepping.putIfAbsent(key, Boolean.TRUE) == null) {
            clock.execute(() -> step(key));
        }
    }

    /** One step of the state machine for the Atom in {@code ns}; reschedules itself until terminal. */
    private void step(String ns) {
        GenericKubernetesResource atom = atom(ns);
        String status = atom == null ? "" : status(atom);
        try {
            switch (status) {
                case "Pending" -> {
                    apply(ns, spec(atom, "currentVersion"));
                    transition(ns, atom, "Updating", Map.of("started", Instant.now().toString()));
                }
                case "Updating" -> {
                    if (conditionsMet(ns, spec(atom, "currentVersion"))) {
                        transition(ns, atom, "Running", Map.of());
                    } else if (pastDeadline(atom)) {
                        transition(ns, atom, "Deadline", Map.of());
                    }
                }
                case "Cancelled", "Deadline", "Error" -> {
                    String previous = spec(atom, "previousVersion");
                    if (previous.isBlank()) {
                        transition(ns, atom, "Failure", Map.of());
                    } else {
                        apply(ns, previous);
                        Map<String, Object> spec = new HashMap<>(specMap(atom));
                        spec.put("currentVersion", previous);
                        spec.put("previousVersion", "");
                        spec.put("releaseCache", previous + "|" + release(ns, previous));
                        atom.getAdditionalProperties().put("spec", spec);
                        transition(ns, atom, "Rollback", Map.of("started", Instant.now().toString()));
                    }
                }
                case "Rollback" -> {
                    if (conditionsMet(ns, spec(atom, "currentVersion"))) {
                        transition(ns, atom, "Reverted", Map.of());
                    } else if (pastDeadline(atom)) {
                        transition(ns, atom, "Failure", Map.of());
                    }
                }
                default -> {
                    stepping.remove(ns);
                    return;
                }
            }
        } catch (RuntimeException e) {
            events.record(ns, "Atom", "app", "Error", "atom step failed: " + e.getMessage());
        }
        GenericKubernetesResource now = atom(ns);
        if (now != null && WATCHED.contains(status(now))) {
            clock.schedule(() -> step(ns), poll.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            stepping.remove(ns);
        }
    }

    private void transition(String ns, GenericKubernetesResource atom, String to, Map<String, Object> top) {
        String from = status(atom);
        atom.getAdditionalProperties().put("status", to);
        atom.getAdditionalProperties().putAll(top);
        client.genericKubernetesResources(ConvoxCrds.ATOMS).inNamespace(ns).resource(atom).update();
        events.record(ns, "Atom", "app", "Status", from + " => " + to);
        String version = spec(atom, "currentVersion");
        String release = release(ns, version);
        client.namespaces().withName(ns).edit(n -> {
            Map<String, String> ann = n.getMetadata().getAnnotations() == null ? new HashMap<>()
                    : new HashMap<>(n.getMetadata().getAnnotations());
            ann.put(ConvoxLabels.ANN_STATUS, to);
            if (!release.isBlank()) {
                ann.put(ConvoxLabels.ANN_RELEASE, release);
            }
            ann.put("convox.com/app-atom-cur-version", version);
            n.getMetadata().setAnnotations(ann);
            return n;
        });
    }

    /** Creates or replaces every object of an AtomVersion's template in the namespace. */
    private void apply(String ns, String version) {
        for (HasMetadata obj : objects(ns, version)) {
            obj.getMetadata().setNamespace(ns);
            HasMetadata live = client.resource(obj).inNamespace(ns).get();
            if (live == null) {
                client.resource(obj).inNamespace(ns).create();
            } else {
                obj.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
                client.resource(obj).inNamespace(ns).update();
            }
            if (obj instanceof Deployment) {
                // A replaced object comes back without status; the controller writes it again, as a real one would.
                pods.touch(ns, obj.getMetadata().getName());
            }
        }
    }

    private boolean conditionsMet(String ns, String version) {
        for (HasMetadata obj : objects(ns, version)) {
            Map<String, String> ann = obj.getMetadata().getAnnotations();
            String wanted = ann == null ? null : ann.get("atom.conditions");
            if (wanted == null || !(obj instanceof Deployment)) {
                continue;
            }
            Deployment live = client.apps().deployments().inNamespace(ns).withName(obj.getMetadata().getName()).get();
            List<DeploymentCondition> have = live == null || live.getStatus() == null
                    || live.getStatus().getConditions() == null ? List.of() : live.getStatus().getConditions();
            for (String cond : wanted.split(",")) {
                String[] typeRest = cond.trim().split("=", 2);
                String[] statusReason = typeRest[1].split("/", 2);
                boolean ok = have.stream().anyMatch(c -> c.getType().equals(typeRest[0])
                        && c.getStatus().equals(statusReason[0])
                        && (statusReason.length < 2 || statusReason[1].equals(c.getReason())));
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    private List<HasMetadata> objects(String ns, String version) {
        GenericKubernetesResource v = client.genericKubernetesResources(ConvoxCrds.ATOM_VERSIONS).inNamespace(ns)
                .withName(version).get();
        if (v == null) {
            throw new IllegalStateException("AtomVersion " + version + " is missing");
        }
        String yaml = new String(Base64.getDecoder().decode(ConvoxCrds.spec(v, "template")), StandardCharsets.UTF_8);
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.lines().anyMatch(l -> l.startsWith("kind:"))) {
                out.add(Serialization.unmarshal(doc, HasMetadata.class));
            }
        }
        return out;
    }

    private String release(String ns, String version) {
        GenericKubernetesResource v = client.genericKubernetesResources(ConvoxCrds.ATOM_VERSIONS).inNamespace(ns)
                .withName(version).get();
        return v == null ? "" : ConvoxCrds.spec(v, "release");
    }

    private boolean pastDeadline(GenericKubernetesResource atom) {
        Instant started = Instant.parse(ConvoxCrds.top(atom, "started").orElse(Instant.now().toString()));
        long deadline = Long.parseLong(spec(atom, "progressDeadlineSeconds").isBlank() ? "3000"
                : spec(atom, "progressDeadlineSeconds"));
        return Instant.now().isAfter(started.plusSeconds(deadline));
    }

    private GenericKubernetesResource atom(String ns) {
        return client.genericKubernetesResources(ConvoxCrds.ATOMS).inNamespace(ns).withName("app").get();
    }

    private static String status(GenericKubernetesResource atom) {
        return ConvoxCrds.top(atom, "status").orElse("");
    }

    private static String spec(GenericKubernetesResource atom, String field) {
        return ConvoxCrds.spec(atom, field);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> specMap(GenericKubernetesResource atom) {
        Object spec = atom.getAdditionalProperties().get("spec");
        return spec instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @Override
    public void close() {
        if (atoms != null) {
            atoms.stop();
        }
    }
}
