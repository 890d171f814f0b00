package dev.rackside.services.kube;

import dev.rackside.services.text.Humanize;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What an on-call engineer reads first when describing a process, before its YAML: each container's state and
 * its last state (the exit code, {@code OOMKilled}), and the object's recent Events, as {@code kubectl describe}
 * puts them (kubectl 1.32 pkg/describe/describe.go: describeContainerState and DescribeEvents; the same
 * fields, shorter lines for a console).
 */
public final class DescribeText {
    /** The newest Events shown; kubectl shows all the API server still has (an hour by default). */
    static final int EVENTS = 12;

    private DescribeText() {
    }

    /** {@code Containers:} with state, readiness, restarts and last state; empty for a pod without statuses. */
    public static List<String> containers(Pod pod) {
        List<ContainerStatus> all = new ArrayList<>();
        if (pod.getStatus() != null) {
            Optional.ofNullable(pod.getStatus().getInitContainerStatuses()).ifPresent(all::addAll);
            Optional.ofNullable(pod.getStatus().getContainerStatuses()).ifPresent(all::addAll);
        }
        List<String> out = new ArrayList<>();
        if (all.isEmpty()) {
            return out;
        }
        out.add("Containers:");
        for (ContainerStatus c : all) {
            out.add("  " + c.getName() + ": " + state(c.getState()) + (Boolean.TRUE.equals(c.getReady()) ? ", ready"
                    : ", not ready") + ", restarts " + (c.getRestartCount() == null ? 0 : c.getRestartCount()));
            if (c.getLastState() != null && (c.getLastState().getTerminated() != null
                    || c.getLastState().getWaiting() != null || c.getLastState().getRunning() != null)) {
                out.add("    last state: " + state(c.getLastState()));
            }
        }
        return out;
    }

    static String state(ContainerState s) {
        if (s == null) {
            return "unknown";
        }
        if (s.getRunning() != null) {
            return "running" + Optional.ofNullable(s.getRunning().getStartedAt()).map(t -> " since " + t).orElse("");
        }
        if (s.getTerminated() != null) {
            var t = s.getTerminated();
            StringBuilder b = new StringBuilder("terminated");
            Optional.ofNullable(t.getReason()).ifPresent(r -> b.append(" (").append(r).append(')'));
            b.append(", exit code ").append(t.getExitCode());
            Optional.ofNullable(t.getSignal()).filter(x -> x != 0).ifPresent(x -> b.append(", signal ").append(x));
            Optional.ofNullable(t.getStartedAt()).ifPresent(x -> b.append(", started ").append(x));
            Optional.ofNullable(t.getFinishedAt()).ifPresent(x -> b.append(", finished ").append(x));
            Optional.ofNullable(t.getMessage()).filter(x -> !x.isBlank()).ifPresent(x -> b.append(": ").append(x));
            return b.toString();
        }
        if (s.getWaiting() != null) {
            var w = s.getWaiting();
            return "waiting" + Optional.ofNullable(w.getReason()).map(r -> " (" + r + ")").orElse("")
                    + Optional.ofNullable(w.getMessage()).filter(x -> !x.isBlank()).map(m -> ": " + m).orElse("");
        }
        return "unknown";
    }

    /**
     * {@code Events:} the newest {@link #EVENTS} about the object, oldest first as kubectl prints them: type,
     * reason, age (with the count when the API server folded repeats), source and message; {@code <none>}.
     */
    public static List<String> events(List<Event> events, Instant now) {
        List<String> out = new ArrayList<>();
        out.add("Events:");
        if (events.isEmpty()) {
            out.add("  <none>");
            return out;
        }
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(DescribeText::last));
        for (Event e : sorted.subList(Math.max(0, sorted.size() - EVENTS), sorted.size())) {
            int count = e.getCount() == null ? 1 : e.getCount();
            String source = e.getSource() != null && e.getSource().getComponent() != null
                    ? e.getSource().getComponent() : Optional.ofNullable(e.getReportingComponent()).orElse("");
            out.add("  " + Optional.ofNullable(e.getType()).orElse("") + "  " + Optional.ofNullable(e.getReason())
                    .orElse("") + "  " + Humanize.ago(last(e), now) + (count > 1 ? " (x" + count + ")" : "")
                    + (source.isEmpty() ? "" : "  " + source) + "  " + Optional.ofNullable(e.getMessage()).orElse(""));
        }
        return out;
    }

    private static Instant last(Event e) {
        for (String t : new String[] {e.getLastTimestamp(), e.getEventTime() == null ? null : e.getEventTime()
                .getTime(), e.getFirstTimestamp(), e.getMetadata() == null ? null : e.getMetadata()
                .getCreationTimestamp()}) {
            if (t != null && !t.isBlank()) {
                try {
                    return Instant.parse(t);
                } catch (RuntimeException ignored) {
                    // MicroTime with a zone offset parses below
                    try {
                        return java.time.OffsetDateTime.parse(t).toInstant();
                    } catch (RuntimeException alsoIgnored) {
                        // try the next field
                    }
                }
            }
        }
        return Instant.EPOCH;
    }
}
