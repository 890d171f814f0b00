package dev.rackside.services.deploy;

import dev.rackside.services.deploy.render.RenderInput;
import dev.rackside.services.deploy.render.Renderer;
import dev.rackside.services.deploy.render.Unrenderable;
import dev.rackside.services.kube.ConvoxCrds;
import dev.rackside.services.kube.ConvoxLabels;
import dev.rackside.services.manifest.Interpolation;
import dev.rackside.services.manifest.ManifestParser;
import dev.rackside.services.manifest.ManifestProblem;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.RackFacts;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Promote, cancel and rollback over the Atom protocol (convox-model.md section 4). A promote renders the
 * release, stores the objects in a new AtomVersion and points Atom {@code app} at it with status Pending.
 * Where the rack runs its atom controller (Deployment {@code atom} in {@code <rack>-system}) rackside hands
 * over and watches; elsewhere it drives the same {@link AtomDriver} itself. Either way it reports every
 * status change, the rollout's ready counts and the app's new Events, holds the app's {@link DeployLease},
 * and returns only at a final state.
 */
final class Promotion {
    private static final Duration TICK = Duration.ofMillis(500);
    private static final Duration RENEW = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final Rack rack;
    private final String app;
    private final String ns;
    private final String operator;
    private final Consumer<String> progress;
    private final Clock clock;

    Promotion(KubernetesClient client, Rack rack, String app, String operator, Consumer<String> progress, Clock clock) {
        this.client = client;
        this.rack = rack;
        this.app = app;
        this.ns = ConvoxLabels.appNamespace(rack.internalName(), app);
        this.operator = operator;
        this.progress = progress;
        this.clock = clock;
    }

    String promote(String releaseId, Duration timeout) {
        String rid = releaseId.toUpperCase(Locale.ROOT);
        DeployLease lease = new DeployLease(client, ns, operator, clock);
        lease.acquire();
        try {
            GenericKubernetesResource atom = atomOrNull();
            if (atom != null && AtomDriver.ACTIVE.contains(AtomDriver.status(atom))) {
                throw new Operations.Refused("a deploy of " + app + " is in progress (" + AtomDriver.status(atom)
                        + "); wait for it or cancel it; nothing was changed");
            }
            String template = template(rid);
            String version = "app-" + (clock.instant().getEpochSecond() * 1_000_000_000L + clock.instant().getNano());
            GenericKubernetesResource v = new GenericKubernetesResource();
            v.setApiVersion("atom.convox.com/v1");
            v.setKind("AtomVersion");
            v.setMetadata(new ObjectMetaBuilder().withName(version).withNamespace(ns).build());
            v.setAdditionalProperty("spec", Map.of("release", rid, "template", Base64.getEncoder().encodeToString(
                    template.getBytes(StandardCharsets.UTF_8))));
            client.genericKubernetesResources(ConvoxCrds.ATOM_VERSIONS).inNamespace(ns).resource(v).create();
            pointAtom(atom, version, rid, timeout);
            progress.accept("promoting " + rid + " (AtomVersion " + version + ", deadline " + timeout.toSeconds() + "s)");
            String end = follow(lease, timeout, rid);
            return finish(rid, end);
        } finally {
            lease.release();
        }
    }

    /** Updating → Cancelled (the atom rolls back), Rollback → Failure; then follows it to the end. */
    String cancel(Duration timeout) {
        GenericKubernetesResource atom = atomOrNull();
        String status = atom == null ? "" : AtomDriver.status(atom);
        String to = switch (status) {
            case "Pending", "Updating" -> "Cancelled";
            case "Rollback" -> "Failure";
            default -> throw new Operations.Refused("nothing to cancel: " + app + " is "
                    + (status.isEmpty() ? "not deployed" : status) + "; nothing was changed");
        };
        atom.getAdditionalProperties().put("status", to);
        client.genericKubernetesResources(ConvoxCrds.ATOMS).inNamespace(ns).resource(atom).update();
        progress.accept("Atom app: " + status + " => " + to + " (cancelled by " + operator + ")");
        DeployLease lease = new DeployLease(client, ns, operator, clock);
        if (lease.heldByOther() || controllerRuns()) {
            // Whoever drives the deploy (the rack's controller, or the promoting rackside) rolls it back.
            return to + ": the deploy's driver rolls it back";
        }
        String end = follow(null, timeout, "");
        return "cancelled: " + end;
    }

