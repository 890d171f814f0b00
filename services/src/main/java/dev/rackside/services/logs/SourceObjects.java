package dev.rackside.services.logs;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.Listable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The objects a log source follows (pods, events): listed once for a session that does not follow,
 * watched for one that does. Failures become the source's problem line; a refused watch (401, 403, 404)
 * is not retried.
 */
final class SourceObjects<T extends HasMetadata> implements AutoCloseable {
    private final String what;
    private final LogSource.Out out;
    private volatile SharedIndexInformer<T> informer;
    private volatile boolean listed;

    private SourceObjects(String what, LogSource.Out out) {
        this.what = what;
        this.out = out;
    }

    static <T extends HasMetadata, L extends KubernetesResourceList<T>, O extends Informable<T> & Listable<L>>
            SourceObjects<T> start(String what, O objects, boolean follow, ScheduledExecutorService scheduler,
                    LogSource.Out out, Consumer<T> seen, Consumer<T> gone) {
        SourceObjects<T> s = new SourceObjects<>(what, out);
        if (!follow) {
            scheduler.execute(() -> {
                try {
                    objects.list().getItems().forEach(seen);
                    out.problem(what, Optional.empty());
                } catch (RuntimeException e) {
                    s.failed(e);
                } finally {
                    s.listed = true;
                    out.changed();
                }
            });
            return s;
        }
        SharedIndexInformer<T> inf = objects.runnableInformer(0);
        inf.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                seen.accept(obj);
            }

            @Override
            public void onUpdate(T old, T obj) {
                seen.accept(obj);
            }

            @Override
            public void onDelete(T obj, boolean unknown) {
                gone.accept(obj);
            }
        });
        inf.exceptionHandler((started, t) -> {
            s.failed(t);
            return !dev.rackside.services.kube.KubeErrors.permanent(t);
        });
        s.informer = inf;
        inf.start().whenComplete((v, t) -> {
            s.listed = true;
            if (t != null) {
                s.failed(t);
            }
            out.changed();
        });
        return s;
    }

    private void failed(Throwable t) {
        out.problem(what, Optional.of(what + ": " + dev.rackside.services.kube.KubeErrors.describe(t)));
    }

    boolean listed() {
        return listed;
    }

    @Override
    public void close() {
        SharedIndexInformer<T> inf = informer;
        if (inf != null) {
            inf.close();
        }
    }
}
