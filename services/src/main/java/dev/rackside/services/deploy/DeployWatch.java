package dev.rackside.services.deploy;

import dev.rackside.services.api.Progress;
import dev.rackside.services.kube.ConvoxLabels;
import dev.rackside.services.model.DeployState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * rackside's own view of a deploy while it runs, read from Kubernetes whichever way the deploy was started: the
 * Atom's status changes, the ready counts of the app's services, the app's new Events (warnings named), and,
 * when it ends badly, why: the deadline passed with {@code web 0/3 ready}, a crash loop in {@code worker}, the
 * last Warning event. Reports lines as they change and the {@link DeployState} the console keeps in view.
 */
final class DeployWatch {
    private final KubernetesClient client;
    private final String rack;
    private final String app;
    private final String ns;
    private final String release;
    private final Optional<Instant> deadline;
    private final Progress progress;
    private final Set<String> seenEvents = new HashSet<>();
    private String lastStatus = "";
    private String lastReady = "";
    private List<DeployState.ServiceReady> ready = List.of();
    /** The ready counts while the new release was rolling out, before any rollback restored the old pods. */
    private List<DeployState.ServiceReady> rollout = List.of();
    private Optional<String> lastWarning = Optional.empty();

    DeployWatch(KubernetesClient client, String rack, String app, String ns, String release,
            Optional<Instant> deadline, Progress progress) {
        this.client = client;
        this.rack = rack;
        this.app = app;
        this.ns = ns;
        this.release = release;
        this.deadline = deadline;
        this.progress = progress;
        try {
            for (Event e : client.v1().events().inNamespace(ns).list().getItems()) {
                seenEvents.add(key(e));
            }
        } catch (RuntimeException e) {
            // no Events readable: the deploy goes on without them
        }
    }

    /** Reads the current state; reports what changed since the last call. Never throws for a failed read. */
    void observe(String atomStatus) {
        if (!atomStatus.equals(lastStatus)) {
            progress.line("Atom app: " + (lastStatus.isEmpty() ? "" : lastStatus + " => ") + atomStatus);
            lastStatus = atomStatus;
        }
        try {
            ready = readyCounts();
            if (atomStatus.equals("Pending") || atomStatus.equals("Updating")) {
                rollout = ready;
            }
            String line = "replicas: " + String.join(", ", ready.stream().map(r -> r.service() + " " + r.ready()
                    + "/" + r.desired() + " ready (" + r.updated() + " updated)").toList());
            if (!line.equals(lastReady)) {
                progress.line(line);
                lastReady = line;
            }
        } catch (RuntimeException e) {
            // counts unreadable this tick
        }
        try {
            for (Event e : client.v1().events().inNamespace(ns).list().getItems()) {
                if (seenEvents.add(key(e)) && !"Status".equals(e.getReason())) {
                    String what = e.getInvolvedObject() == null ? "" : e.getInvolvedObject().getKind()
                            .toLowerCase(Locale.ROOT) + "/" + e.getInvolvedObject().getName();
                    boolean warning = "Warning".equals(e.getType());
                    String text = (warning ? "WARN " + e.getReason() + ": " : "") + e.getMessage();
                    progress.line("system/k8s/" + what + " " + text);
                    if (warning) {
                        lastWarning = Optional.of(what + " " + e.getReason() + ": " + e.getMessage());
                    }
                }
            }
        } catch (RuntimeException e) {
            // Events unreadable this tick
        }
        progress.state(new DeployState(rack, app, release, atomStatus, deadline, ready, Optional.empty(), false));
    }

    /** The end, reported: done, or failed with {@link #why()}. */
    void finish(String atomStatus, Optional<String> failure) {
        progress.state(new DeployState(rack, app, release, atomStatus, deadline, ready, failure, true));
    }

    /** Why a deploy that did not become Running did not: the slowest service, a crash loop, the last warning. */
    String why() {
        List<String> parts = new ArrayList<>();
        boolean pastDeadline = deadline.map(d -> Instant.now().isAfter(d)).orElse(false);
        List<String> notReady = (rollout.isEmpty() ? ready : rollout).stream()
                .filter(r -> r.ready() < r.desired() || r.updated() < r.desired())
                .map(r -> r.service() + " " + Math.min(r.ready(), r.updated()) + "/" + r.desired() + " ready").toList();
        if (pastDeadline && !notReady.isEmpty()) {
            parts.add("deadline passed with " + String.join(", ", notReady));
        } else if (!notReady.isEmpty()) {
            parts.add(String.join(", ", notReady));
        }
        crashLoop().ifPresent(c -> parts.add("crash loop in " + c));
        lastWarning.ifPresent(w -> parts.add("last warning: " + w));
        return parts.isEmpty() ? "no service reported a reason" : String.join("; ", parts);
    }

    private Optional<String> crashLoop() {
        try {
            for (Pod p : client.pods().inNamespace(ns).withLabel(ConvoxLabels.RELEASE, release).list().getItems()) {
                List<ContainerStatus> cs = p.getStatus() == null || p.getStatus().getContainerStatuses() == null
                        ? List.of() : p.getStatus().getContainerStatuses();
                for (ContainerStatus c : cs) {
                    if (c.getState() != null && c.getState().getWaiting() != null
                            && "CrashLoopBackOff".equals(c.getState().getWaiting().getReason())) {
                        String svc = p.getMetadata().getLabels() == null ? p.getMetadata().getName()
                                : p.getMetadata().getLabels().getOrDefault(ConvoxLabels.SERVICE,
                                        p.getMetadata().getName());
                        return Optional.of(svc + " (" + p.getMetadata().getName() + ", " + c.getRestartCount()
                                + " restarts)");
                    }
                }
            }
        } catch (RuntimeException e) {
            // unreadable
        }
        return Optional.empty();
    }

    private List<DeployState.ServiceReady> readyCounts() {
        List<DeployState.ServiceReady> out = new ArrayList<>();
        for (Deployment d : client.apps().deployments().inNamespace(ns).withLabel(ConvoxLabels.TYPE, "service").list()
                .getItems()) {
            int want = d.getSpec().getReplicas() == null ? 0 : d.getSpec().getReplicas();
            int ok = d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0
                    : d.getStatus().getReadyReplicas();
            int updated = d.getStatus() == null || d.getStatus().getUpdatedReplicas() == null ? 0
                    : d.getStatus().getUpdatedReplicas();
            out.add(new DeployState.ServiceReady(d.getMetadata().getName(), ok, want, updated));
        }
        out.sort(java.util.Comparator.comparing(DeployState.ServiceReady::service));
        return out;
    }

    /** The Atom's status as it is now, empty when it cannot be read. */
    static String atomStatus(KubernetesClient client, String ns) {
        try {
            GenericKubernetesResource atom = client.genericKubernetesResources(
                    dev.rackside.services.kube.ConvoxCrds.ATOMS).inNamespace(ns).withName("app").get();
            return atom == null ? "" : AtomDriver.status(atom);
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String key(Event e) {
        return e.getMetadata().getName() + "/" + e.getCount();
    }
}