    /** Convox semantics: a new release with X's build, env and manifest, then a promote of it. */
    String rollback(String releaseId, Duration timeout) {
        GenericKubernetesResource x = release(releaseId.toUpperCase(Locale.ROOT));
        String id = AppEnv.createRelease(client, rack, app, ConvoxCrds.spec(x, "build"), ConvoxCrds.spec(x, "env"),
                ConvoxCrds.spec(x, "manifest"), "rollback to " + releaseId.toUpperCase(Locale.ROOT), clock);
        progress.accept("created release " + id + " with the build and env of " + releaseId.toUpperCase(Locale.ROOT));
        return promote(id, timeout);
    }

    // ---- rendering ----------------------------------------------------------------------------------

    private String template(String rid) {
        GenericKubernetesResource release = release(rid);
        Map<String, String> env = Interpolation.parseEnv(ConvoxCrds.spec(release, "env"));
        String build = ConvoxCrds.spec(release, "build").toUpperCase(Locale.ROOT);
        ManifestParser.Parsed parsed;
        try {
            parsed = ManifestParser.parse("release " + rid + " convox.yml", ConvoxCrds.spec(release, "manifest"), env);
        } catch (ManifestProblem e) {
            throw new Operations.Refused("release " + rid + " cannot be promoted; nothing was changed:\n"
                    + e.getMessage());
        }
        parsed.warnings().forEach(w -> progress.accept("warning: " + w));
        GenericKubernetesResource b = build.isEmpty() ? null : client.genericKubernetesResources(ConvoxCrds.BUILDS)
                .inNamespace(ns).withName(build.toLowerCase(Locale.ROOT)).get();
        String buildDescription = b == null ? "" : ConvoxCrds.spec(b, "description");
        Optional<String> sha = Optional.ofNullable(b == null || b.getMetadata().getAnnotations() == null ? null
                : b.getMetadata().getAnnotations().get("git-sha"));
        Map<String, Integer> replicas = new HashMap<>();
        String registry = null;
        for (Deployment d : client.apps().deployments().inNamespace(ns).withLabel(ConvoxLabels.TYPE, "service").list()
                .getItems()) {
            String svc = d.getMetadata().getName();
            replicas.put(svc, d.getSpec().getReplicas() == null ? 0 : d.getSpec().getReplicas());
            String image = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
            int colon = image.lastIndexOf(':');
            if (registry == null && colon > image.lastIndexOf('/') && image.substring(colon + 1).startsWith(svc + ".")) {
                registry = image.substring(0, colon);
            }
        }
        if (registry == null) {
            throw new Operations.Refused("no running service of " + app + " shows which image repository its builds "
                    + "are in; promote this release with the Convox CLI; nothing was changed");
        }
        List<HasMetadata> live = liveResources();
        Set<String> resources = new HashSet<>();
        for (HasMetadata o : live) {
            if (o.getKind().equals("ConfigMap") && o.getMetadata().getName().startsWith("resource-")) {
                resources.add(o.getMetadata().getName().substring("resource-".length()));
            }
        }
        List<HasMetadata> objects;
        try {
            objects = new ArrayList<>(Renderer.render(new RenderInput(rack.internalName(), rack.facts()
                    .flatMap(RackFacts::domain), app, rid, build, env, parsed.manifest(), buildDescription, sha,
                    registry, replicas), resources));
        } catch (Unrenderable e) {
            throw new Operations.Refused(e.getMessage());
        }
        // The app's resources are made by the Convox api; a version that left them out would let the rack's
        // controller prune them, so they go into the template as they are.
        objects.addAll(live);
        return Renderer.yaml(objects);
    }

