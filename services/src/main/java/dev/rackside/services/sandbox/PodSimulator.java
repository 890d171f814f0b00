package dev.rackside.services.sandbox;

import dev.rackside.services.kube.ConvoxLabels;
import dev.rackside.services.sandbox.ConvoxObjects.PodState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's stand-in for the kubelet and the Deployment controller: keeps each service Deployment's
 * pods at {@code spec.replicas}, takes new pods from Pending through starting to Ready, makes a
 * crash-looping service's pods crash with rising restart counts, and writes the Deployment's status. It works
 * through the API like a real controller, so rackside sees its effects through its ordinary watches.
 * Deterministic for a seed (pod names), though timing follows the wall clock.
 */
final class PodSimulator implements AutoCloseable {
    /** Marks a sandbox service whose pods never become ready. Simulation only. */
    static final String CRASH_LOOP = "sandbox.rackside.dev/crash-loop";
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final KubernetesClient client;
    private final ScheduledExecutorService clock;
    private final Random random;
    private final Duration readyAfter;
    private SharedIndexInformer<Deployment> deployments;

    PodSimulator(KubernetesClient client, ScheduledExecutorService clock, long seed, Duration readyAfter) {
        this.client = client;
        this.clock = clock;
        this.random = new Random(seed);
        this.readyAfter = readyAfter;
    }

    void start() {
        deployments = client.apps().deployments().inAnyNamespace()
                .withLabels(Map.of(ConvoxLabels.SYSTEM, ConvoxLabels.CONVOX, ConvoxLabels.TYPE, "service"))
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Deployment d) {
                        clock.execute(() -> reconcile(d));
                    }

                    @Override
                    public void onUpdate(Deployment before, Deployment d) {
                        if (!java.util.Objects.equals(before.getSpec(), d.getSpec())) {
                            clock.execute(() -> reconcile(d));
                        }
                    }

                    @Override
                    public void onDelete(Deployment d, boolean unknown) {
                    }
                }, 0);
    }

    private synchronized void reconcile(Deployment d) {
        String ns = d.getMetadata().getNamespace();
        String service = d.getMetadata().getLabels().get(ConvoxLabels.SERVICE);
        List<Pod> pods = client.pods().inNamespace(ns).withLabel(ConvoxLabels.SERVICE, service)
                .withLabel(ConvoxLabels.TYPE, "service").list().getItems();
        int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        for (int i = pods.size(); i < want; i++) {
            createPod(d, ns, service);
        }
        if (pods.size() > want) {
            pods.stream().sorted(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp()).reversed()
                    .thenComparing(p -> p.getMetadata().getName()))
                    .limit(pods.size() - want)
                    .forEach(p -> client.pods().inNamespace(ns).withName(p.getMetadata().getName()).delete());
        }
        clock.schedule(() -> writeStatus(ns, d.getMetadata().getName()), readyAfter.toMillis() + 200,
                TimeUnit.MILLISECONDS);
    }

    private void createPod(Deployment d, String ns, String service) {
        String app = d.getMetadata().getLabels().get(ConvoxLabels.APP);
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        String name = service + "-" + Integer.toHexString(Math.abs(d.getSpec().getTemplate().hashCode()) & 0xfffff)
                + "-" + suffix;
        Instant now = Instant.now();
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .withLabels(d.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
                .withNewSpec().withNodeName("ip-10-0-" + (1 + random.nextInt(3)) + "-" + (10 + random.nextInt(200))
                        + ".ec2.internal").withContainers(c).endSpec()
                .withStatus(ConvoxObjects.status(app, PodState.PENDING, 0, now)).build();
        client.pods().inNamespace(ns).resource(pod).create();
        boolean crash = "true".equals(d.getMetadata().getAnnotations() == null ? null
                : d.getMetadata().getAnnotations().get(CRASH_LOOP));
        clock.schedule(() -> setState(ns, name, app, PodState.STARTING, 0, now), readyAfter.toMillis() / 2,
                TimeUnit.MILLISECONDS);
        if (crash) {
            crashLoop(ns, name, app, now, 1);
        } else {
            clock.schedule(() -> setState(ns, name, app, PodState.RUNNING, 0, now), readyAfter.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Crash, back off, try again: the restart count climbs as long as the pod lives. */
    private void crashLoop(String ns, String name, String app, Instant created, int restarts) {
        clock.schedule(() -> {
            if (setState(ns, name, app, PodState.CRASHED, restarts, created)) {
                crashLoop(ns, name, app, created, restarts + 1);
            }
        }, readyAfter.toMillis() * Math.min(restarts, 6), TimeUnit.MILLISECONDS);
    }

    private boolean setState(String ns, String name, String app, PodState state, int restarts, Instant created) {
        try {
            Pod p = client.pods().inNamespace(ns).withName(name).get();
            if (p == null) {
                return false;
            }
            p.setStatus(ConvoxObjects.status(app, state, restarts, created));
            client.pods().inNamespace(ns).resource(p).updateStatus();
            String deployment = p.getMetadata().getLabels().get(ConvoxLabels.SERVICE);
            writeStatus(ns, deployment);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Deployment status as the controller reports it, conditions included (the atom reads them). */
    private synchronized void writeStatus(String ns, String deployment) {
        try {
            Deployment d = client.apps().deployments().inNamespace(ns).withName(deployment).get();
            if (d == null) {
                return;
            }
            List<Pod> pods = client.pods().inNamespace(ns).withLabel(ConvoxLabels.SERVICE, deployment)
                    .withLabel(ConvoxLabels.TYPE, "service").list().getItems();
            int ready = (int) pods.stream().filter(p -> p.getStatus() != null && p.getStatus().getConditions() != null
                    && p.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))).count();
            int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            boolean available = ready >= want;
            String now = Instant.now().toString();
            d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                    .withReplicas(pods.size()).withReadyReplicas(ready).withAvailableReplicas(ready)
                    .withUpdatedReplicas(pods.size()).withObservedGeneration(d.getMetadata().getGeneration())
                    .withConditions(
                            new DeploymentConditionBuilder().withType("Available")
                                    .withStatus(available ? "True" : "False").withLastUpdateTime(now)
                                    .withReason(available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
                                    .build(),
                            new DeploymentConditionBuilder().withType("Progressing").withStatus("True")
                                    .withLastUpdateTime(now)
                                    .withReason(available ? "NewReplicaSetAvailable" : "ReplicaSetUpdated").build())
                    .build());
            client.apps().deployments().inNamespace(ns).resource(d).updateStatus();
        } catch (RuntimeException e) {
            // the deployment changed under us; the next event writes a fresh status
        }
    }

    @Override
    public void close() {
        if (deployments != null) {
            deployments.stop();
        }
    }
}
