package dev.rackside.services.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One informer, started asynchronously with resync 0 (platform-notes B3), storing slimmed objects, and
 * reporting every change through one callback. Failures are kept as a one-line reason: a refused list
 * (401/403/404) is not retried, anything else is retried by fabric8 while the last good data stays shown.
 */
final class Watch<T extends HasMetadata> implements AutoCloseable {
    private final String what;
    private final SharedIndexInformer<T> informer;
    private final Runnable onChange;
    private volatile boolean synced;
    private volatile Optional<String> error = Optional.empty();
    private volatile boolean started;

    Watch(String what, Informable<T> source, Runnable onChange) {
        this.what = what;
        this.onChange = onChange;
        this.informer = source.runnableInformer(0);
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
    }

    /** Starts the list+watch without blocking; completes (never exceptionally) when the first list is in. */
    synchronized CompletableFuture<Void> start() {
        if (started) {
            return CompletableFuture.completedFuture(null);
        }
        started = true;
        return informer.start().toCompletableFuture().handle((v, t) -> {
            if (t == null) {
                synced = true;
                error = Optional.empty();
            } else {
                error = Optional.of(what + ": " + KubeErrors.describe(t));
            }
            onChange.run();
            return null;
        });
    }

    boolean synced() {
        return synced;
    }

    /** The failure to show: the last error while the watch is down, nothing while it runs. */
    Optional<String> error() {
        if (synced && watching()) {
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
        return informer.getStore().list();
    }

    List<T> inNamespace(String namespace) {
        return informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
    }

    @Override
    public void close() {
        informer.stop();
    }
}
