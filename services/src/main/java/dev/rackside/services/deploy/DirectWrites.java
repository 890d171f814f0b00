package dev.rackside.services.deploy;

import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.api.Progress;
import dev.rackside.services.kube.ConvoxCrds;
import dev.rackside.services.kube.ConvoxLabels;
import dev.rackside.services.model.Rack;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The writes for a rack whose own API cannot be used, made on Kubernetes exactly as Convox's provider makes
 * them (convox 3.24.9 provider/k8s): ServiceUpdate (service.go: the KEDA ScaledObject owns replicas and
 * min/max where it exists, the HPA only under the triggers override, the first container's cpu request and
 * memory request and limit), ServiceRestart (the {@code convox.com/restart} pod-template annotation, on the
 * DaemonSet for agents), AppUpdate's lock (app.go: the namespace annotations, then the current release
 * applied again so the lock is in the template the atom re-applies), Atom.Cancel (pkg/atom/atom.go: only
 * Updating → Cancelled and Rollback → Failure), ProcessStop (process.go: the pod deleted). Every write carries
 * the resourceVersion it read.
 */
final class DirectWrites {
    static final String PATH = "kubernetes";

    private final KubernetesClient client;
    private final Rack rack;
    private final String app;
    private final String ns;
    private final Clock clock;

    DirectWrites(KubernetesClient client, Rack rack, String app, Clock clock) {
        this.client = client;
        this.rack = rack;
        this.app = app;
        this.ns = ConvoxLabels.appNamespace(rack.internalName(), app);
        this.clock = clock;
    }

    String scale(String service, Operations.Scale s) {
        Deployment d = client.apps().deployments().inNamespace(ns).withName(service).get();
        if (d == null) {
            throw new Refusal("service " + service + " not found in app " + app + " (no Deployment " + service
                    + "; agents cannot be scaled); nothing was changed");
        }
        boolean countByScaledObject = false;
        if (s.min().isPresent() || s.max().isPresent()) {
            if (!rangeByAutoscaler(d, service, s)) {
                if (s.max().isPresent()) {
                    throw new Refusal(kedaInstalled()
                            ? "range scaling (min/max) requires an autoscale block in convox.yml; set scale.autoscale "
                                    + "and re-deploy, or use --count for a fixed replica count; nothing was changed"
                            : "range scaling (min/max) requires KEDA on this rack; run `convox rack params set "
                                    + "keda_enable=true` and re-deploy, or use --count for a fixed replica count; "
                                    + "nothing was changed");
                }
                d.getSpec().setReplicas(s.min().get());
            }
        }
        if (s.count().isPresent()) {
            countByScaledObject = patchScaledObject(service, s.count().get(), s.count().get());
            if (!countByScaledObject) {
                d.getSpec().setReplicas(s.count().get());
            }
        }
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        ResourceRequirements res = c.getResources() == null ? new ResourceRequirements() : c.getResources();
        Map<String, Quantity> requests = res.getRequests() == null ? new HashMap<>() : new HashMap<>(res.getRequests());
        Map<String, Quantity> limits = res.getLimits() == null ? new HashMap<>() : new HashMap<>(res.getLimits());
        s.cpu().ifPresent(v -> requests.put("cpu", new Quantity(v + "m")));
        s.memory().ifPresent(v -> {
            limits.put("memory", new Quantity(v + "Mi"));
            requests.put("memory", new Quantity(v + "Mi"));
        });
        res.setRequests(requests);
        res.setLimits(limits);
        c.setResources(res);
        boolean countOnly = s.count().isPresent() && s.cpu().isEmpty() && s.memory().isEmpty() && s.min().isEmpty()
                && s.max().isEmpty();
        if (!(countOnly && countByScaledObject)) {
            client.resource(d).inNamespace(ns).update();
        }
        return "scaled " + app + "/" + service + " (" + describe(s) + ")"
                + (countByScaledObject ? ": the KEDA ScaledObject owns its replicas and now holds the count" : "");
    }

