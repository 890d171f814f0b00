package dev.rackside.sandbox;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox rack's instances and what metrics-server would say of them: three nodes as EKS registers them
 * (providerID, instance type and zone labels, capacity and allocatable, Ready), and every 15 s a PodMetrics for
 * each running pod and a NodeMetrics for each node, the figures moving a little around a level that depends on
 * the pod's service, so {@code rackside ps}, the Instances pane and {@code kubectl top} have something true to
 * the shape of a rack to show.
 */
final class SimulatedMetrics {
    /** node name, zone, instance id, private address: where the sandbox's pods are scheduled. */
    static final List<String[]> NODES = List.of(
            new String[] {"ip-10-0-1-17.ec2.internal", "us-gov-west-1a", "i-0a1b2c3d4e5f60171", "10.0.1.17"},
            new String[] {"ip-10-0-2-31.ec2.internal", "us-gov-west-1b", "i-0a1b2c3d4e5f60231", "10.0.2.31"},
            new String[] {"ip-10-0-3-44.ec2.internal", "us-gov-west-1c", "i-0a1b2c3d4e5f60344", "10.0.3.44"});
    private static final Duration EVERY = Duration.ofSeconds(15);

    private final KubernetesClient client;
    private final ScheduledExecutorService clock;
    private final long seed;
    private final Duration readyAfter;
    private long tick;
    /** The metrics objects already made: written again with one request (an update) rather than two. */
    private final java.util.Set<String> made = new java.util.HashSet<>();

    /** @param readyAfter how long the sandbox's pods take to become ready: one extra sample follows soon after */
    SimulatedMetrics(KubernetesClient client, ScheduledExecutorService clock, long seed, Duration readyAfter) {
        this.client = client;
        this.clock = clock;
        this.seed = seed;
        this.readyAfter = readyAfter;
    }

    void start() {
        Instant created = Instant.now().minus(Duration.ofDays(12));
        for (String[] n : NODES) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(n[0])
                    .withCreationTimestamp(created.toString())
                    .withLabels(Map.of("node.kubernetes.io/instance-type", "t3.xlarge", "topology.kubernetes.io/zone",
                            n[1], "kubernetes.io/hostname", n[0], "eks.amazonaws.com/nodegroup", "sandbox-default"))
                    .endMetadata().withNewSpec().withProviderID("aws:///" + n[1] + "/" + n[2]).endSpec()
                    .withNewStatus().addToCapacity("cpu", new Quantity("4")).addToCapacity("memory",
                            new Quantity("16203212Ki")).addToAllocatable("cpu", new Quantity("3920m"))
                    .addToAllocatable("memory", new Quantity("15186380Ki")).addNewCondition().withType("Ready")
                    .withStatus("True").withReason("KubeletReady").withMessage("kubelet is posting ready status")
                    .endCondition().addNewAddress().withType("InternalIP").withAddress(n[3]).endAddress()
                    .addNewAddress().withType("Hostname").withAddress(n[0]).endAddress().endStatus().build())
                    .create();
        }
        clock.scheduleWithFixedDelay(this::sample, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
        // The seeded pods are running moments after the start: their first figures should not wait 15 s.
        clock.schedule(this::sample, readyAfter.toMillis() * 3 + 500, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            tick++;
            Map<String, long[]> perNode = new HashMap<>();
            String now = Instant.now().toString();
            for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
                if (p.getStatus() == null || !"Running".equals(p.getStatus().getPhase())) {
                    continue;
                }
                String name = p.getMetadata().getName();
                String service = p.getMetadata().getLabels() == null ? "" : p.getMetadata().getLabels()
                        .getOrDefault("service", p.getMetadata().getLabels().getOrDefault("resource", ""));
                long cpu = level(service, 40, 180) + wobble(name, 25);
                long memMi = level(service, 90, 420) + wobble(name, 30);
                String container = p.getSpec().getContainers().get(0).getName();
                write(p.getMetadata().getNamespace() + "/" + name, client.resource(new PodMetricsBuilder()
                        .withNewMetadata().withName(name).withNamespace(p.getMetadata().getNamespace())
                        .withLabels(p.getMetadata().getLabels()).endMetadata().withTimestamp(now)
                        .withWindow(new io.fabric8.kubernetes.api.model.Duration(EVERY)).addNewContainer()
                        .withName(container).addToUsage("cpu", new Quantity(cpu + "m"))
                        .addToUsage("memory", new Quantity(memMi + "Mi")).endContainer().build())
                        .inNamespace(p.getMetadata().getNamespace()));
                String node = p.getSpec().getNodeName() == null ? "" : p.getSpec().getNodeName();
                long[] sum = perNode.computeIfAbsent(node, k -> new long[2]);
                sum[0] += cpu;
                sum[1] += memMi;
            }
            for (String[] n : NODES) {
                long[] sum = perNode.getOrDefault(n[0], new long[2]);
                // The kubelet, the CNI and the system daemons use their share too.
                write("node/" + n[0], client.resource(new NodeMetricsBuilder().withNewMetadata().withName(n[0])
                        .endMetadata().withTimestamp(now).withWindow(new io.fabric8.kubernetes.api.model.Duration(
                                EVERY)).addToUsage("cpu", new Quantity((sum[0] + 160 + wobble(n[0], 40)) + "m"))
                        .addToUsage("memory", new Quantity((sum[1] + 1100 + wobble(n[0], 80)) + "Mi")).build()));
            }
        } catch (RuntimeException e) {
            // the next sample tries again; a sandbox without figures for 15 s shows n/a, as a real rack would
        }
    }

    /** One request per sample for an object already made: an update; the first time, a create. */
    private <T extends io.fabric8.kubernetes.api.model.HasMetadata> void write(String key,
            io.fabric8.kubernetes.client.dsl.Resource<T> r) {
        if (made.contains(key)) {
            try {
                r.update();
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                made.remove(key); // deleted meanwhile: made again below
            }
        }
        r.createOr(NonDeletingOperation::update);
        made.add(key);
    }

    /** Where a service's figure sits: the same service, the same level, between low and high. */
    private long level(String service, long low, long high) {
        long h = Math.floorMod((service + seed).hashCode(), 1000);
        return low + h * (high - low) / 1000;
    }

    private long wobble(String name, long by) {
        return Math.floorMod((name + tick + seed).hashCode(), by);
    }
}
