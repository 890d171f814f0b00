package dev.rackside.services.kube;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An app's HEALTH at a glance, from its pods (the Apps pane and {@code apps} show it after Convox's columns),
 * so a crash-looping worker is visible from the first screen while Convox's STATUS still says running:
 * {@code stalled: <reason>} for a pod that cannot start (image pulls, unschedulable, bad config),
 * {@code N crashing}, {@code deploying R/D} while a rollout is under way, {@code N not ready}, else {@code ok}.
 */
public final class AppHealth {
    static final Set<String> STALLS = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName",
            "CreateContainerConfigError", "CreateContainerError", "RunContainerError");

    private AppHealth() {
    }

    /** @param updating the app's atom is rolling out a release (Convox STATUS {@code updating}) */
    public static String of(List<? extends Pod> pods, boolean updating) {
        int crashing = 0;
        int notReady = 0;
        int ready = 0;
        int total = 0;
        Map<String, Integer> stalls = new TreeMap<>();
        for (Pod p : pods) {
            String type = AppMapper.orEmpty(p.getMetadata().getLabels()).getOrDefault(ConvoxLabels.TYPE, "");
            if (!type.equals("service")) {
                continue; // timers and one-off processes end by design
            }
            total++;
            String phase = p.getStatus() == null ? "" : String.valueOf(p.getStatus().getPhase());
            List<ContainerStatus> cs = p.getStatus() == null || p.getStatus().getContainerStatuses() == null
                    ? List.of() : p.getStatus().getContainerStatuses();
            boolean crash = false;
            for (ContainerStatus c : cs) {
                String w = c.getState() != null && c.getState().getWaiting() != null
                        ? String.valueOf(c.getState().getWaiting().getReason()) : "";
                if (w.equals("CrashLoopBackOff")) {
                    crash = true;
                } else if (STALLS.contains(w)) {
                    stalls.merge(w, 1, Integer::sum);
                }
            }
            if (phase.equals("Pending") && unschedulable(p)) {
                stalls.merge("Unschedulable", 1, Integer::sum);
            }
            boolean isReady = p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus()
                    .getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            if (crash) {
                crashing++;
            } else if (isReady) {
                ready++;
            } else if (!phase.equals("Succeeded")) {
                notReady++;
            }
        }
        if (!stalls.isEmpty()) {
            return "stalled: " + String.join(", ", stalls.keySet());
        }
        if (crashing > 0) {
            return crashing + " crashing";
        }
        if (total == 0) {
            return "no processes";
        }
        if (updating) {
            return "deploying " + ready + "/" + total;
        }
        if (notReady > 0) {
            return notReady + " not ready";
        }
        return "ok";
    }

    private static boolean unschedulable(Pod p) {
        List<PodCondition> c = p.getStatus().getConditions() == null ? List.of() : p.getStatus().getConditions();
        return c.stream().anyMatch(x -> "PodScheduled".equals(x.getType()) && "False".equals(x.getStatus())
                && "Unschedulable".equals(x.getReason()));
    }
}