    /** min/max to the HPA under the triggers override, else to the ScaledObject; false when neither exists. */
    private boolean rangeByAutoscaler(Deployment d, String service, Operations.Scale s) {
        Map<String, String> ann = d.getMetadata().getAnnotations() == null ? Map.of() : d.getMetadata().getAnnotations();
        if ("true".equals(ann.get("convox.com/triggers-override-active"))
                && "hpa".equals(ann.get("convox.com/triggers-override-crd"))) {
            HorizontalPodAutoscaler hpa = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns)
                    .withName(service).get();
            if (hpa == null) {
                throw new Refusal("no HPA found for service " + service + "; override state is corrupted (try "
                        + "Disable and re-enable); nothing was changed");
            }
            s.min().ifPresent(v -> hpa.getSpec().setMinReplicas(v));
            s.max().ifPresent(v -> hpa.getSpec().setMaxReplicas(v));
            if (hpa.getMetadata().getLabels() != null) {
                Map<String, String> labels = new HashMap<>(hpa.getMetadata().getLabels());
                labels.remove("atom");
                hpa.getMetadata().setLabels(labels);
            }
            client.resource(hpa).inNamespace(ns).update();
            return true;
        }
        if (s.min().filter(m -> m == 0).isPresent() && scaledObject(service).isEmpty()) {
            throw new Refusal("cannot set --min 0 on service " + service + ": no autoscale mechanism is configured to "
                    + "wake pods back up; nothing was changed");
        }
        return patchScaledObject(service, s.min().orElse(null), s.max().orElse(null));
    }

    private Optional<GenericKubernetesResource> scaledObject(String service) {
        try {
            return Optional.ofNullable(client.genericKubernetesResources(ConvoxCrds.SCALED_OBJECTS)
                    .inNamespace(ns).withName(service).get());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.empty(); // KEDA's CRD is not installed: same as no ScaledObject
            }
            throw e;
        }
    }

    /** KEDA is installed when its ScaledObject CRD is (Convox asks its rack param keda_enable; same fact). */
    private boolean kedaInstalled() {
        try {
            return client.apiextensions().v1().customResourceDefinitions().withName("scaledobjects.keda.sh").get()
                    != null;
        } catch (KubernetesClientException e) {
            return false;
        }
    }

    /** A JSON merge patch of the ScaledObject's replica bounds, as Convox sends it; false when there is none. */
    private boolean patchScaledObject(String service, Integer min, Integer max) {
        if (scaledObject(service).isEmpty()) {
            return false;
        }
        Map<String, Object> spec = new HashMap<>();
        if (min != null) {
            spec.put("minReplicaCount", min);
        }
        if (max != null) {
            spec.put("maxReplicaCount", max);
        }
        client.genericKubernetesResources(ConvoxCrds.SCALED_OBJECTS).inNamespace(ns).withName(service)
                .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("spec", spec)));
        return true;
    }

    /** One service, or every service of the app in name order (as {@code convox restart} walks ServiceList). */
    List<String> restart(Optional<String> service, Progress progress) {
        List<String> names = new ArrayList<>();
        if (service.isPresent()) {
            names.add(service.get());
        } else {
            client.apps().deployments().inNamespace(ns).withLabel(ConvoxLabels.TYPE, "service").list().getItems()
                    .forEach(d -> names.add(d.getMetadata().getName()));
            client.apps().daemonSets().inNamespace(ns).withLabel(ConvoxLabels.TYPE, "service").list().getItems()
                    .forEach(d -> names.add(d.getMetadata().getName()));
            names.sort(null);
        }
        String stamp = String.valueOf(unixNano(clock.instant()));
        for (String name : names) {
            progress.line("Restarting " + name);
            DaemonSet ds = client.apps().daemonSets().inNamespace(ns).withName(name).get();
            HasMetadata target;
            if (ds != null) {
                annotate(ds.getSpec().getTemplate().getMetadata(), stamp);
                target = ds;
            } else {
                Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
                if (d == null) {
                    throw new Refusal("service " + name + " not found in app " + app + "; nothing was changed");
                }
                annotate(d.getSpec().getTemplate().getMetadata(), stamp);
                target = d;
            }
            client.resource(target).inNamespace(ns).update();
        }
        return names;
    }

    private static void annotate(io.fabric8.kubernetes.api.model.ObjectMeta m, String stamp) {
        Map<String, String> ann = m.getAnnotations() == null ? new HashMap<>() : new HashMap<>(m.getAnnotations());
        ann.put("convox.com/restart", stamp);
        m.setAnnotations(ann);
    }

    /**
     * AppUpdate: the namespace's lock and params annotations (a JSON patch of both, as app.go appUpdate), then
     * the current release applied again with the lock in its Namespace, as AppUpdate's ReleasePromote (30 s)
     * does, so a later re-apply of that version by the atom cannot undo the lock.
     */
    String lock(boolean locked, Progress progress) {
        Namespace n = client.namespaces().withName(ns).get();
        if (n == null) {
            throw new Refusal("app " + app + " not found on rack " + rack.name() + "; nothing was changed");
        }
        Map<String, String> ann = n.getMetadata().getAnnotations() == null ? Map.of() : n.getMetadata().getAnnotations();
        String params = ann.getOrDefault(ConvoxLabels.ANN_PARAMS, "{}");
        List<Map<String, Object>> patch = List.of(
                Map.of("op", "add", "path", "/metadata/annotations/convox.com~1lock", "value", String.valueOf(locked)),
                Map.of("op", "add", "path", "/metadata/annotations/convox.com~1params", "value", params));
        if (n.getMetadata().getAnnotations() == null) {
            client.namespaces().withName(ns).patch(PatchContext.of(PatchType.JSON_MERGE),
                    Serialization.asJson(Map.of("metadata", Map.of("annotations", Map.of()))));
        }
        client.namespaces().withName(ns).patch(PatchContext.of(PatchType.JSON), Serialization.asJson(patch));
        reapplyWithLock(locked, progress);
        return (locked ? "locked " : "unlocked ") + app;
    }

    private void reapplyWithLock(boolean locked, Progress progress) {
        GenericKubernetesResource atom = client.genericKubernetesResources(ConvoxCrds.ATOMS).inNamespace(ns)
                .withName("app").get();
        if (atom == null || AtomDriver.ACTIVE.contains(AtomDriver.status(atom))) {
            return; // nothing deployed yet, or a deploy in flight that renders the namespace as it is now
        }
        String current = ConvoxCrds.spec(atom, "currentVersion");
        GenericKubernetesResource v = current.isBlank() ? null : client.genericKubernetesResources(
                ConvoxCrds.ATOM_VERSIONS).inNamespace(ns).withName(current).get();
        if (v == null) {
            return;
        }
        String yaml = new String(Base64.getDecoder().decode(ConvoxCrds.spec(v, "template")), StandardCharsets.UTF_8);
        String relocked = Templates.withNamespaceLock(yaml, locked);
        String release = ConvoxCrds.spec(v, "release");
        String version = "app-" + unixNano(clock.instant());
        GenericKubernetesResource next = new GenericKubernetesResource();
        next.setApiVersion("atom.convox.com/v1");
        next.setKind("AtomVersion");
        next.setMetadata(new ObjectMetaBuilder().withName(version).withNamespace(ns).build());
        next.setAdditionalProperty("spec", Map.of("release", release, "template", Base64.getEncoder()
                .encodeToString(relocked.getBytes(StandardCharsets.UTF_8))));
        client.genericKubernetesResources(ConvoxCrds.ATOM_VERSIONS).inNamespace(ns).resource(next).create();
        Map<String, Object> spec = new HashMap<>();
        if (atom.getAdditionalProperties().get("spec") instanceof Map<?, ?> m) {
            m.forEach((k, val) -> spec.put(String.valueOf(k), val));
        }
        spec.put("previousVersion", current);
        spec.put("currentVersion", version);
        spec.put("progressDeadlineSeconds", 30);
        spec.put("releaseCache", version + "|" + release);
        atom.getAdditionalProperties().put("spec", spec);
        atom.getAdditionalProperties().put("started", clock.instant().toString());
        atom.getAdditionalProperties().put("status", "Pending");
        client.genericKubernetesResources(ConvoxCrds.ATOMS).inNamespace(ns).resource(atom).update();
        progress.line("re-applying release " + release + " with the lock in its namespace (as Convox's AppUpdate)");
        if (!Promotion.controllerRuns(client, rack)) {
            AtomDriver driver = new AtomDriver(client, ns, (a, b, c, d, e) -> { }, o -> { }, false, clock);
            Instant until = clock.instant().plusSeconds(40);
            while (clock.instant().isBefore(until) && AtomDriver.ACTIVE.contains(driver.step())) {
                sleep(Duration.ofMillis(250));
            }
        }
    }

    /** Atom.Cancel's rule; returns the status it set. */
    String cancelAtom(String operator, Progress progress) {
        GenericKubernetesResource atom = client.genericKubernetesResources(ConvoxCrds.ATOMS).inNamespace(ns)
                .withName("app").get();
        String status = atom == null ? "" : AtomDriver.status(atom);
        String to = switch (status) {
            case "Updating" -> "Cancelled";
            case "Rollback" -> "Failure";
            default -> throw new Refusal("not currently updating: " + app + " is "
                    + (status.isEmpty() ? "not deployed" : status) + "; nothing was changed");
        };
        atom.getAdditionalProperties().put("status", to);
        client.genericKubernetesResources(ConvoxCrds.ATOMS).inNamespace(ns).resource(atom).update();
        progress.line("Atom app: " + status + " => " + to + " (cancelled by " + operator + ")");
        return to;
    }

    /** ProcessStop: the pod is deleted; its controller replaces it. */
    String stop(String pid) {
        var pod = client.pods().inNamespace(ns).withName(pid).get();
        if (pod == null) {
            throw new Refusal("process " + pid + " not found in app " + app + "; nothing was changed");
        }
        client.pods().inNamespace(ns).withName(pid).delete();
        return "stopped " + pid;
    }

    static long unixNano(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    static String describe(Operations.Scale s) {
        List<String> parts = new ArrayList<>();
        s.count().ifPresent(v -> parts.add("count=" + v));
        s.min().ifPresent(v -> parts.add("min=" + v));
        s.max().ifPresent(v -> parts.add("max=" + v));
        s.cpu().ifPresent(v -> parts.add("cpu=" + v));
        s.memory().ifPresent(v -> parts.add("memory=" + v));
        return String.join(" ", parts);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String namespace() {
        return ns;
    }

    /** The outcome kind of a Kubernetes refusal, for the journal and the operator. */
    static Outcome.Kind kindOf(KubernetesClientException e) {
        return switch (e.getCode()) {
            case 409 -> Outcome.Kind.CONFLICT;
            case 401, 403 -> Outcome.Kind.FORBIDDEN;
            case 0 -> Outcome.Kind.UNREACHABLE;
            default -> Outcome.Kind.FAILED;
        };
    }
}
