package dev.rackside.services.kube;

import dev.rackside.services.api.AppReader;
import dev.rackside.services.model.App;
import dev.rackside.services.model.Build;
import dev.rackside.services.model.Feed;
import dev.rackside.services.model.Process;
import dev.rackside.services.model.Release;
import dev.rackside.services.model.Resource;
import dev.rackside.services.model.Service;
import dev.rackside.services.model.Snapshot;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.stream.Stream;

/** The tables of one app: namespace-scoped informers, rebuilt together whenever any of them changes. */
final class KubeAppReader implements AppReader {
    private static final Comparator<Process> PS_ORDER = Comparator.comparing(Process::service)
            .thenComparing(p -> p.started().orElse(Instant.EPOCH)).thenComparing(Process::id);

    private final String app;
    private final String namespace;
    private final KubeRackReader rack;
    private final Coalescer rebuild;
    private final Watch<Deployment> deployments;
    private final Watch<DaemonSet> daemonSets;
    private final Watch<HorizontalPodAutoscaler> hpas;
    private final Watch<GenericKubernetesResource> releases;
    private final Watch<GenericKubernetesResource> builds;
    private final Watch<ConfigMap> configMaps;
    private final Feed<Process> processFeed = new Feed<>();
    private final Feed<Service> serviceFeed = new Feed<>();
    private final Feed<Release> releaseFeed = new Feed<>();
    private final Feed<Build> buildFeed = new Feed<>();
    private final Feed<Resource> resourceFeed = new Feed<>();
    private final MetricsPoller metrics;
    /** The rack's pod watch (live), or this app's own pods listed once. */
    private final Watch<SlimPod> pods;
    private final boolean live;

    KubeAppReader(String app, String namespace, KubeRackReader rack, Executor executor) {
        this.app = app;
        this.namespace = namespace;
        this.rack = rack;
        this.rebuild = new Coalescer(executor, this::rebuild);
        var client = rack.client();
        Watch.Mode mode = rack.mode();
        this.live = mode == Watch.Mode.LIVE;
        deployments = Watch.of(mode, "deployments", Watch.source(client.apps().deployments().inNamespace(namespace)),
                executor, this::changed);
        daemonSets = Watch.of(mode, "daemonsets", Watch.source(client.apps().daemonSets().inNamespace(namespace)),
                executor, this::changed);
        hpas = Watch.of(mode, "horizontalpodautoscalers", Watch.source(client.autoscaling().v2()
                .horizontalPodAutoscalers().inNamespace(namespace)), executor, this::changed);
        releases = Watch.of(mode, "releases", Watch.source(client.genericKubernetesResources(ConvoxCrds.RELEASES)
                .inNamespace(namespace)), executor, this::changed);
        builds = Watch.of(mode, "builds", Watch.source(client.genericKubernetesResources(ConvoxCrds.BUILDS)
                .inNamespace(namespace)), executor, this::changed);
        configMaps = Watch.of(mode, "configmaps", Watch.source(client.configMaps().inNamespace(namespace)
                .withLabel(ConvoxLabels.TYPE, "resource")), executor, this::changed);
        pods = live ? rack.pods() : Watch.of(mode, "pods", Watch.source(client.resources(SlimPod.class)
                .inNamespace(namespace)
                .withLabels(java.util.Map.of(ConvoxLabels.SYSTEM, ConvoxLabels.CONVOX, ConvoxLabels.RACK,
                        rack.internalName()))), executor, this::changed);
        metrics = new MetricsPoller(client, executor, namespace, this::changed, () -> processFeed.watched()
                || serviceFeed.watched());
        if (live) {
            // The console shows every tab of an app: all of it is watched at once, so a tab opens filled.
            Stream.of(deployments, daemonSets, hpas, releases, builds, configMaps).forEach(Watch::start);
            metrics.start();
        }
        changed();
    }

    /** Once: what the asked-for table needs, listed now (a no-op for what is already read or live). */
    private void need(Watch<?>... watches) {
        if (live) {
            return;
        }
        for (Watch<?> w : watches) {
            w.start();
        }
        changed();
    }

    @Override
    public String app() {
        return app;
    }

    @Override
    public Feed<Process> processes() {
        if (!live) {
            metrics.start();
        }
        need(pods);
        return processFeed;
    }

    @Override
    public Feed<Service> services() {
        if (!live) {
            metrics.start();
        }
        need(pods, deployments, daemonSets, hpas, releases);
        return serviceFeed;
    }