    private List<HasMetadata> liveResources() {
        List<HasMetadata> out = new ArrayList<>();
        var sel = Map.of(ConvoxLabels.TYPE, "resource");
        out.addAll(client.configMaps().inNamespace(ns).withLabels(sel).list().getItems());
        out.addAll(client.apps().deployments().inNamespace(ns).withLabels(sel).list().getItems());
        out.addAll(client.services().inNamespace(ns).withLabels(sel).list().getItems());
        out.addAll(client.persistentVolumeClaims().inNamespace(ns).withLabels(sel).list().getItems());
        for (HasMetadata o : out) {
            o.getMetadata().setResourceVersion(null);
            o.getMetadata().setUid(null);
            o.getMetadata().setCreationTimestamp(null);
            o.getMetadata().setGeneration(null);
            o.getMetadata().setManagedFields(null);
            o.getMetadata().setNamespace(null);
            if (o instanceof Deployment d) {
                d.setStatus(null);
            } else if (o instanceof io.fabric8.kubernetes.api.model.Service s) {
                s.setStatus(null);
            } else if (o instanceof io.fabric8.kubernetes.api.model.PersistentVolumeClaim p) {
                p.setStatus(null);
            }
        }
        return out;
    }

    private GenericKubernetesResource release(String rid) {
        GenericKubernetesResource r = client.genericKubernetesResources(ConvoxCrds.RELEASES).inNamespace(ns)
                .withName(rid.toLowerCase(Locale.ROOT)).get();
        if (r == null) {
            throw new Operations.Refused("release " + rid + " not found in app " + app + "; nothing was changed");
        }
        return r;
    }

    // ---- the atom -----------------------------------------------------------------------------------

    private GenericKubernetesResource atomOrNull() {
        return client.genericKubernetesResources(ConvoxCrds.ATOMS).inNamespace(ns).withName("app").get();
    }

    private void pointAtom(GenericKubernetesResource atom, String version, String rid, Duration timeout) {
        boolean create = atom == null;
        if (create) {
            atom = new GenericKubernetesResource();
            atom.setApiVersion("atom.convox.com/v1");
            atom.setKind("Atom");
            atom.setMetadata(new ObjectMetaBuilder().withName("app").withNamespace(ns).build());
        }
        Map<String, Object> spec = new HashMap<>();
        Object old = atom.getAdditionalProperties().get("spec");
        if (old instanceof Map<?, ?> m) {
            m.forEach((k, val) -> spec.put(String.valueOf(k), val));
        }
        spec.put("previousVersion", spec.getOrDefault("currentVersion", ""));
        spec.put("currentVersion", version);
        spec.put("progressDeadlineSeconds", timeout.toSeconds());
        spec.put("releaseCache", version + "|" + rid);
        atom.getAdditionalProperties().put("spec", spec);
        atom.getAdditionalProperties().put("started", clock.instant().toString());
        atom.getAdditionalProperties().put("status", "Pending");
        var atoms = client.genericKubernetesResources(ConvoxCrds.ATOMS).inNamespace(ns);
        if (create) {
            atoms.resource(atom).create();
        } else {
            atoms.resource(atom).update();
        }
    }

    /**
     * Deployment {@code atom} in the rack's system namespace, not scaled to zero: the rack runs its own
     * controller, and two drivers of one Atom would fight (a controller that is down shows as a deploy that
     * never moves, which the watch reports).
     */
    private boolean controllerRuns() {
        Deployment d = client.apps().deployments().inNamespace(ConvoxLabels.systemNamespace(rack.internalName()))
                .withName("atom").get();
        return d != null && (d.getSpec().getReplicas() == null || d.getSpec().getReplicas() > 0);
    }

