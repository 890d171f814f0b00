package dev.rackside.services.kube;

import dev.rackside.services.model.Feed;
import dev.rackside.services.model.Instance;
import dev.rackside.services.model.Usage;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rack's instances, read as Convox's InstanceList reads them (convox 3.24.9 provider/k8s/instance.go): the
 * nodes, the pods on each (every namespace, as its field selector counts them; here one list for all nodes)
 * and the node metrics, which may be missing without failing the table. Read when first asked, then every
 * {@link MetricsPoller#EVERY} while a pane shows it.
 */
final class InstancesPoller implements AutoCloseable {
    private final KubernetesClient client;
    private final java.util.concurrent.Executor executor;
    private final Feed<Instance> feed = new Feed<>();
    private PolledRead task;

    /** @param executor runs the reads; the timer only says when */
    InstancesPoller(KubernetesClient client, java.util.concurrent.Executor executor) {
        this.client = client;
        this.executor = executor;
    }

    Feed<Instance> feed() {
        return feed;
    }

    synchronized void start() {
        if (task == null) {
            task = new PolledRead(executor, MetricsPoller.EVERY, () -> !feed.current().complete() || feed.watched(),
                    this::read, () -> { });
        }
    }

    private void read() {
        List<Node> nodes;
        Map<String, Integer> pods = new HashMap<>();
        try {
            nodes = client.nodes().list().getItems();
            for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
                if (p.getSpec() != null && p.getSpec().getNodeName() != null) {
                    pods.merge(p.getSpec().getNodeName(), 1, Integer::sum);
                }
            }
        } catch (RuntimeException e) {
            feed.fail("instances: " + KubeErrors.describe(e));
            return;
        }
        Map<String, NodeMetrics> metrics = new HashMap<>();
        Optional<String> noMetrics = Optional.empty();
        try {
            for (NodeMetrics m : client.top().nodes().metrics().getItems()) {
                metrics.put(m.getMetadata().getName(), m);
            }
        } catch (RuntimeException e) {
            int code = KubeErrors.code(e);
            noMetrics = Optional.of(code == 404 ? "metrics.k8s.io is not served on this cluster (no metrics-server)"
                    : "metrics.k8s.io: " + KubeErrors.describe(e));
        }
        List<Instance> rows = new ArrayList<>();
        for (Node n : nodes) {
            rows.add(instance(n, pods.getOrDefault(n.getMetadata().getName(), 0), metrics, noMetrics));
        }
        rows.sort(Comparator.comparing(Instance::id));
        feed.publish(rows, List.of());
    }

    static Instance instance(Node n, int processes, Map<String, NodeMetrics> metrics, Optional<String> noMetrics) {
        String name = n.getMetadata().getName();
        boolean ready = n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        String pub = "";
        String priv = "";
        if (n.getStatus() != null && n.getStatus().getAddresses() != null) {
            for (NodeAddress a : n.getStatus().getAddresses()) {
                if ("ExternalIP".equals(a.getType())) {
                    pub = a.getAddress();
                } else if ("InternalIP".equals(a.getType())) {
                    priv = a.getAddress();
                }
            }
        }
        Map<String, String> labels = AppMapper.orEmpty(n.getMetadata().getLabels());
        String provider = n.getSpec() == null || n.getSpec().getProviderID() == null ? "" : n.getSpec().getProviderID();
        String instanceId = provider.contains("/") ? provider.substring(provider.lastIndexOf('/') + 1) : provider;
        Map<String, Quantity> alloc = n.getStatus() == null || n.getStatus().getAllocatable() == null ? Map.of()
                : n.getStatus().getAllocatable();
        Map<String, Quantity> cap = n.getStatus() == null || n.getStatus().getCapacity() == null ? Map.of()
                : n.getStatus().getCapacity();
        long cpuAlloc = MetricsPoller.millicores(alloc.get("cpu"));
        long memAlloc = MetricsPoller.bytes(alloc.get("memory"));
        Usage usage;
        NodeMetrics m = metrics.get(name);
        if (noMetrics.isPresent()) {
            usage = Usage.unknown(noMetrics.get());
        } else if (m == null || m.getUsage() == null) {
            usage = Usage.unknown("no metrics for node " + name + " yet");
        } else {
            usage = new Usage(MetricsPoller.millicores(m.getUsage().get("cpu")), MetricsPoller.bytes(m.getUsage()
                    .get("memory")), cpuAlloc, memAlloc, Optional.empty());
        }
        return new Instance(name, ready ? "running" : "pending", Optional.ofNullable(n.getMetadata()
                .getCreationTimestamp()).flatMap(InstancesPoller::instant), processes, pub, priv, instanceId,
                labels.getOrDefault("node.kubernetes.io/instance-type", labels.getOrDefault(
                        "beta.kubernetes.io/instance-type", "")), labels.getOrDefault("topology.kubernetes.io/zone",
                        labels.getOrDefault("failure-domain.beta.kubernetes.io/zone", "")), cpuAlloc, memAlloc,
                MetricsPoller.millicores(cap.get("cpu")), MetricsPoller.bytes(cap.get("memory")), usage);
    }

    private static Optional<Instant> instant(String t) {
        try {
            return Optional.of(Instant.parse(t));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.close();
        }
    }
}
