package dev.rackside.services.kube;

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
 * Pod to the {@code convox ps} row. The status follows Convox's processFromPod (provider/k8s/process.go):
 * phase first, then Ready=False makes a running or pending pod unhealthy, CrashLoopBackOff makes it
 * crashed. rackside adds "starting" where Convox would say unhealthy for a pod whose primary container is
 * still being created or has not passed its startup probe yet, so a rollout in progress does not read as a
 * health problem.
 */
public final class ProcessMapper {
    /** Pod types {@code convox ps} lists. */
    public static final Set<String> TYPES = Set.of("process", "service", "timer");
    private static final Set<String> CREATING = Set.of("ContainerCreating", "PodInitializing");

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
        return new Process(pod.getMetadata().getName(), app, labels.getOrDefault(ConvoxLabels.SERVICE, ""),
                labels.getOrDefault(ConvoxLabels.TYPE, ""), status(pod, primaryStatus),
                labels.getOrDefault(ConvoxLabels.RELEASE, "").toUpperCase(java.util.Locale.ROOT), started, command,
                Optional.ofNullable(pod.getSpec().getNodeName()), restarts);
    }

    static String status(Pod pod, Optional<ContainerStatus> primary) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        String status;
        switch (phase == null ? "" : phase) {
            case "Failed":
                return "failed";
            case "Succeeded":
                return "complete";
            case "Pending":
                status = "pending";
                break;
            case "Running":
                status = "running";
                break;
            default:
                status = "unknown";
        }
        List<PodCondition> conditions = pod.getStatus() == null ? List.of() : pod.getStatus().getConditions();
        boolean notReady = conditions != null && conditions.stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "False".equals(c.getStatus()));
        String waiting = primary.map(ContainerStatus::getState).map(s -> s.getWaiting())
                .map(w -> w.getReason()).orElse("");
        if (notReady) {
            boolean stillStarting = CREATING.contains(waiting)
                    || (status.equals("running") && primary.map(s -> Boolean.FALSE.equals(s.getStarted())).orElse(false));
            status = stillStarting ? "starting" : "unhealthy";
        }
        if ("CrashLoopBackOff".equals(waiting)) {
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