    @Override
    public Feed<Release> releases() {
        need(releases);
        return releaseFeed;
    }

    @Override
    public Feed<Build> builds() {
        need(builds);
        return buildFeed;
    }

    @Override
    public Feed<Resource> resources() {
        need(deployments, configMaps, releases);
        return resourceFeed;
    }

    @Override
    public Optional<String> describe(Kind kind, String id) {
        Optional<? extends io.fabric8.kubernetes.api.model.HasMetadata> obj;
        switch (kind) {
            case PROCESS:
                return describeProcess(id);
            case SERVICE:
                obj = deployments.items().stream().filter(d -> d.getMetadata().getName().equals(id)).findFirst()
                        .map(d -> (io.fabric8.kubernetes.api.model.HasMetadata) d)
                        .or(() -> daemonSets.items().stream().filter(d -> d.getMetadata().getName().equals(id))
                                .findFirst());
                break;
            case RELEASE:
                obj = releases.items().stream().filter(r -> r.getMetadata().getName().equalsIgnoreCase(id)).findFirst();
                break;
            case BUILD:
                obj = builds.items().stream().filter(r -> r.getMetadata().getName().equalsIgnoreCase(id)).findFirst();
                break;
            case RESOURCE:
                obj = configMaps.items().stream().filter(c -> c.getMetadata().getName().equals("resource-" + id))
                        .findFirst();
                break;
            default:
                obj = Optional.empty();
        }
        return obj.map(o -> withDocumentStart(SecretMask.yaml(o)));
    }

    /**
     * A process in full, read from the API server: the store holds slim pods (no env, volumes, probes), and a
     * describe is asked for the whole object. Gone from the server: empty. The server not answering: what the store
     * has, said to be only that.
     */
    private Optional<String> describeProcess(String id) {
        Optional<SlimPod> cached = pods.inNamespace(namespace).stream()
                .filter(p -> p.getMetadata().getName().equals(id)).findFirst();
        Pod pod;
        try {
            pod = rack.client().pods().inNamespace(namespace).withName(id).get();
        } catch (RuntimeException e) {
            return cached.map(p -> "# not read from the API server (" + KubeErrors.describe(e)
                    + "); the fields the tables keep:\n" + describeText(p));
        }
        return Optional.ofNullable(pod).map(KubeAppReader::describeText);
    }

    /** A pod's containers' state and last state, then its YAML (secrets masked). */
    private static String describeText(Pod pod) {
        List<String> head = DescribeText.containers(pod);
        String yaml = withDocumentStart(SecretMask.yaml(pod));
        return head.isEmpty() ? yaml : String.join("\n", head) + "\n" + yaml;
    }

    private static String withDocumentStart(String yaml) {
        return yaml.startsWith("---") ? yaml : "---\n" + yaml;
    }

    @Override
    public List<String> events(Kind kind, String id) {
        String involved = switch (kind) {
            case PROCESS -> "Pod";
            case SERVICE -> daemonSets.items().stream().anyMatch(d -> d.getMetadata().getName().equals(id))
                    ? "DaemonSet" : "Deployment";
            default -> null;
        };
        if (involved == null) {
            return List.of();
        }
        // The namespace's Events, matched here: an app's namespace holds an hour of them, and the match does not
        // depend on which field selectors a server (or a proxy in front of it) supports.
        List<io.fabric8.kubernetes.api.model.Event> mine = rack.client().v1().events().inNamespace(namespace).list()
                .getItems().stream().filter(e -> e.getInvolvedObject() != null
                        && id.equals(e.getInvolvedObject().getName())
                        && involved.equals(e.getInvolvedObject().getKind())).toList();
        return DescribeText.events(mine, java.time.Instant.now());
    }

    void changed() {
        rebuild.request();
    }

    private volatile long lastUsed = System.nanoTime();

    /** A pane asked for this app's tables at {@code nanos} (System.nanoTime). */
    void used(long nanos) {
        lastUsed = Math.max(lastUsed, nanos);
    }

    long lastUsed() {
        return lastUsed;
    }

    /** Whether a pane shows one of this app's tables now. */
    boolean watched() {
        return Stream.of(processFeed, serviceFeed, releaseFeed, buildFeed, resourceFeed).anyMatch(Feed::watched);
    }

    void close() {
        Stream.of(deployments, daemonSets, hpas, releases, builds, configMaps).forEach(Watch::close);
        if (!live) {
            pods.close();
        }
        metrics.close();
    }

