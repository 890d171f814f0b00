package dev.rackside.services.deploy;

import dev.rackside.services.kube.ConvoxCrds;
import dev.rackside.services.kube.ConvoxLabels;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The atom state machine of one app namespace, as the rack's atom controller runs it (convox-model.md
 * section 4): Pending → apply the current AtomVersion → Updating → every object annotated
 * {@code atom.conditions} meets them → Running; past {@code started + progressDeadlineSeconds}, or Cancelled,
 * or Error → apply the previous version → Rollback → Reverted (Failure if that fails too). Each transition
 * is an Event on the Atom ({@code Status}, {@code Pending => Updating}) and is mirrored into the
 * namespace's app-status and app-release annotations, as the rack's api does.
 *
 * <p>The sandbox's simulated controller and rackside itself (on racks without a controller) both drive
 * this one implementation. Applying creates an object or updates it with the resourceVersion just read
 * (no server-side apply: not every API server, and not the mock, takes it). rackside alone may also stop
 * waiting early when the new release's pods crash-loop ({@code crashLoopFails}), which the real controller
 * does not: it rolls back only at the deadline.
 */
public final class AtomDriver {
    /** The states a driver acts on; the others are terminal. */
    public static final Set<String> ACTIVE = Set.of("Pending", "Updating", "Cancelled", "Deadline", "Error",
            "Rollback");
    static final int CRASH_RESTARTS = 3;

    /** Where transitions and notes go: an Event on the Atom, a progress line. */
    @FunctionalInterface
    public interface Events {
        void record(String ns, String kind, String name, String reason, String message);
    }

    private final KubernetesClient client;
    private final String ns;
    private final Events events;
    private final Consumer<HasMetadata> applied;
    private final boolean crashLoopFails;
    private final Clock clock;

    public AtomDriver(KubernetesClient client, String ns, Events events, Consumer<HasMetadata> applied,
            boolean crashLoopFails, Clock clock) {
        this.client = client;
        this.ns = ns;
        this.events = events;
        this.applied = applied;
        this.crashLoopFails = crashLoopFails;
        this.clock = clock;
    }

    /** Carries out one step for the Atom's current status; returns the status after it (empty: no Atom). */
    public String step() {
        GenericKubernetesResource atom = atom();
        String status = atom == null ? "" : status(atom);
        switch (status) {
            case "Pending" -> {
                // Convox 3.24.9 pkg/atom/atom.go apply: Started is stamped before the templates are applied, so
                // the deadline counts the apply too. rackside also stops applying once it passes (Convox would go
                // on creating what is left): a huge release must not hold the rack past its deadline.
                Instant started = clock.instant();
                atom.getAdditionalProperties().put("started", started.toString());
                int left = apply(spec(atom, "currentVersion"), Optional.of(deadline(atom, started)));
                if (left > 0) {
                    events.record(ns, "Atom", "app", "Deadline", "the deadline passed while applying; " + left
                            + " objects were not applied");
                    return transition(atom, "Deadline", Map.of());
                }
                return transition(atom, "Updating", Map.of());
            }
            case "Updating" -> {
                String version = spec(atom, "currentVersion");
                if (conditionsMet(version)) {
                    return transition(atom, "Running", Map.of());
                }
                Optional<String> crashing = crashLoopFails ? crashLooping(release(version)) : Optional.empty();
                if (crashing.isPresent()) {
                    events.record(ns, "Atom", "app", "Error", "new pods crash-looping: " + crashing.get());
                    return transition(atom, "Error", Map.of());
                }
                return pastDeadline(atom) ? transition(atom, "Deadline", Map.of()) : status;
            }
            case "Cancelled", "Deadline", "Error" -> {
                String previous = spec(atom, "previousVersion");
                if (previous.isBlank()) {
                    return transition(atom, "Failure", Map.of());
                }
                apply(previous, Optional.empty());
                Map<String, Object> spec = new HashMap<>(specMap(atom));
                spec.put("currentVersion", previous);
                spec.put("previousVersion", "");
                spec.put("releaseCache", previous + "|" + release(previous));
                atom.getAdditionalProperties().put("spec", spec);
                return transition(atom, "Rollback", Map.of("started", clock.instant().toString()));
            }
            case "Rollback" -> {
                if (conditionsMet(spec(atom, "currentVersion"))) {
                    return transition(atom, "Reverted", Map.of());
                }
                return pastDeadline(atom) ? transition(atom, "Failure", Map.of()) : status;
            }
            default -> {
                return status;
            }
        }
    }

