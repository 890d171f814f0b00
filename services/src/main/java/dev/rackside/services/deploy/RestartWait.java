package dev.rackside.services.deploy;

import dev.rackside.services.api.Progress;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * After a restart was written: the restarted services followed until each has only new processes, all ready, or
 * the bound passes. {@code convox restart} (3.24.9 pkg/cli/restart.go) returns once the write is accepted; an
 * operator at a console wants to know the replacement is done, so rackside says
 * {@code restarted payments/worker: 3 new processes ready}. "Done" is what {@code kubectl rollout status} calls
 * done (kubectl 1.32 pkg/polymorphichelpers/rollout_status.go): the controller has seen the new generation, every
 * replica is updated, no old replica is left, and the updated ones are available.
 */
final class RestartWait {
    private static final Duration TICK = Duration.ofSeconds(1);

    /** One service's rollout as read at one moment. */
    record Rollout(String service, long updatedReady, long desired, boolean done) {
        String figure() {
            return updatedReady + " of " + desired + " new processes ready";
        }
    }

    private final KubernetesClient client;
    private final String ns;
    private final Clock clock;

    RestartWait(KubernetesClient client, String ns, Clock clock) {
        this.client = client;
        this.ns = ns;
        this.clock = clock;
    }

    /** Follows {@code names} until all are done or {@code bound} passes; the result line says which. */
    String await(String app, List<String> names, Duration bound, Progress progress) throws InterruptedException {
        Map<String, Long> generations = new LinkedHashMap<>();
        for (String name : names) {
            generations.put(name, generation(name));
        }
        Instant until = clock.instant().plus(bound);
        String last = "";
        List<Rollout> now = List.of();
        while (true) {
            now = new ArrayList<>();
            for (String name : names) {
                now.add(read(name, generations.get(name)));
            }
            String line = String.join(", ", now.stream().map(r -> r.service() + " " + r.figure()).toList());
            if (!line.equals(last)) {
                progress.line(line);
                last = line;
            }
            if (now.stream().allMatch(Rollout::done)) {
                return "restarted " + subject(app, names) + ": " + figures(now, true);
            }
            if (!clock.instant().isBefore(until)) {
                return "restart of " + subject(app, names) + " written; still replacing after "
                        + bound.toSeconds() + " s: " + figures(now, false);
            }
            Thread.sleep(TICK.toMillis());
        }
    }

    private static String subject(String app, List<String> names) {
        return names.size() == 1 ? app + "/" + names.get(0) : app;
    }

    private static String figures(List<Rollout> rs, boolean done) {
        if (rs.size() == 1) {
            Rollout r = rs.get(0);
            return done ? r.desired() + " new process" + (r.desired() == 1 ? "" : "es") + " ready" : r.figure();
        }
        return String.join(", ", rs.stream().map(r -> r.service() + " " + (done ? r.desired() + " new ready"
                : r.figure())).toList());
    }

    /** The generation the restart's write made; the controller must have seen at least this one. */
    private long generation(String name) {
        Object o = object(name);
        if (o instanceof Deployment d) {
            return d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        }
        if (o instanceof DaemonSet d) {
            return d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        }
        return 0;
    }

    private Object object(String name) {
        DaemonSet ds = client.apps().daemonSets().inNamespace(ns).withName(name).get();
        return ds != null ? ds : client.apps().deployments().inNamespace(ns).withName(name).get();
    }

    private Rollout read(String name, long generation) {
        Object o;
        try {
            o = object(name);
        } catch (RuntimeException e) {
            return new Rollout(name, 0, 0, false);
        }
        if (o instanceof Deployment d) {
            var s = d.getStatus();
            long desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            if (s == null) {
                return new Rollout(name, 0, desired, false);
            }
            long observed = s.getObservedGeneration() == null ? 0 : s.getObservedGeneration();
            long updated = n(s.getUpdatedReplicas());
            long total = n(s.getReplicas());
            long available = n(s.getAvailableReplicas());
            long ready = Math.min(updated, Math.min(n(s.getReadyReplicas()), available));
            if (observed < generation) {
                // The controller has not seen the restart yet: its "updated" replicas are the old ones, so none of
                // the figures count new processes (a stale "4 of 4" would read as done before anything started).
                return new Rollout(name, 0, desired, false);
            }
            boolean done = updated >= desired && total <= updated && available >= updated;
            return new Rollout(name, done ? desired : Math.min(ready, desired), desired, done);
        }
        if (o instanceof DaemonSet d) {
            var s = d.getStatus();
            if (s == null) {
                return new Rollout(name, 0, 0, false);
            }
            long desired = n(s.getDesiredNumberScheduled());
            long observed = s.getObservedGeneration() == null ? 0 : s.getObservedGeneration();
            if (observed < generation) {
                return new Rollout(name, 0, desired, false);
            }
            long updated = n(s.getUpdatedNumberScheduled());
            long available = n(s.getNumberAvailable());
            boolean done = updated >= desired && available >= desired;
            return new Rollout(name, Math.min(updated, available), desired, done);
        }
        return new Rollout(name, 0, 0, false);
    }

    private static long n(Integer i) {
        return i == null ? 0 : i;
    }
}
