package dev.rackside.services.kube;

import dev.rackside.services.api.AppReader;
import dev.rackside.services.api.RackReader;
import dev.rackside.services.model.App;
import dev.rackside.services.model.Feed;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.RackFacts;
import dev.rackside.services.model.Snapshot;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The read side of one rack over fabric8 informers. Rack-wide and label-scoped: the app namespaces and
 * the rack's pods. Per app, on demand: its Deployments, DaemonSets, HPAs, Releases, Builds and resource
 * ConfigMaps, so a 1,000-app rack does not hold 60,000 releases in memory and a namespace we may not read
 * only fails that app.
 */
public final class KubeRackReader implements RackReader {
    private final Rack rack;
    private final String internal;
    private final KubernetesClient client;
    private final Executor executor;
    private final Feed<App> apps = new Feed<>();
    private final Feed<dev.rackside.services.model.Process> systemFeed = new Feed<>();
    private final InstancesPoller instances;
    private final Coalescer systemRebuild;
    /** Whether anyone asked for the system processes: until then, pod events do not rebuild them. */
    private volatile boolean systemWanted;
    private final Watch<Namespace> namespaces;
    private final Watch<SlimPod> pods;
    private volatile Watch<GenericKubernetesResource> atoms;
    private final Coalescer appsRebuild;
    private final Map<String, KubeAppReader> appReaders = new ConcurrentHashMap<>();
    private final ManifestCache manifests = new ManifestCache();
    private final Map<String, Optional<String>> manifestProblems = new ConcurrentHashMap<>();
    private final Map<String, Optional<String>> atomVersionReleases = new ConcurrentHashMap<>();
    private final AtomicInteger manifestChecksInFlight = new AtomicInteger();
    /**
     * The manifest checks' own four threads. On the readers' shared executor they could hold every thread for
     * a request timeout when the network went (1,000 GETs queued on a dead link), and no table was rebuilt, so
     * none was told stale, until they gave up.
     */
    private final java.util.concurrent.ThreadPoolExecutor background;
    private volatile boolean podsWereSynced;
    private final CompletableFuture<Snapshot<App>> appsChecked = new CompletableFuture<>();
    private final CompletableFuture<Snapshot<App>> appsHealthy = new CompletableFuture<>();
    private final Watch.Mode mode;
    /** Whether the active releases' manifests are read for the apps (always when live; on request once). */
    private volatile boolean checkManifests;
    private volatile Optional<RackFacts> facts;

    private final boolean ownsClient;