    private String transition(GenericKubernetesResource atom, String to, Map<String, Object> top) {
        String from = status(atom);
        atom.getAdditionalProperties().put("status", to);
        atom.getAdditionalProperties().putAll(top);
        client.genericKubernetesResources(ConvoxCrds.ATOMS).inNamespace(ns).resource(atom).update();
        events.record(ns, "Atom", "app", "Status", from + " => " + to);
        String version = spec(atom, "currentVersion");
        String release = release(version);
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
        return to;
    }

    /**
     * Creates or replaces every object of an AtomVersion's template in the namespace, stopping at {@code stopAt};
     * returns how many were left unapplied (0: all of them).
     */
    private int apply(String version, Optional<Instant> stopAt) {
        List<HasMetadata> objects = objects(version);
        for (int i = 0; i < objects.size(); i++) {
            if (stopAt.isPresent() && clock.instant().isAfter(stopAt.get())) {
                return objects.size() - i;
            }
            HasMetadata obj = objects.get(i);
            obj.getMetadata().setNamespace(ns);
            if (applyOne(obj)) {
                applied.accept(obj);
            }
        }
        return 0;
    }

    /**
     * Creates the object, or replaces it carrying the resourceVersion just read. Controllers write status
     * all the time, so a 409 means "read again and replace again", a few times. Returns whether it wrote.
     */
    private boolean applyOne(HasMetadata obj) {
        for (int attempt = 1; ; attempt++) {
            HasMetadata live = client.resource(obj).inNamespace(ns).get();
            try {
                if (live == null) {
                    client.resource(obj).inNamespace(ns).create();
                    return true;
                }
                if (same(obj, live)) {
                    return false; // as kubectl apply: an unchanged object is not written (no rollout)
                }
                obj.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
                client.resource(obj).inNamespace(ns).update();
                return true;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /** The same object as far as a write could change it: its content, labels and annotations. */
    private static boolean same(HasMetadata desired, HasMetadata live) {
        Map<String, Object> d = content(desired);
        Map<String, Object> l = content(live);
        return d.equals(l) && java.util.Objects.equals(orEmpty(desired.getMetadata().getLabels()),
                orEmpty(live.getMetadata().getLabels())) && java.util.Objects.equals(
                orEmpty(desired.getMetadata().getAnnotations()), orEmpty(live.getMetadata().getAnnotations()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> content(HasMetadata o) {
        Map<String, Object> m = new HashMap<>(Serialization.jsonMapper().convertValue(o, Map.class));
        m.remove("metadata");
        m.remove("status");
        return m;
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }

    private boolean conditionsMet(String version) {
        for (HasMetadata obj : objects(version)) {
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

    /** A pod of the release being rolled out in CrashLoopBackOff after a few restarts, named. */
    private Optional<String> crashLooping(String release) {
        if (release.isBlank()) {
            return Optional.empty();
        }
        for (Pod p : client.pods().inNamespace(ns).withLabel(ConvoxLabels.RELEASE, release.toLowerCase(Locale.ROOT))
                .list().getItems()) {
            List<ContainerStatus> cs = p.getStatus() == null || p.getStatus().getContainerStatuses() == null
                    ? List.of() : p.getStatus().getContainerStatuses();
            for (ContainerStatus c : cs) {
                boolean backOff = c.getState() != null && c.getState().getWaiting() != null
                        && "CrashLoopBackOff".equals(c.getState().getWaiting().getReason());
                if (backOff && c.getRestartCount() != null && c.getRestartCount() >= CRASH_RESTARTS) {
                    return Optional.of(p.getMetadata().getName() + " (CrashLoopBackOff, " + c.getRestartCount()
                            + " restarts)");
                }
            }
        }
        return Optional.empty();
    }

    /** The objects of an AtomVersion's template (base64 of multi-document YAML). */
    public List<HasMetadata> objects(String version) {
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

    private String release(String version) {
        if (version.isBlank()) {
            return "";
        }
        GenericKubernetesResource v = client.genericKubernetesResources(ConvoxCrds.ATOM_VERSIONS).inNamespace(ns)
                .withName(version).get();
        return v == null ? "" : ConvoxCrds.spec(v, "release");
    }

    private boolean pastDeadline(GenericKubernetesResource atom) {
        Instant started = Instant.parse(ConvoxCrds.top(atom, "started").orElse(clock.instant().toString()));
        return clock.instant().isAfter(deadline(atom, started));
    }

    private static Instant deadline(GenericKubernetesResource atom, Instant started) {
        String d = spec(atom, "progressDeadlineSeconds");
        return started.plusSeconds(d.isBlank() ? 3000 : Long.parseLong(d));
    }

    public GenericKubernetesResource atom() {
        return client.genericKubernetesResources(ConvoxCrds.ATOMS).inNamespace(ns).withName("app").get();
    }

    public static String status(GenericKubernetesResource atom) {
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
}
