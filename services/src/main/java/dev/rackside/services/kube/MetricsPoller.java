package dev.rackside.services.kube;

import dev.rackside.services.model.Usage;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * CPU and memory of one namespace's pods from {@code metrics.k8s.io} (metrics-server, which Convox racks
 * install): read once when the app is opened, then every {@link #EVERY} while somebody shows its processes or
 * services, and not at all otherwise. metrics-server itself samples every 15 s, so asking more often only adds
 * load. A cluster without it (404), a user who may not read it (403) or any other failure makes every pod's
 * usage {@code n/a} with that reason; the tables go on without it.
 */
final class MetricsPoller implements AutoCloseable {
    static final Duration EVERY = Duration.ofSeconds(15);
    private final KubernetesClient client;
    private final java.util.concurrent.Executor executor;
    private final String namespace;
    private final Runnable changed;
    private final BooleanSupplier wanted;
    private final CompletableFuture<Void> first = new CompletableFuture<>();
    private volatile Map<String, PodMetrics> byPod = Map.of();
    private volatile Optional<String> unavailable = Optional.empty();
    private volatile PolledRead task;

    /**
     * @param executor runs the reads: the timer only says when, so one slow API never holds up another app's
     */
    MetricsPoller(KubernetesClient client, java.util.concurrent.Executor executor, String namespace, Runnable changed,
            BooleanSupplier wanted) {
        this.client = client;
        this.executor = executor;
        this.namespace = namespace;
        this.changed = changed;
        this.wanted = wanted;
    }

    synchronized void start() {
        if (task != null) {
            return;
        }
        task = new PolledRead(executor, EVERY, () -> !first.isDone() || wanted.getAsBoolean(), this::read,
                () -> first.complete(null));
    }

    /** Whether the first read has answered (or failed): the tables wait for it, so a CLI read has its figures. */
    boolean firstDone() {
        return first.isDone();
    }

    private void read() {
        try {
            Map<String, PodMetrics> m = new HashMap<>();
            for (PodMetrics pm : client.top().pods().metrics(namespace).getItems()) {
                m.put(pm.getMetadata().getName(), pm);
            }
            byPod = m;
            unavailable = Optional.empty();
        } catch (RuntimeException e) {
            int code = KubeErrors.code(e);
            unavailable = Optional.of(code == 404 ? "metrics.k8s.io is not served on this cluster (no metrics-server)"
                    : code == 403 ? "metrics.k8s.io refused: " + KubeErrors.describe(e)
                    : "metrics.k8s.io: " + KubeErrors.describe(e));
        } finally {
            first.complete(null);
            changed.run();
        }
    }

    /** The pod's usage beside its containers' CPU requests and memory limits. */
    Usage usage(Pod pod) {
        if (unavailable.isPresent()) {
            return Usage.unknown(unavailable.get());
        }
        if (!first.isDone()) {
            return Usage.NOT_READ;
        }
        PodMetrics pm = byPod.get(pod.getMetadata().getName());
        if (pm == null || pm.getContainers() == null) {
            return Usage.unknown("no metrics for " + pod.getMetadata().getName() + " yet");
        }
        long cpu = 0;
        long mem = 0;
        for (ContainerMetrics c : pm.getContainers()) {
            cpu += millicores(c.getUsage() == null ? null : c.getUsage().get("cpu"));
            mem += bytes(c.getUsage() == null ? null : c.getUsage().get("memory"));
        }
        long request = 0;
        long limit = 0;
        List<Container> containers = pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.of()
                : pod.getSpec().getContainers();
        for (Container c : containers) {
            if (c.getResources() != null) {
                request += millicores(c.getResources().getRequests() == null ? null
                        : c.getResources().getRequests().get("cpu"));
                limit += bytes(c.getResources().getLimits() == null ? null
                        : c.getResources().getLimits().get("memory"));
            }
        }
        return new Usage(cpu, mem, request, limit, Optional.empty());
    }

    static long millicores(Quantity q) {
        if (q == null) {
            return 0;
        }
        return Quantity.getAmountInBytes(q).multiply(BigDecimal.valueOf(1000)).setScale(0,
                java.math.RoundingMode.HALF_UP).longValue();
    }

    static long bytes(Quantity q) {
        return q == null ? 0 : Quantity.getAmountInBytes(q).setScale(0, java.math.RoundingMode.HALF_UP).longValue();
    }

    @Override
    public void close() {
        PolledRead t = task;
        if (t != null) {
            t.close();
        }
        first.complete(null);
    }
}
