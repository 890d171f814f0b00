package dev.rackside.services.deploy;

import dev.rackside.services.deploy.render.RenderInput;
import dev.rackside.services.deploy.render.Renderer;
import dev.rackside.services.deploy.render.Unrenderable;
import dev.rackside.services.kube.ConvoxCrds;
import dev.rackside.services.kube.ConvoxLabels;
import dev.rackside.services.kube.RackFactsReader;
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
import dev.rackside.services.api.Progress;

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
    /** The most services rackside renders into one release (convox.yml has no limit; the cluster does). */
    static final int MAX_SERVICES = 500;

    private final KubernetesClient client;
    private final Rack rack;
    private final String app;
    private final String ns;
    private final String operator;
    private final Progress progress;
    private final Clock clock;

    Promotion(KubernetesClient client, Rack rack, String app, String operator, Progress progress, Clock clock) {
        this.client = client;
        this.rack = rack;
        this.app = app;
        this.ns = ConvoxLabels.appNamespace(rack.internalName(), app);
        this.operator = operator;
        this.progress = progress;
        this.clock = clock;
    }

    /** Stages the release and follows it to its end. The caller holds the app's deploy lease. */
    String promote(String releaseId, Duration timeout) {
        String rid = releaseId.toUpperCase(Locale.ROOT);
        String version = stage(rid, timeout);
        progress.line("promoting " + rid + " (AtomVersion " + version + ", deadline " + timeout.toSeconds() + "s)");
        DeployWatch watch = new DeployWatch(client, rack.name(), app, ns, rid,
                Optional.of(clock.instant().plus(timeout)), progress);
        String end = follow(null, timeout, watch);
        return finish(rid, end, watch);
    }

    /**
     * ReleasePromote's write (provider/k8s release.go): the release rendered into a new AtomVersion and Atom
     * {@code app} pointed at it, Pending, with the deadline. Returns the AtomVersion's name.
     */
    String stage(String rid, Duration timeout) {
        GenericKubernetesResource atom = atomOrNull();
        if (atom != null && AtomDriver.ACTIVE.contains(AtomDriver.status(atom))) {
            throw new Refusal(dev.rackside.services.api.Outcome.Kind.CONFLICT, "a deploy of " + app + " is in progress ("
                    + AtomDriver.status(atom) + "); wait for it or cancel it; nothing was changed");
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
        return version;
    }

    /**
     * After a direct cancel: whoever drives the deploy (the rack's controller, or the rackside that promoted it)
     * rolls it back; on a rack where nobody does, rackside drives the rollback here.
     */
    String followCancel(String to, Duration timeout) {
        DeployLease lease = new DeployLease(client, ns, operator, clock);
        if (lease.heldByOther() || controllerRuns()) {
            return to + ": the deploy's driver rolls it back";
        }
        DeployWatch watch = new DeployWatch(client, rack.name(), app, ns, "", Optional.empty(), progress);
        String end = follow(null, timeout, watch);
        return "cancelled: " + end;
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
            throw new Refusal("release " + rid + " cannot be promoted; nothing was changed:\n"
                    + e.getMessage());
        }
        parsed.warnings().forEach(w -> progress.line("warning: " + w));
        if (parsed.manifest().services().size() > MAX_SERVICES) {
            throw new Refusal("release " + rid + " has " + parsed.manifest().services().size() + " services; rackside "
                    + "renders at most " + MAX_SERVICES + " (a bound, so a runaway manifest cannot flood the cluster); "
                    + "nothing was changed");
        }
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
            throw new Refusal("no running service of " + app + " shows which image repository its builds "
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
            // The rack's facts as they are now (DOMAIN, DOMAIN_INTERNAL, RESOLVER on its api Deployment).
            Optional<RackFacts> facts = RackFactsReader.read(client, rack.internalName()).or(rack::facts);
            objects = new ArrayList<>(Renderer.render(new RenderInput(rack.internalName(), facts.flatMap(
                    RackFacts::domain), facts.flatMap(RackFacts::domainInternal), facts.flatMap(RackFacts::resolver),
                    app, rid, build, env, parsed.manifest(), buildDescription, sha, registry, replicas), resources));
        } catch (Unrenderable e) {
            throw new Refusal(e.getMessage());
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
            throw new Refusal("release " + rid + " not found in app " + app + "; nothing was changed");
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
        return controllerRuns(client, rack);
    }

    static boolean controllerRuns(KubernetesClient client, Rack rack) {
        Deployment d = client.apps().deployments().inNamespace(ConvoxLabels.systemNamespace(rack.internalName()))
                .withName("atom").get();
        return d != null && (d.getSpec().getReplicas() == null || d.getSpec().getReplicas() > 0);
    }

    /**
     * Watches (or drives) the Atom to a final state, reporting transitions, ready counts and new Events;
     * renews the lease while it runs. Gives up only when twice the deadline passed with no final state.
     */
    private String follow(DeployLease lease, Duration timeout, DeployWatch watch) {
        boolean handOver = controllerRuns();
        progress.line(handOver ? "the rack's atom controller applies it; watching"
                : "no atom controller on this rack: rackside applies it and watches the rollout");
        AtomDriver driver = new AtomDriver(client, ns, this::event, o -> { }, true, clock);
        Instant giveUp = clock.instant().plus(timeout.multipliedBy(2)).plusSeconds(60);
        Instant lastRenew = clock.instant();
        String status = "";
        while (clock.instant().isBefore(giveUp)) {
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
            watch.observe(status);
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
                throw new Refusal("stopped watching " + app + " while it was " + status + "; the deploy goes "
                        + "on: cancel it with rackside cancel");
            }
        }
        throw new Refusal(dev.rackside.services.api.Outcome.Kind.FAILED, "no final state after "
                + timeout.multipliedBy(2).plusSeconds(60).toSeconds() + "s; the Atom is " + status);
    }

    private String finish(String rid, String end, DeployWatch watch) {
        if (end.equals("Running")) {
            watch.finish(end, Optional.empty());
            return "promoted " + rid + ": Running";
        }
        String why = watch.why();
        watch.finish(end, Optional.of(why));
        throw new Refusal(dev.rackside.services.api.Outcome.Kind.FAILED, end.equals("Reverted")
                ? "promote of " + rid + " failed and was rolled back: Reverted (the previous release runs again): "
                        + why
                : "promote of " + rid + " ended " + end + ": " + why);
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
