package dev.rackside.services.kube;


import dev.rackside.services.text.ShellQuote;
import dev.rackside.services.model.Process;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pod to the {@code convox ps} row, as Convox 3.24.9's processFromPod (provider/k8s/process.go) makes it: the
 * phase first (Failed, Pending, Running, Succeeded, else unknown); then, only for a pod still in play (not
 * complete, failed or pending), a Ready=False condition whose Reason is ContainersNotReady, PodInitializing or
 * ContainerCreating is {@code starting}, any other Reason (empty too) {@code unhealthy}; then CrashLoopBackOff
 * in the first container status, if that container is named after the app, is {@code crashed}. RELEASE is the
 * pod's {@code release} label as it is. What more rackside reads (ready containers, restarts, the waiting
 * reason) goes in columns after Convox's.
 */
public final class ProcessMapper {
    /** Pod types {@code convox ps} lists. */
    public static final Set<String> TYPES = Set.of("process", "service", "timer");
    private static final Set<String> STARTING = Set.of("ContainersNotReady", "PodInitializing", "ContainerCreating");

    private ProcessMapper() {
    }

    public static boolean listed(Pod pod) {
        return TYPES.contains(AppMapper.orEmpty(pod.getMetadata().getLabels()).get(ConvoxLabels.TYPE));
    }

    public static Process fromPod(Pod pod) {
        Map<String, String> labels = AppMapper.orEmpty(pod.getMetadata().getLabels());
        String app = labels.getOrDefault(ConvoxLabels.APP, "");
        Optional<Container> primary = primaryContainer(pod.getSpec().getContainers(), app);
        Optional<ContainerStatus> primaryStatus = primaryStatus(pod, app);
        String command = primary.map(c -> ShellQuote.join(c.getArgs())).orElse("");
        Optional<Instant> started = Optional.ofNullable(pod.getMetadata().getCreationTimestamp())
                .flatMap(ProcessMapper::instant);
        int restarts = primaryStatus.map(ContainerStatus::getRestartCount).orElse(0);
        List<ContainerStatus> all = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                ? List.of() : pod.getStatus().getContainerStatuses();
        int ready = (int) all.stream().filter(c -> Boolean.TRUE.equals(c.getReady())).count();
        int containers = pod.getSpec().getContainers() == null ? all.size() : pod.getSpec().getContainers().size();
        return new Process(pod.getMetadata().getName(), app, labels.getOrDefault(ConvoxLabels.SERVICE, ""),
                labels.getOrDefault(ConvoxLabels.TYPE, ""), status(pod), labels.getOrDefault(ConvoxLabels.RELEASE, ""),
                started, command, Optional.ofNullable(pod.getSpec().getNodeName()), restarts, ready, containers,
                primaryStatus.flatMap(ProcessMapper::waiting));
    }

    /** The waiting reason, else the last termination's reason (OOMKilled, Error), of one container. */
    static Optional<String> waiting(ContainerStatus c) {
        if (c.getState() != null && c.getState().getWaiting() != null && c.getState().getWaiting().getReason() != null) {
            return Optional.of(c.getState().getWaiting().getReason());
        }
        if (c.getState() != null && c.getState().getTerminated() != null) {
            return Optional.ofNullable(c.getState().getTerminated().getReason());
        }
        if (c.getLastState() != null && c.getLastState().getTerminated() != null && !Boolean.TRUE.equals(c.getReady())) {
            return Optional.ofNullable(c.getLastState().getTerminated().getReason());
        }
        return Optional.empty();
    }

    static String status(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        String status = switch (phase == null ? "" : phase) {
            case "Failed" -> "failed";
            case "Pending" -> "pending";
            case "Running" -> "running";
            case "Succeeded" -> "complete";
            default -> "unknown";
        };
        List<PodCondition> conditions = pod.getStatus() == null || pod.getStatus().getConditions() == null ? List.of()
                : pod.getStatus().getConditions();
        if (!status.equals("complete") && !status.equals("failed") && !status.equals("pending")) {
            for (PodCondition c : conditions) {
                if ("Ready".equals(c.getType()) && "False".equals(c.getStatus())) {
                    status = STARTING.contains(c.getReason() == null ? "" : c.getReason()) ? "starting" : "unhealthy";
                }
            }
        }
        List<ContainerStatus> css = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                ? List.of() : pod.getStatus().getContainerStatuses();
        String app = AppMapper.orEmpty(pod.getMetadata().getLabels()).getOrDefault(ConvoxLabels.APP, "");
        if (!css.isEmpty() && app.equals(css.get(0).getName()) && css.get(0).getState() != null
                && css.get(0).getState().getWaiting() != null
                && "CrashLoopBackOff".equals(css.get(0).getState().getWaiting().getReason())) {
            status = "crashed";
        }
        return status;
    }

    /** The container named after the app, as Convox renders it; else the first one. */
    public static Optional<Container> primaryContainer(List<Container> containers, String app) {
        if (containers == null || containers.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(containers.stream().filter(c -> app.equals(c.getName())).findFirst()
                .orElse(containers.get(0)));
    }

    private static Optional<ContainerStatus> primaryStatus(Pod pod, String app) {
        List<ContainerStatus> all = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
        if (all == null || all.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(all.stream().filter(c -> app.equals(c.getName())).findFirst().orElse(all.get(0)));
    }

    static Optional<Instant> instant(String rfc3339) {
        try {
            return Optional.of(Instant.parse(rfc3339));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