    private void rebuild() {
        // One read of the apps table for the whole rebuild: the row and "is the table complete" must come from the
        // same snapshot, or a table completing in between publishes releases with no active one as final.
        Snapshot<App> apps = rack.apps().current();
        Optional<App> row = apps.rows().stream().filter(a -> a.name().equals(app)).findFirst();
        Optional<String> active = row.flatMap(App::release);

        List<Process> ps = null;
        // A one-shot read awaits the first metrics read (one request, bounded by the client's timeouts) so that it
        // prints the figures. The console does not: the rack's pods are already in, and a pane opened on 2,000
        // processes shows them at once, its usage columns filled a moment later when the first read is in.
        if ((live || metrics.firstDone()) && ready(processFeed, pods)) {
            ps = pods.inNamespace(namespace).stream().filter(ProcessMapper::listed)
                    .map(p -> ProcessMapper.fromPod(p).withUsage(metrics.usage(p))).sorted(PS_ORDER).toList();
            processFeed.publish(ps, List.of());
            markStale(processFeed, pods);
        }

        // The active release comes from the app row: wait for it rather than show no release as active.
        boolean appsKnown = apps.complete();
        Optional<GenericKubernetesResource> activeRelease = Optional.empty();
        if (appsKnown && ready(releaseFeed, releases)) {
            List<GenericKubernetesResource> all = releases.items();
            releaseFeed.publish(ReleaseMapper.sortedReleases(all.stream()
                    .map(r -> ReleaseMapper.release(r, active)).toList()), List.of());
            markStale(releaseFeed, releases);
            activeRelease = active.flatMap(id -> all.stream()
                    .filter(r -> r.getMetadata().getName().equalsIgnoreCase(id)).findFirst());
        }
        if (ready(buildFeed, builds)) {
            Instant now = Instant.now();
            buildFeed.publish(ReleaseMapper.sortedBuilds(builds.items().stream()
                    .map(b -> ReleaseMapper.build(b, now)).toList()), List.of());
            markStale(buildFeed, builds);
        }

        List<String> manifestProblems = new ArrayList<>();
        ManifestCache.Parsed parsed = activeRelease.map(r -> rack.manifests().parse(r))
                .orElse(new ManifestCache.Parsed(Optional.empty(), Optional.empty()));
        parsed.problem().ifPresent(manifestProblems::add);
        if (active.isPresent() && releases.synced() && activeRelease.isEmpty()) {
            manifestProblems.add("active release " + active.get() + " does not exist");
        }

        if (ps != null && appsKnown && ready(serviceFeed, deployments, daemonSets, hpas, releases)) {
            if (row.isEmpty()) {
                manifestProblems.add("app " + app + " is not on this rack");
            }
            serviceFeed.publish(ServiceMapper.services(new ServiceMapper.Inputs(app, rack.internalName(),
                    rack.facts(), deployments.items(), daemonSets.items(), hpas.items(), parsed.manifest(), ps)),
                    manifestProblems);
            markStale(serviceFeed, deployments, daemonSets, hpas, releases, pods);
        }
        if (appsKnown && ready(resourceFeed, deployments, configMaps, releases)) {
            resourceFeed.publish(ResourceMapper.resources(deployments.items(), configMaps.items(),
                    parsed.manifest()), List.of());
            markStale(resourceFeed, deployments, configMaps, releases);
        }
    }

    /**
     * True when every watch a table needs has its first list. Otherwise the table stays LOADING, or
     * FAILED with the reasons when a watch was refused: one forbidden namespace fails one app, not the rack.
     */
    @SafeVarargs
    private static boolean ready(Feed<?> feed, Watch<?>... needs) {
        List<String> errors = new ArrayList<>();
        boolean synced = true;
        for (Watch<?> w : needs) {
            w.error().ifPresent(errors::add);
            synced &= w.synced();
        }
        if (!synced) {
            if (!errors.isEmpty()) {
                feed.fail(String.join("; ", errors));
            }
            return false;
        }
        return true;
    }

    /** After publishing: a watch that dropped after its first list marks the table stale, rows kept. */
    @SafeVarargs
    private static void markStale(Feed<?> feed, Watch<?>... needs) {
        List<String> errors = new ArrayList<>();
        for (Watch<?> w : needs) {
            w.error().ifPresent(errors::add);
        }
        if (!errors.isEmpty()) {
            feed.fail(String.join("; ", errors));
        }
    }
}