    /**
     * Watches (or drives) the Atom to a final state, reporting transitions, ready counts and new Events;
     * renews the lease while it runs. Gives up only when twice the deadline passed with no final state.
     */
    private String follow(DeployLease lease, Duration timeout, String rid) {
        boolean handOver = controllerRuns();
        progress.accept(handOver ? "the rack's atom controller applies it; watching"
                : "no atom controller on this rack: rackside applies it and watches the rollout");
        AtomDriver driver = new AtomDriver(client, ns, this::event, o -> { }, true, clock);
        Instant giveUp = clock.instant().plus(timeout.multipliedBy(2)).plusSeconds(60);
        Instant lastRenew = clock.instant();
        String lastStatus = "";
        String lastReady = "";
        Set<String> seenEvents = new HashSet<>(eventKeys());
        while (clock.instant().isBefore(giveUp)) {
            String status;
            try {
                status = handOver ? Optional.ofNullable(atomOrNull()).map(AtomDriver::status).orElse("")
                        : driver.step();
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                // Someone wrote the Atom between our read and write (a cancel): read it again next tick.
                status = Optional.ofNullable(atomOrNull()).map(AtomDriver::status).orElse("");
            }
            if (!status.equals(lastStatus)) {
                progress.accept("Atom app: " + (lastStatus.isEmpty() ? "" : lastStatus + " => ") + status);
                lastStatus = status;
            }
            String ready = readyCounts();
            if (!ready.equals(lastReady)) {
                progress.accept(ready);
                lastReady = ready;
            }
            for (Event e : client.v1().events().inNamespace(ns).list().getItems()) {
                String key = eventKey(e);
                if (seenEvents.add(key) && !"Status".equals(e.getReason())) {
                    progress.accept("system/k8s/" + e.getInvolvedObject().getKind().toLowerCase(Locale.ROOT) + "/"
                            + e.getInvolvedObject().getName() + " " + e.getMessage());
                }
            }
            if (!AtomDriver.ACTIVE.contains(status)) {
                return status;
            }
            if (lease != null && Duration.between(lastRenew, clock.instant()).compareTo(RENEW) >= 0) {
                lease.renew();
                lastRenew = clock.instant();
            }
            try {
                Thread.sleep(TICK.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Operations.Refused("stopped watching " + app + " while it was " + status + "; the deploy goes "
                        + "on: cancel it with rackside cancel");
            }
        }
        throw new Operations.Refused("no final state after " + timeout.multipliedBy(2).plusSeconds(60).toSeconds()
                + "s; the Atom is " + lastStatus);
    }

    private String finish(String rid, String end) {
        return switch (end) {
            case "Running" -> "promoted " + rid + ": Running";
            case "Reverted" -> throw new Operations.Refused("promote of " + rid + " failed and was rolled back: "
                    + "Reverted (the previous release runs again)");
            default -> throw new Operations.Refused("promote of " + rid + " ended " + end);
        };
    }

    private String readyCounts() {
        List<String> parts = new ArrayList<>();
        for (Deployment d : client.apps().deployments().inNamespace(ns).withLabel(ConvoxLabels.TYPE, "service").list()
                .getItems()) {
            int want = d.getSpec().getReplicas() == null ? 0 : d.getSpec().getReplicas();
            int ready = d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0
                    : d.getStatus().getReadyReplicas();
            int updated = d.getStatus() == null || d.getStatus().getUpdatedReplicas() == null ? 0
                    : d.getStatus().getUpdatedReplicas();
            parts.add(d.getMetadata().getName() + " " + ready + "/" + want + " ready (" + updated + " updated)");
        }
        java.util.Collections.sort(parts);
        return "replicas: " + String.join(", ", parts);
    }

    private List<String> eventKeys() {
        List<String> keys = new ArrayList<>();
        for (Event e : client.v1().events().inNamespace(ns).list().getItems()) {
            keys.add(eventKey(e));
        }
        return keys;
    }

    private static String eventKey(Event e) {
        return e.getMetadata().getName() + "/" + e.getCount();
    }

    private void event(String namespace, String kind, String name, String reason, String message) {
        try {
            String now = clock.instant().toString();
            client.v1().events().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.EventBuilder()
                    .withNewMetadata().withName(name + "." + Long.toHexString(System.nanoTime())).endMetadata()
                    .withNewInvolvedObject().withKind(kind).withName(name).withNamespace(namespace)
                    .withApiVersion("atom.convox.com/v1").endInvolvedObject().withReason(reason).withMessage(message)
                    .withType("Status".equals(reason) ? "Normal" : "Warning").withFirstTimestamp(now)
                    .withLastTimestamp(now).withCount(1).withNewSource().withComponent("rackside").endSource().build())
                    .create();
        } catch (RuntimeException e) {
            // an Event is a courtesy; the deploy goes on without it
        }
    }

}
