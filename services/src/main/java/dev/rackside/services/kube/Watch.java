package dev.rackside.services.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.Listable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What a reader knows of one kind of object, and how it learns it. {@link Mode#LIVE}: one informer, started
 * asynchronously with resync 0 (platform-notes B3), storing slimmed objects, reporting every change through one
 * callback; a refused list (401/403/404) is not retried, anything else is retried by fabric8 while the last
 * good data stays shown. {@link Mode#ONCE}: one LIST, for a command that prints and exits (what kubectl does):
 * no watch is opened, so nothing is left for the API server to tear down, and only what is asked for is read.
 * Both list with {@code resourceVersion=0} (the API server's watch cache: cheaper than a read through etcd,
 * and as fresh as what an informer starts from).
 */
final class Watch<T extends HasMetadata> implements AutoCloseable {
    /** How a reader reads: watched (the console), or listed once (the CLI). */
    enum Mode { LIVE, ONCE }

    /** A source both kinds of reading can use (fabric8's operations are both). */
    interface Source<T extends HasMetadata> {
        Informable<T> informable();

        Listable<? extends KubernetesResourceList<T>> listable();
    }

    static <T extends HasMetadata, S extends Informable<T> & Listable<? extends KubernetesResourceList<T>>> Source<T>
            source(S op) {
        return new Source<>() {
            @Override
            public Informable<T> informable() {
                return op;
            }

            @Override
            public Listable<? extends KubernetesResourceList<T>> listable() {
                return op;
            }
        };
    }

    /** How long a watch may be down before its table is told stale: a reconnect normally takes under a second. */
    static final Duration GRACE = Duration.ofSeconds(2);
    private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter
            .ofPattern("HH:mm:ss'Z'").withZone(java.time.ZoneOffset.UTC);
    private static final Set<Watch<?>> LIVE = ConcurrentHashMap.newKeySet();
    private static final ScheduledExecutorService HEALTH = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rackside-watch-health");
        t.setDaemon(true);
        return t;
    });

    /**
     * Where the "why is it down" LISTs run: each may wait out the client's retries (seconds) against a dead
     * network, and on the readers' own executor they held the threads the tables are rebuilt on, so a pane was
     * told stale 6 to 60 s after its watch was known to be down.
     */
    private static final ExecutorService PROBES = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "rackside-watch-probe");
        t.setDaemon(true);
        return t;
    });

    static {
        HEALTH.scheduleWithFixedDelay(() -> LIVE.forEach(Watch::checkHealth), 1, 1, TimeUnit.SECONDS);
    }

    private final String what;
    private final Informable<T> informable;
    private volatile SharedIndexInformer<T> informer;
    private final Listable<? extends KubernetesResourceList<T>> lister;
    private final Executor executor;
    private final Runnable onChange;
    private volatile boolean synced;
    private volatile Optional<String> error = Optional.empty();
    private volatile boolean started;
    private volatile boolean closed;
    private volatile List<T> listed = List.of();
    private volatile Map<String, List<T>> listedByNamespace = Map.of();
    /** Since when the live watch has been down (fabric8 reconnecting), and whether its table was told. */
    private volatile Instant downSince;
    private volatile Optional<String> dropped = Optional.empty();
    private volatile boolean relisting;
    /** The current informer's watch has been seen open (sampled once a second by the health check). */
    private volatile boolean everUp;
    /** When the current informer had its list; a watch not open {@link #GRACE} after that is counted as down. */
    private volatile Instant syncedAt;
    /** The drop being told is of a watch that had been open, so events may have been missed: read it all again. */
    private volatile boolean droppedWhileOpen;
    /** The current informer is itself a fresh read after a drop. */
    private volatile boolean fromRelist;

    /** A live watch: {@code source} for the informer, {@code lister} to ask why it dropped and to read again. */
    private Watch(String what, Informable<T> source, Listable<? extends KubernetesResourceList<T>> lister,
            Executor executor, Runnable onChange) {
        this.what = what;
        this.onChange = onChange;
        this.lister = lister;
        this.executor = executor;
        this.informable = source;
        this.informer = newInformer();
    }

    private SharedIndexInformer<T> newInformer() {
        SharedIndexInformer<T> informer = informable.runnableInformer(0);
        informer.itemStore(new SlimItemStore<>());
        informer.exceptionHandler((isStarted, t) -> {
            error = Optional.of(what + ": " + KubeErrors.describe(t));
            onChange.run();
            return !KubeErrors.permanent(t);
        });
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                onChange.run();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                onChange.run();
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                onChange.run();
            }
        });
        return informer;
    }

    /** One LIST, run on {@code executor} when started. */
    private Watch(String what, Listable<? extends KubernetesResourceList<T>> source, Executor executor,
            Runnable onChange) {
        this.what = what;
        this.onChange = onChange;
        this.lister = source;
        this.executor = executor;
        this.informable = null;
        this.informer = null;
    }

    static <T extends HasMetadata> Watch<T> of(Mode mode, String what, Source<T> source, Executor executor,
            Runnable onChange) {
        return mode == Mode.LIVE ? new Watch<>(what, source.informable(), source.listable(), executor, onChange)
                : new Watch<>(what, source.listable(), executor, onChange);
    }

    /**
     * Once a second for every live watch. fabric8 reconnects a dropped watch by itself, forever, without telling
     * anyone (its informer's exception handler hears only of failed lists), so a VPN blip left the last rows on
     * screen as if live. Down for longer than {@link #GRACE}: the table is told, with the reason one small LIST
     * gets from the API server (refused connection, timeout, expired credentials). Back up after that: everything
     * is read again by a fresh informer (swapped in once it has its list), so rows deleted meanwhile go even where
     * the server could not replay what the watch missed.
     */
    private void checkHealth() {
        if (closed || !synced || relisting) {
            return;
        }
        Instant now = Instant.now();
        boolean up = watching();
        if (!up) {
            if (downSince == null) {
                // Never seen open: counted from the list, not from now. A connection lost in the second between
                // a pane's list and the first sample was otherwise never told (the watch is never seen up), and
                // the rows sat there as live until fabric8's own relist failed, ~30 s later.
                droppedWhileOpen = everUp;
                downSince = everUp || syncedAt == null ? now : syncedAt;
            }
            if (dropped.isEmpty() && Duration.between(downSince, now).compareTo(GRACE) >= 0) {
                Instant since = downSince;
                dropped = Optional.of(what + ": no answer since " + CLOCK.format(since) + "; reconnecting");
                onChange.run();
                PROBES.execute(() -> probe(since));
            }
            return;
        }
        everUp = true;
        if (downSince != null) {
            downSince = null;
            if (dropped.isPresent() && (droppedWhileOpen || !fromRelist)) {
                relist();
            } else if (dropped.isPresent()) {
                // The fresh read's own watch only opened late (a slow server): it starts at that read's
                // resourceVersion, so nothing was missed, and reading again would only loop on a slow server.
                dropped = Optional.empty();
                onChange.run();
            }
        }
    }

    /** Why the watch is down, in the API server's (or the network's) words. */
    private void probe(Instant since) {
        String reason;
        try {
            lister.list(new ListOptionsBuilder().withLimit(1L).build());
            reason = "the API server answers a list but the watch has not come back";
        } catch (RuntimeException e) {
            reason = KubeErrors.describe(e);
        }
        if (dropped.isPresent() && !closed) {
            dropped = Optional.of(what + ": " + reason + " (down since " + CLOCK.format(since) + "; reconnecting)");
            onChange.run();
        }
    }

    private void relist() {
        relisting = true;
        SharedIndexInformer<T> fresh = newInformer();
        fresh.start().toCompletableFuture().whenComplete((v, t) -> {
            if (t == null && !closed) {
                SharedIndexInformer<T> old = informer;
                informer = fresh;
                everUp = false;
                fromRelist = true;
                syncedAt = Instant.now();
                old.stop();
                dropped = Optional.empty();
                error = Optional.empty();
            } else {
                fresh.stop();
            }
            relisting = false;
            onChange.run();
        });
    }

    /** Starts reading without blocking; completes (never exceptionally) when the first list is in. */
    synchronized CompletableFuture<Void> start() {
        if (started) {
            return CompletableFuture.completedFuture(null);
        }
        started = true;
        if (informer == null) {
            return CompletableFuture.runAsync(this::listOnce, executor).handle((v, t) -> null);
        }
        LIVE.add(this);
        return informer.start().toCompletableFuture().handle((v, t) -> {
            if (t == null) {
                syncedAt = Instant.now();
                synced = true;
                error = Optional.empty();
            } else {
                error = Optional.of(what + ": " + KubeErrors.describe(t));
            }
            onChange.run();
            return null;
        });
    }

    private void listOnce() {
        try {
            // resourceVersion=0: served from the API server's watch cache, as an informer's first list is.
            List<T> items = List.copyOf(lister.list(new ListOptionsBuilder().withResourceVersion("0").build())
                    .getItems());
            Map<String, List<T>> byNs = new HashMap<>();
            for (T item : items) {
                byNs.computeIfAbsent(String.valueOf(item.getMetadata().getNamespace()), k -> new ArrayList<>())
                        .add(item);
            }
            listed = items;
            listedByNamespace = byNs;
            synced = true;
        } catch (RuntimeException e) {
            error = Optional.of(what + ": " + KubeErrors.describe(e));
        }
        onChange.run();
    }

    boolean started() {
        return started;
    }

    /** How many live watches are open in this JVM (tests: a pane left behind closes its app's). */
    static int liveWatches() {
        return LIVE.size();
    }

    boolean synced() {
        return synced;
    }

    /** The failure to show: the last error while the watch is down, nothing while it runs. */
    Optional<String> error() {
        if (dropped.isPresent()) {
            return dropped;
        }
        if (synced && (informer == null || watching())) {
            return Optional.empty();
        }
        return error;
    }


    /** fabric8 throws from isWatching once the informer is stopped (a reader closing mid-rebuild). */
    private boolean watching() {
        try {
            return informer.isWatching();
        } catch (RuntimeException stopped) {
            return false;
        }
    }

    List<T> items() {
        return informer == null ? listed : informer.getStore().list();
    }

    List<T> inNamespace(String namespace) {
        return informer == null ? listedByNamespace.getOrDefault(namespace, List.of())
                : informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
    }

    @Override
    public void close() {
        closed = true;
        LIVE.remove(this);
        if (informer != null) {
            informer.stop();
        }
    }
}
