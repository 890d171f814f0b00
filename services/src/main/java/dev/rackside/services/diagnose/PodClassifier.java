package dev.rackside.services.diagnose;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A pod's class and state detail as convox 3.24.9 provider/k8s/diagnose.go classifyPod decides them: not
 * Running is {@code unhealthy}; Running with a container not ready (or none reported) {@code not-ready};
 * younger than the age threshold {@code new}; else {@code healthy}. The detail is the first container's
 * waiting reason or {@code Terminated:<reason>}, else an init container's {@code init:<reason>} or
 * {@code init:Failed(exit=N)}.
 */
public final class PodClassifier {
    public static final List<String> ORDER = List.of("unhealthy", "not-ready", "new", "healthy");

    public record Classified(String classification, Optional<String> stateDetail) {
    }

    private PodClassifier() {
    }

    public static Classified classify(Pod pod, Instant now, int ageThresholdSeconds) {
        PodStatus st = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        String phase = st.getPhase() == null ? "" : st.getPhase();
        List<ContainerStatus> cs = st.getContainerStatuses() == null ? List.of() : st.getContainerStatuses();
        boolean ready = !cs.isEmpty() && cs.stream().allMatch(c -> Boolean.TRUE.equals(c.getReady()));
        Optional<String> detail = Optional.empty();
        for (ContainerStatus c : cs) {
            if (c.getState() == null) {
                continue;
            }
            if (c.getState().getWaiting() != null && notEmpty(c.getState().getWaiting().getReason())) {
                detail = Optional.of(c.getState().getWaiting().getReason());
                break;
            }
            if (c.getState().getTerminated() != null && notEmpty(c.getState().getTerminated().getReason())) {
                detail = Optional.of("Terminated:" + c.getState().getTerminated().getReason());
                break;
            }
        }
        if (detail.isEmpty() && st.getInitContainerStatuses() != null) {
            for (ContainerStatus ic : st.getInitContainerStatuses()) {
                if (ic.getState() == null) {
                    continue;
                }
                if (ic.getState().getWaiting() != null && notEmpty(ic.getState().getWaiting().getReason())) {
                    detail = Optional.of("init:" + ic.getState().getWaiting().getReason());
                    break;
                }
                if (ic.getState().getTerminated() != null && ic.getState().getTerminated().getExitCode() != null
                        && ic.getState().getTerminated().getExitCode() != 0) {
                    detail = Optional.of("init:Failed(exit=" + ic.getState().getTerminated().getExitCode() + ")");
                    break;
                }
            }
        }
        String c;
        if (!phase.equals("Running")) {
            c = "unhealthy";
        } else if (!ready) {
            c = "not-ready";
        } else if (ageSeconds(pod, now) <= ageThresholdSeconds) {
            c = "new";
        } else {
            c = "healthy";
        }
        return new Classified(c, detail);
    }

    /** Since the pod was created; a pod with no creation time is as old as can be. */
    public static int ageSeconds(Pod pod, Instant now) {
        String created = pod.getMetadata() == null ? null : pod.getMetadata().getCreationTimestamp();
        if (created == null) {
            return Integer.MAX_VALUE;
        }
        try {
            long s = Duration.between(Instant.parse(created), now).toSeconds();
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, s));
        } catch (java.time.format.DateTimeParseException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
