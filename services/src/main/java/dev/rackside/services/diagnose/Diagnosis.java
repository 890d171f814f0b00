package dev.rackside.services.diagnose;

import dev.rackside.services.kube.ConvoxLabels;
import dev.rackside.services.model.diagnose.DiagnosticReport;
import dev.rackside.services.model.diagnose.DiagnosticReport.Event;
import dev.rackside.services.model.diagnose.DiagnosticReport.Options;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * Builds a {@link DiagnosticReport} for one app from the Kubernetes API, as convox 3.24.9
 * provider/k8s/diagnose.go AppDiagnose does: the overview (each Deployment and DaemonSet of the app and the
 * namespace's Warning events of the last 30 minutes, with hints), the pods stuck in init containers, and each
 * pod classified, the ones that are not healthy with their logs, their previous container's logs and their
 * events. Logs are read five at a time, as Convox reads them.
 */
public final class Diagnosis {
    private static final Duration EVENTS_SINCE = Duration.ofMinutes(30);
    private static final int PARALLEL_LOGS = 5;

    private final KubernetesClient client;
    private final String rack;
    private final Clock clock;
    private final Executor io;

    public Diagnosis(KubernetesClient client, String rack, Clock clock, Executor io) {
        this.client = client;
        this.rack = rack;
        this.clock = clock;
        this.io = io;
    }

    /** @throws IllegalArgumentException when the app's namespace is not there */
    public DiagnosticReport diagnose(String app, Options opts) {
        String ns = ConvoxLabels.appNamespace(rack, app);
        if (client.namespaces().withName(ns).get() == null) {
            throw new IllegalArgumentException("namespace " + ns + " not found -- verify rack and app names");
        }
        Instant now = clock.instant();
        Predicate<String> wanted = s -> opts.services().isEmpty() || opts.services().contains(s);
        List<io.fabric8.kubernetes.api.model.Event> events = client.v1().events().inNamespace(ns).list().getItems();
        List<Pod> pods = client.pods().inNamespace(ns).withLabel(ConvoxLabels.SYSTEM, ConvoxLabels.CONVOX).list()
                .getItems();
        DiagnosticReport.Overview overview = overview(ns, wanted, events, now);
        List<DiagnosticReport.InitPod> init = initPods(ns, pods);
        List<DiagnosticReport.Pod> classified = new ArrayList<>();
        int[] counts = new int[4];
        List<CompletableFuture<DiagnosticReport.Pod>> reads = new ArrayList<>();
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(PARALLEL_LOGS);
        for (Pod p : pods) {
            String service = label(p, ConvoxLabels.SERVICE);
            if (!wanted.test(service)) {
                continue;
            }
            PodClassifier.Classified c = PodClassifier.classify(p, now, opts.ageThreshold());
            counts[PodClassifier.ORDER.indexOf(c.classification())]++;
            if (!opts.all() && c.classification().equals("healthy")) {
                continue;
            }
            reads.add(CompletableFuture.supplyAsync(() -> {
                slots.acquireUninterruptibly();
                try {
                    return pod(ns, p, service, c, opts, events, now);
                } finally {
                    slots.release();
                }
            }, io));
        }
        for (CompletableFuture<DiagnosticReport.Pod> f : reads) {
            classified.add(f.join());
        }
        classified.sort(Comparator.comparing((DiagnosticReport.Pod p) -> PodClassifier.ORDER.indexOf(
                p.classification())).thenComparing(DiagnosticReport.Pod::name));
        int total = counts[0] + counts[1] + counts[2] + counts[3];
        return new DiagnosticReport(ns, rack, app, now, Optional.of(overview), init, classified, Optional.of(
                new DiagnosticReport.Summary(total, counts[0], counts[1], counts[2], counts[3])));
    }

    private DiagnosticReport.Overview overview(String ns, Predicate<String> wanted,
            List<io.fabric8.kubernetes.api.model.Event> events, Instant now) {
        List<DiagnosticReport.ServiceStatus> services = new ArrayList<>();
        for (Deployment d : client.apps().deployments().inNamespace(ns).withLabel(ConvoxLabels.SYSTEM,
                ConvoxLabels.CONVOX).withLabel(ConvoxLabels.TYPE, "service").list().getItems()) {
            String name = d.getMetadata().getName();
            if (!wanted.test(name)) {
                continue;
            }
            int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            int ready = d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0
                    : d.getStatus().getReadyReplicas();
            int updated = d.getStatus() == null || d.getStatus().getUpdatedReplicas() == null ? 0
                    : d.getStatus().getUpdatedReplicas();
            String status;
            Optional<String> stall = Optional.empty();
            if (desired == 0) {
                status = "scaled-down";
            } else if (ready == desired && updated == desired) {
                status = "running";
            } else {
                status = "deploying";
                boolean deadline = d.getStatus() != null && d.getStatus().getConditions() != null && d.getStatus()
                        .getConditions().stream().anyMatch(c -> "Progressing".equals(c.getType())
                                && "ProgressDeadlineExceeded".equals(c.getReason()));
                if (deadline) {
                    status = "stalled";
                    stall = Optional.of("Deploy timed out -- processes did not become healthy in time");
                }
            }
            services.add(new DiagnosticReport.ServiceStatus(name, desired, ready, updated, status, stall, false));
        }
        for (DaemonSet d : client.apps().daemonSets().inNamespace(ns).withLabel(ConvoxLabels.SYSTEM,
                ConvoxLabels.CONVOX).withLabel(ConvoxLabels.TYPE, "service").list().getItems()) {
            String name = d.getMetadata().getName();
            if (!wanted.test(name)) {
                continue;
            }
            int desired = d.getStatus() == null || d.getStatus().getDesiredNumberScheduled() == null ? 0
                    : d.getStatus().getDesiredNumberScheduled();
            int ready = d.getStatus() == null || d.getStatus().getNumberReady() == null ? 0
                    : d.getStatus().getNumberReady();
            int updated = d.getStatus() == null || d.getStatus().getUpdatedNumberScheduled() == null ? 0
                    : d.getStatus().getUpdatedNumberScheduled();
            services.add(new DiagnosticReport.ServiceStatus(name, desired, ready, updated, ready < desired
                    ? "deploying" : "running", Optional.empty(), true));
        }
        services.sort(Comparator.comparing(DiagnosticReport.ServiceStatus::name));
        Instant cutoff = now.minus(EVENTS_SINCE);
        List<Event> warnings = events.stream().filter(e -> "Warning".equals(e.getType())).map(Diagnosis::event)
                .filter(e -> !e.timestamp().isBefore(cutoff))
                .sorted(Comparator.comparing(Event::timestamp).reversed()).toList();
        return new DiagnosticReport.Overview(services, warnings);
    }

    private List<DiagnosticReport.InitPod> initPods(String ns, List<Pod> pods) {
        List<DiagnosticReport.InitPod> out = new ArrayList<>();
        for (Pod p : pods) {
            List<ContainerStatus> ics = p.getStatus() == null || p.getStatus().getInitContainerStatuses() == null
                    ? List.of() : p.getStatus().getInitContainerStatuses();
            if (ics.stream().allMatch(c -> Boolean.TRUE.equals(c.getReady()))) {
                continue;
            }
            List<DiagnosticReport.Container> containers = new ArrayList<>();
            for (ContainerStatus c : ics) {
                String state = "unknown";
                if (c.getState() != null && c.getState().getRunning() != null) {
                    state = "Running";
                } else if (c.getState() != null && c.getState().getWaiting() != null) {
                    String r = c.getState().getWaiting().getReason();
                    state = r == null || r.isEmpty() ? "Waiting" : r;
                } else if (c.getState() != null && c.getState().getTerminated() != null) {
                    state = "Terminated:" + c.getState().getTerminated().getReason() + "(exit="
                            + c.getState().getTerminated().getExitCode() + ")";
                }
                containers.add(new DiagnosticReport.Container(c.getName(), state, logs(ns, p.getMetadata()
                        .getName(), c.getName(), 100, false)));
            }
            out.add(new DiagnosticReport.InitPod(p.getMetadata().getName(), label(p, ConvoxLabels.SERVICE),
                    phase(p), containers));
        }
        return out;
    }

    private DiagnosticReport.Pod pod(String ns, Pod p, String service, PodClassifier.Classified c, Options opts,
            List<io.fabric8.kubernetes.api.model.Event> events, Instant now) {
        List<ContainerStatus> cs = p.getStatus() == null || p.getStatus().getContainerStatuses() == null ? List.of()
                : p.getStatus().getContainerStatuses();
        int readyCount = (int) cs.stream().filter(x -> Boolean.TRUE.equals(x.getReady())).count();
        int total = cs.isEmpty() ? p.getSpec().getContainers().size() : cs.size();
        int restarts = cs.stream().mapToInt(x -> x.getRestartCount() == null ? 0 : x.getRestartCount()).sum();
        Optional<String> hint = c.stateDetail().flatMap(Hints::forState);
        if (hint.isEmpty() && "Pending".equals(phase(p))) {
            hint = Optional.of(Hints.PENDING);
        }
        String name = p.getMetadata().getName();
        Optional<String> current = containerLogs(ns, p, opts.lines(), false);
        Optional<String> previous = opts.previous() ? containerLogs(ns, p, opts.lines(), true) : Optional.empty();
        List<Event> mine = !opts.events() ? List.of() : events.stream().filter(e -> e.getInvolvedObject() != null
                && name.equals(e.getInvolvedObject().getName())).map(Diagnosis::event)
                .sorted(Comparator.comparing(Event::timestamp).reversed()).toList();
        return new DiagnosticReport.Pod(name, service, phase(p), readyCount + "/" + total, PodClassifier.ageSeconds(p,
                now), restarts, c.classification(), c.stateDetail(), hint, current, previous, mine);
    }

    /** getAllContainerLogs / getPreviousLogs: each container's tail, headed by its name when there are several. */
    private Optional<String> containerLogs(String ns, Pod p, int lines, boolean previous) {
        List<Container> containers = p.getSpec().getContainers();
        StringBuilder all = new StringBuilder();
        for (Container c : containers) {
            Optional<String> text = logs(ns, p.getMetadata().getName(), c.getName(), lines, previous);
            if (text.isPresent() && !text.get().isEmpty()) {
                if (containers.size() > 1) {
                    all.append("==> container/").append(c.getName()).append(" <==\n");
                }
                all.append(text.get());
                if (!text.get().endsWith("\n")) {
                    all.append('\n');
                }
            }
        }
        return all.length() == 0 ? Optional.empty() : Optional.of(all.toString());
    }

    private Optional<String> logs(String ns, String pod, String container, int lines, boolean previous) {
        try {
            var r = client.pods().inNamespace(ns).withName(pod).inContainer(container);
            String text = previous ? r.terminated().tailingLines(lines).getLog() : r.tailingLines(lines).getLog();
            return Optional.ofNullable(text);
        } catch (KubernetesClientException e) {
            return Optional.empty(); // no such container yet, or no previous one: as Convox, nothing to show
        }
    }

    private static Event event(io.fabric8.kubernetes.api.model.Event e) {
        Instant at = parse(e.getLastTimestamp()).or(() -> parse(e.getMetadata().getCreationTimestamp()))
                .orElse(Instant.EPOCH);
        String kind = e.getInvolvedObject() == null || e.getInvolvedObject().getKind() == null ? ""
                : e.getInvolvedObject().getKind().toLowerCase(Locale.ROOT);
        String object = kind + "/" + (e.getInvolvedObject() == null ? "" : e.getInvolvedObject().getName());
        String reason = e.getReason() == null ? "" : e.getReason();
        return new Event(at, e.getType() == null ? "" : e.getType(), reason, object, e.getMessage() == null ? ""
                : e.getMessage(), Hints.forEvent(reason));
    }

    private static Optional<Instant> parse(String t) {
        try {
            return t == null || t.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(t));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String phase(Pod p) {
        return p.getStatus() == null || p.getStatus().getPhase() == null ? "" : p.getStatus().getPhase();
    }

    private static String label(Pod p, String key) {
        Map<String, String> l = p.getMetadata().getLabels();
        return l == null ? "" : l.getOrDefault(key, "");
    }
}
