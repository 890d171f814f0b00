package dev.rackside.sandbox;

import dev.rackside.services.kube.ConvoxObjects;
import dev.rackside.services.kube.ConvoxLabels;
import dev.rackside.services.kube.ConvoxObjects.PodState;
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
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PodSimulator.class);
    /** Marks a sandbox service whose pods never become ready. Simulation only. */
    static final String CRASH_LOOP = "sandbox.rackside.dev/crash-loop";
    static final String TEMPLATE_HASH = "pod-template-hash";
    /** Marks a sandbox service whose new pods take this many seconds to become ready (a deploy in flight). */
    static final String SLOW_START = "sandbox.rackside.dev/slow-start-seconds";
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final KubernetesClient client;
    private final ScheduledExecutorService clock;
    private final Random random;
    private final Duration readyAfter;
    private final SimulatedEvents events;
    private SharedIndexInformer<Deployment> deployments;
    private SharedIndexInformer<Pod> oneOffs;

    private final PodLogs logs;

    PodSimulator(KubernetesClient client, ScheduledExecutorService clock, long seed, Duration readyAfter,
            SimulatedEvents events, PodLogs logs) {
        this.logs = logs;
        this.client = client;
        this.clock = clock;
        this.random = new Random(seed);
        this.readyAfter = readyAfter;
        this.events = events;
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
        // One-off processes (convox run, rackside run): a pod nobody owns, labelled type=process, that the
        // kubelet starts; one whose command is not a sleep runs it and ends.
        oneOffs = client.pods().inAnyNamespace().withLabels(Map.of(ConvoxLabels.SYSTEM, ConvoxLabels.CONVOX,
                ConvoxLabels.TYPE, "process")).inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod p) {
                        if (p.getStatus() == null || p.getStatus().getPhase() == null) {
                            clock.execute(() -> startOneOff(p));
                        }
                    }

                    @Override
                    public void onUpdate(Pod before, Pod p) {
                    }

                    @Override
                    public void onDelete(Pod p, boolean unknown) {
                    }
                }, 0);
    }

    private void startOneOff(Pod p) {
        String ns = p.getMetadata().getNamespace();
        String name = p.getMetadata().getName();
        String app = p.getMetadata().getLabels().getOrDefault(ConvoxLabels.APP, "");
        String service = p.getMetadata().getLabels().getOrDefault(ConvoxLabels.SERVICE, "");
        Instant now = Instant.now();
        setState(ns, name, app, PodState.PENDING, 0, now);
        logs.register(ns, name, new PodLogs.Writer(app, service, now, false));
        events.record(ns, "Pod", name, "Scheduled", "Successfully assigned " + ns + "/" + name
                + " to ip-10-0-1-17.ec2.internal");
        List<String> args = p.getSpec().getContainers().get(0).getArgs();
        boolean sleeps = args != null && !args.isEmpty() && args.get(0).equals("sleep");
        clock.schedule(() -> {
            if (setState(ns, name, app, PodState.RUNNING, 0, now)) {
                events.record(ns, "Pod", name, "Started", "Started container " + app);
            }
        }, readyAfter.toMillis() / 2, TimeUnit.MILLISECONDS);
        if (!sleeps) {
            clock.schedule(() -> setState(ns, name, app, PodState.COMPLETE, 0, now), readyAfter.toMillis() * 3,
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * One step towards {@code spec.replicas} pods of the current template, as the Deployment controller
     * takes it: surge new pods up to maxSurge, remove old ones only while at least replicas - maxUnavailable
     * stay ready, and come back for the next step until the rollout is done.
     */
    /** Re-reconciles a Deployment something else just wrote (the atom applying a template). */
    void touch(String ns, String name) {
        Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
        if (d != null) {
            clock.execute(() -> reconcile(d));
        }
    }

    private synchronized void reconcile(Deployment seen) {
        String ns = seen.getMetadata().getNamespace();
        String name = seen.getMetadata().getName();
        Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
        if (d == null) {
            return;
        }
        String service = d.getMetadata().getLabels().get(ConvoxLabels.SERVICE);
        String hash = templateHash(d);
        List<Pod> pods = podsOf(d);
        List<Pod> current = pods.stream().filter(p -> hash.equals(label(p, TEMPLATE_HASH))).toList();
        List<Pod> old = pods.stream().filter(p -> !hash.equals(label(p, TEMPLATE_HASH))).toList();
        int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        int surge = Rollout.maxSurge(d, want);
        int unavailable = Rollout.maxUnavailable(d, want);

        int total = pods.size();
        for (int i = current.size(); i < want && total < want + surge; i++) {
            createPod(d, ns, service, hash);
            total++;
        }
        if (current.size() > want) {
            current.stream().sorted(NEWEST_FIRST).limit(current.size() - want).forEach(p -> delete(ns, p, d));
        }
        long ready = pods.stream().filter(PodSimulator::ready).count();
        long minReady = Math.max(0, want - unavailable);
        for (Pod p : old.stream().sorted(Comparator.comparing(PodSimulator::ready)).toList()) {
            if (!ready(p)) {
                delete(ns, p, d);
            } else if (ready - 1 >= minReady) {
                delete(ns, p, d);
                ready--;
            }
        }
        boolean done = old.isEmpty() && current.size() == want;
        if (!done) {
            clock.schedule(() -> reconcile(d), Math.max(100, readyAfter.toMillis() / 2), TimeUnit.MILLISECONDS);
        }
        clock.schedule(() -> writeStatus(ns, name), readyAfter.toMillis() + 200, TimeUnit.MILLISECONDS);
    }

    /**
     * The Deployment's pods: its selector plus a pod-template-hash, as a ReplicaSet's selector has, so run
     * and timer pods that share the service's labels are never adopted or deleted.
     */
    private List<Pod> podsOf(Deployment d) {
        return client.pods().inNamespace(d.getMetadata().getNamespace())
                .withLabels(d.getSpec().getSelector().getMatchLabels()).withLabel(TEMPLATE_HASH).list().getItems();
    }

    private static final Comparator<Pod> NEWEST_FIRST = Comparator
            .comparing((Pod p) -> p.getMetadata().getCreationTimestamp()).reversed()
            .thenComparing(p -> p.getMetadata().getName());

    private void delete(String ns, Pod p, Deployment d) {
        client.pods().inNamespace(ns).withName(p.getMetadata().getName()).delete();
        events.record(ns, "Deployment", d.getMetadata().getName(), "ScalingReplicaSet",
                "Deleted pod " + p.getMetadata().getName());
    }

    static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String label(Pod p, String key) {
        return p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(key);
    }

    /** Stable per pod template, like the pod-template-hash a ReplicaSet carries. */
    static String templateHash(Deployment d) {
        return Integer.toHexString(d.getSpec().getTemplate().hashCode() & 0xfffffff);
    }

    private void createPod(Deployment d, String ns, String service, String hash) {
        String app = d.getMetadata().getLabels().get(ConvoxLabels.APP);
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        String name = service + "-" + hash + "-" + suffix;
        Instant now = Instant.now();
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .withLabels(d.getSpec().getTemplate().getMetadata().getLabels()).addToLabels(TEMPLATE_HASH, hash)
                .endMetadata()
                .withNewSpec().withNodeName("ip-10-0-" + (1 + random.nextInt(3)) + "-" + (10 + random.nextInt(200))
                        + ".ec2.internal").withContainers(c).endSpec()
                .withStatus(ConvoxObjects.status(app, ns.endsWith("-system") ? PodState.RUNNING : PodState.PENDING, 0,
                        now)).build();
        client.pods().inNamespace(ns).resource(pod).create();
        if (ns.endsWith("-system")) {
            // The rack's own services (its api, its atom controller) were up before the sandbox was opened: an
            // operator who acts at once meets a rack API that answers, as on a rack that has been running.
            logs.register(ns, name, new PodLogs.Writer(app, service, now, false));
            clock.schedule(() -> reconcile(d), 10, TimeUnit.MILLISECONDS);
            return;
        }
        logs.register(ns, name, new PodLogs.Writer(app, service, now.plus(readyAfter.dividedBy(2)),
                "true".equals(d.getMetadata().getAnnotations() == null ? null
                        : d.getMetadata().getAnnotations().get(CRASH_LOOP))));
        events.record(ns, "Deployment", d.getMetadata().getName(), "ScalingReplicaSet", "Created pod " + name);
        events.record(ns, "Pod", name, "Scheduled", "Successfully assigned " + ns + "/" + name + " to "
                + pod.getSpec().getNodeName());
        // The sandbox's behaviour knobs may sit on the Deployment or, from a release's convox.yml service
        // annotations, on its pod template.
        Map<String, String> ann = new java.util.HashMap<>();
        if (d.getSpec().getTemplate().getMetadata() != null && d.getSpec().getTemplate().getMetadata()
                .getAnnotations() != null) {
            ann.putAll(d.getSpec().getTemplate().getMetadata().getAnnotations());
        }
        if (d.getMetadata().getAnnotations() != null) {
            ann.putAll(d.getMetadata().getAnnotations());
        }
        boolean crash = "true".equals(ann.get(CRASH_LOOP));
        long readyMillis = ann.containsKey(SLOW_START) ? Long.parseLong(ann.get(SLOW_START)) * 1000
                : readyAfter.toMillis();
        clock.schedule(() -> setState(ns, name, app, PodState.STARTING, 0, now), readyAfter.toMillis() / 2,
                TimeUnit.MILLISECONDS);
        if (crash) {
            crashLoop(ns, name, app, now, 1);
        } else {
            clock.schedule(() -> {
                if (setState(ns, name, app, PodState.RUNNING, 0, now)) {
                    events.record(ns, "Pod", name, "Started", "Started container " + app);
                    reconcile(d);
                }
            }, readyMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Crash, back off, try again: the restart count climbs as long as the pod lives. */
    private void crashLoop(String ns, String name, String app, Instant created, int restarts) {
        clock.schedule(() -> {
            if (setState(ns, name, app, PodState.CRASHED, restarts, created)) {
                events.record(ns, "Pod", name, "BackOff", "Back-off restarting failed container " + app
                        + " in pod " + name);
                crashLoop(ns, name, app, created, restarts + 1);
            }
        }, readyAfter.toMillis() * Math.min(restarts, 6), TimeUnit.MILLISECONDS);
    }

    /** Moves a pod to {@code state}; false when the pod is gone. A write that races another is retried. */
    private boolean setState(String ns, String name, String app, PodState state, int restarts, Instant created) {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                Pod p = client.pods().inNamespace(ns).withName(name).get();
                if (p == null) {
                    return false;
                }
                p.setStatus(ConvoxObjects.status(app, state, restarts, created));
                client.pods().inNamespace(ns).resource(p).updateStatus();
                writeStatus(ns, p.getMetadata().getLabels().get(ConvoxLabels.SERVICE));
                return true;
            } catch (RuntimeException e) {
                LOG.debug("pod {}/{} -> {}: {}", ns, name, state, e.toString());
            }
        }
        return false;
    }

    /** Deployment status as the controller reports it, conditions included (the atom reads them). */
    private synchronized void writeStatus(String ns, String deployment) {
        try {
            Deployment d = client.apps().deployments().inNamespace(ns).withName(deployment).get();
            if (d == null) {
                return;
            }
            List<Pod> pods = podsOf(d);
            int ready = (int) pods.stream().filter(p -> p.getStatus() != null && p.getStatus().getConditions() != null
                    && p.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))).count();
            int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            String hash = templateHash(d);
            long readyUpdated = pods.stream().filter(p -> hash.equals(label(p, TEMPLATE_HASH)) && ready(p)).count();
            boolean rolledOut = readyUpdated >= want && pods.size() == want;
            boolean available = ready >= want;
            String now = Instant.now().toString();
            d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                    .withReplicas(pods.size()).withReadyReplicas(ready).withAvailableReplicas(ready)
                    .withUpdatedReplicas((int) pods.stream().filter(p -> hash.equals(label(p, TEMPLATE_HASH))).count())
                    .withObservedGeneration(d.getMetadata().getGeneration())
                    .withConditions(
                            new DeploymentConditionBuilder().withType("Available")
                                    .withStatus(available ? "True" : "False").withLastUpdateTime(now)
                                    .withReason(available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
                                    .build(),
                            new DeploymentConditionBuilder().withType("Progressing").withStatus("True")
                                    .withLastUpdateTime(now)
                                    .withReason(rolledOut ? "NewReplicaSetAvailable" : "ReplicaSetUpdated").build())
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
        if (oneOffs != null) {
            oneOffs.stop();
        }
    }
}