    /**
     * How long an app's readers outlive the last pane that showed them: going back to an app a moment later is
     * instant, and an operator who walked through fifty apps during an incident does not keep 300 watches open.
     */
    static final java.time.Duration APP_IDLE = java.time.Duration.ofSeconds(60);
    private static final java.util.concurrent.ScheduledExecutorService SWEEP = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rackside-app-sweep");
                t.setDaemon(true);
                return t;
            });
    private final java.time.Duration appIdle;
    private final java.util.concurrent.ScheduledFuture<?> sweep;

    /** @param ownsClient close the client with the reader (it is not the session's shared one) */
    public KubeRackReader(Rack rack, KubernetesClient client, Executor executor, boolean ownsClient) {
        this(rack, client, executor, ownsClient, Watch.Mode.LIVE);
    }

    KubeRackReader(Rack rack, KubernetesClient client, Executor executor, boolean ownsClient, Watch.Mode mode) {
        this(rack, client, executor, ownsClient, mode, APP_IDLE);
    }

    /**
     * @param mode {@code LIVE}: the namespaces and the rack's pods are watched from the start, manifests checked;
     *             {@code ONCE}: the namespaces are listed, the rest only when a feed that needs it is asked for
     */
    /** @param appIdle how long an app's readers are kept once no pane shows them (live readers only) */
    KubeRackReader(Rack rack, KubernetesClient client, Executor executor, boolean ownsClient, Watch.Mode mode,
            java.time.Duration appIdle) {
        this.mode = mode;
        this.appIdle = appIdle;
        this.checkManifests = mode == Watch.Mode.LIVE;
        this.ownsClient = ownsClient;
        this.rack = rack;
        this.internal = rack.internalName();
        this.client = client;
        this.executor = executor;
        this.facts = rack.facts();
        this.appsRebuild = new Coalescer(executor, this::rebuildApps);
        this.background = new java.util.concurrent.ThreadPoolExecutor(4, 4, 30, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "rackside-manifest-check");
                    t.setDaemon(true);
                    return t;
                });
        this.background.allowCoreThreadTimeOut(true);
        this.instances = new InstancesPoller(client, executor);
        this.systemRebuild = new Coalescer(executor, this::rebuildSystem);
        this.namespaces = Watch.of(mode, "app namespaces", Watch.source(client.namespaces().withLabels(Map.of(
                ConvoxLabels.SYSTEM, ConvoxLabels.CONVOX, ConvoxLabels.RACK, internal, ConvoxLabels.TYPE, "app"))),
                executor, this::changed);
        // Slim records, not whole pods: the rack-wide store feeds HEALTH and every app's Processes pane (SlimPod).
        this.pods = Watch.of(mode, "pods", Watch.source(client.resources(SlimPod.class).inAnyNamespace().withLabels(
                Map.of(ConvoxLabels.SYSTEM, ConvoxLabels.CONVOX, ConvoxLabels.RACK, internal))), executor,
                this::podsChanged);
        CompletableFuture<Void> appsListed = namespaces.start();
        if (mode == Watch.Mode.LIVE) {
            // After the namespaces: the app rows are the first screen, and on a big rack the pods' list (12,000 pods,
            // megabytes over a bastion's link) would share the link and both cores with theirs. HEALTH follows.
            appsListed.whenComplete((v, t) -> pods.start());
        }
        long every = Math.max(1, Math.min(15_000, appIdle.toMillis() / 4));
        this.sweep = mode == Watch.Mode.LIVE ? SWEEP.scheduleWithFixedDelay(this::closeIdleApps, every, every,
                java.util.concurrent.TimeUnit.MILLISECONDS) : null;
        if (facts.isEmpty()) {
            CompletableFuture.runAsync(() -> {
                try {
                    facts = RackFactsReader.read(client, internal);
                } catch (RuntimeException e) {
                    facts = Optional.empty();
                }
                appReaders.values().forEach(KubeAppReader::changed);
            }, executor);
        }
    }

    @Override
    public Rack rack() {
        return rack;
    }

    @Override
    public Feed<App> apps() {
        return apps;
    }

    @Override
    public CompletableFuture<Snapshot<App>> appsComplete(boolean manifests) {
        if (manifests) {
            checkManifests = true;
        }
        pods.start();
        appsRebuild.request();
        return manifests ? appsChecked.copy() : appsHealthy.copy();
    }

    @Override
    public Optional<String> describeApp(String name) {
        return namespaces.items().stream().filter(ns -> AppMapper.appName(ns, internal).equals(name)).findFirst()
                .map(SecretMask::yaml);
    }

    @Override
    public Feed<dev.rackside.services.model.Instance> instances() {
        instances.start();
        return instances.feed();
    }

    @Override
    public Feed<dev.rackside.services.model.Process> system() {
        systemWanted = true;
        pods.start();
        systemRebuild.request();
        return systemFeed;
    }

    /** The system namespace's pods as processes, rebuilt with the rack's pod watch. */
    private void rebuildSystem() {
        if (!pods.synced()) {
            pods.error().ifPresent(systemFeed::fail);
            return;
        }
        // SystemProcesses' selector: system=convox,rack=<rack>,service (provider/k8s/system.go).
        systemFeed.publish(pods.inNamespace(internal + "-system").stream().filter(p -> AppMapper.orEmpty(
                p.getMetadata().getLabels()).containsKey(ConvoxLabels.SERVICE)).map(ProcessMapper::fromPod)
                .sorted(java.util.Comparator.comparing(dev.rackside.services.model.Process::service)
                        .thenComparing(dev.rackside.services.model.Process::id)).toList(), List.of());
        pods.error().ifPresent(systemFeed::fail);
    }

    @Override
    public AppReader app(String name) {
        KubeAppReader r = appReaders.computeIfAbsent(name, n -> new KubeAppReader(n,
                ConvoxLabels.appNamespace(internal, n), this, executor));
        r.used(System.nanoTime());
        return r;
    }

    /**
     * Closes the readers of apps no pane has shown for {@link #appIdle} (their watches and metrics polls end). A pane
     * asks {@link #app} before every frame it draws, so the one on screen is never taken from under it; a pane
     * returned to later gets a fresh reader, listed anew.
     */
    private void closeIdleApps() {
        long now = System.nanoTime();
        for (Map.Entry<String, KubeAppReader> e : appReaders.entrySet()) {
            KubeAppReader r = e.getValue();
            if (r.watched()) {
                r.used(now);
            } else if (now - r.lastUsed() >= appIdle.toNanos()) {
                appReaders.computeIfPresent(e.getKey(), (k, current) -> {
                    if (current != r || current.watched() || now - current.lastUsed() < appIdle.toNanos()) {
                        return current;
                    }
                    current.close();
                    return null;
                });
            }
        }
    }

    @Override
    public void close() {
        if (sweep != null) {
            sweep.cancel(false);
        }
        background.shutdownNow();
        appReaders.values().forEach(KubeAppReader::close);
        instances.close();
        namespaces.close();
        pods.close();
        if (atoms != null) {
            atoms.close();
        }
        if (ownsClient) {
            client.close();
        }
    }

    KubernetesClient client() {
        return client;
    }

    String internalName() {
        return internal;
    }

    Optional<RackFacts> facts() {
        return facts;
    }

    Watch<SlimPod> pods() {
        return pods;
    }

    Watch.Mode mode() {
        return mode;
    }

    Executor executor() {
        return executor;
    }

    ManifestCache manifests() {
        return manifests;
    }

    /** The app row as last published, so an app's releases can mark the active one. */
    private void changed() {
        appsRebuild.request();
    }

    private void podsChanged() {
        appReaders.values().forEach(KubeAppReader::changed);
        appsRebuild.request(); // HEALTH follows the pods
        if (systemWanted) {
            systemRebuild.request();
        }
        if (!podsWereSynced && pods.synced()) {
            podsWereSynced = true;
            appsRebuild.request(); // the deferred manifest checks may start now
        }
    }

    private void rebuildApps() {
        if (!namespaces.synced()) {
            namespaces.error().ifPresent(apps::fail);
            return;
        }
        List<Namespace> items = namespaces.items();
        boolean needAtoms = items.stream().anyMatch(ns -> !AppMapper.hasStatusAnnotation(ns));
        Map<String, AppMapper.AtomState> atomStates = new HashMap<>();
        Optional<String> atomProblem = Optional.empty();
        if (needAtoms) {
            Watch<GenericKubernetesResource> w = atomsWatch();
            if (!w.synced()) {
                if (w.error().isEmpty()) {
                    return; // the atoms will answer shortly; an app without a status must not say "unknown" yet
                }
                atomProblem = w.error();
            } else {
                for (GenericKubernetesResource atom : w.items()) {
                    if ("app".equals(atom.getMetadata().getName())) {
                        atomStates.put(atom.getMetadata().getNamespace(), atomState(atom));
                    }
                }
            }
        }
        List<App> rows = new ArrayList<>();
        for (Namespace ns : items) {
            Optional<AppMapper.AtomState> atom = Optional.ofNullable(atomStates.get(ns.getMetadata().getName()));
            App app = AppMapper.fromNamespace(ns, internal, atom,
                    atom.isPresent() ? Optional.empty() : atomProblem.or(() -> Optional.of("no Atom 'app' found")));
            if (pods.synced()) {
                app = app.withHealth(AppHealth.of(pods.inNamespace(ns.getMetadata().getName()),
                        "updating".equals(app.status())));
            }
            rows.add(withManifestProblem(app));
        }
        rows.sort(Comparator.comparing(App::name));
        apps.publish(rows, List.of());
        namespaces.error().ifPresent(apps::fail);
        appReaders.values().forEach(KubeAppReader::changed);
        if (pods.started() && (pods.synced() || pods.error().isPresent()) && !appsHealthy.isDone()) {
            appsHealthy.complete(apps.current());
        }
        if (checkManifests) {
            checkManifests(rows);
        }
    }

    private App withManifestProblem(App app) {
        Optional<String> problem = app.release().map(r -> app.name() + "/" + r)
                .map(manifestProblems::get).flatMap(p -> p);
        if (problem.isEmpty()) {
            return app;
        }
        List<String> problems = new ArrayList<>(app.problems());
        problems.add(problem.get());
        return new App(app.name(), app.namespace(), app.status(), app.rawStatus(), app.release(), app.locked(),
                problems, app.health());
    }

    /**
     * Reads each active release once (releases never change) to surface broken manifests on the app. The
     * reads wait until the rack-wide lists are in and run four at a time: the first screen comes first.
     */
    private void checkManifests(List<App> rows) {
        if (!pods.synced() && pods.error().isEmpty()) {
            return;
        }
        for (App app : rows) {
            if (app.release().isEmpty()) {
                continue;
            }
            String key = app.name() + "/" + app.release().get();
            if (manifestProblems.putIfAbsent(key, Optional.empty()) != null) {
                continue;
            }
            manifestChecksInFlight.incrementAndGet();
            try {
                background.execute(() -> {
                    try {
                        GenericKubernetesResource r = client.genericKubernetesResources(ConvoxCrds.RELEASES)
                                .inNamespace(app.namespace())
                                .withName(app.release().get().toLowerCase(java.util.Locale.ROOT)).get();
                        if (r == null) {
                            manifestProblems.put(key, Optional.of("active release " + app.release().get()
                                    + " does not exist"));
                        } else {
                            manifestProblems.put(key, manifests.parse(r).problem());
                        }
                    } catch (RuntimeException e) {
                        manifestProblems.put(key, Optional.of("active release " + app.release().get()
                                + " cannot be read: " + KubeErrors.describe(e)));
                    } finally {
                        if (manifestChecksInFlight.decrementAndGet() == 0) {
                            appsRebuild.request();
                        }
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                manifestChecksInFlight.decrementAndGet(); // the reader closed while the rows came in
                return;
            }
        }
        if (manifestChecksInFlight.get() == 0 && !appsChecked.isDone()) {
            appsChecked.complete(apps.current());
        }
    }

    private synchronized Watch<GenericKubernetesResource> atomsWatch() {
        if (atoms == null) {
            atoms = Watch.of(mode, "atoms", Watch.source(client.genericKubernetesResources(ConvoxCrds.ATOMS)
                    .inAnyNamespace()), executor, this::changed);
            atoms.start();
        }
        return atoms;
    }

    /** Older racks: status from the Atom, release from its releaseCache or the current AtomVersion. */
    private AppMapper.AtomState atomState(GenericKubernetesResource atom) {
        String status = ConvoxCrds.top(atom, "status").orElse("");
        String cache = ConvoxCrds.spec(atom, "releaseCache");
        Optional<String> release = Optional.empty();
        if (cache.contains("|")) {
            release = Optional.of(cache.substring(cache.indexOf('|') + 1)).filter(s -> !s.isBlank());
        }
        String version = ConvoxCrds.spec(atom, "currentVersion");
        if (release.isEmpty() && !version.isBlank()) {
            String ns = atom.getMetadata().getNamespace();
            release = atomVersionReleases.computeIfAbsent(ns + "/" + version, k -> {
                try {
                    GenericKubernetesResource v = client.genericKubernetesResources(ConvoxCrds.ATOM_VERSIONS)
                            .inNamespace(ns).withName(version).get();
                    return v == null ? Optional.empty()
                            : Optional.of(ConvoxCrds.spec(v, "release")).filter(s -> !s.isBlank());
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
            });
        }
        return new AppMapper.AtomState(status, release);
    }
}
