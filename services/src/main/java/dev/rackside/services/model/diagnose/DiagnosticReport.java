package dev.rackside.services.model.diagnose;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Why an app's deploy stalls or its processes are not ready, with the fields of Convox's own report
 * (convox 3.24.9 pkg/structs/diagnose.go AppDiagnosticReport, as provider/k8s/diagnose.go fills it in), computed
 * by rackside from the Kubernetes API, so it works on racks older than 3.24.9 and without the rack API.
 */
public record DiagnosticReport(String namespace, String rack, String app, Instant timestamp,
        Optional<Overview> overview, List<InitPod> initPods, List<Pod> pods, Optional<Summary> summary) {

    public DiagnosticReport {
        initPods = List.copyOf(initPods);
        pods = List.copyOf(pods);
    }

    /** How many processes are in each class. */
    public record Summary(int total, int unhealthy, int notReady, int fresh, int healthy) {
    }

    public record Overview(List<ServiceStatus> services, List<Event> events) {
        public Overview {
            services = List.copyOf(services);
            events = List.copyOf(events);
        }
    }

    /**
     * @param status running, deploying, stalled or scaled-down
     * @param stallReason why a stalled service is stalled
     */
    public record ServiceStatus(String name, int desiredReplicas, int readyReplicas, int updatedReplicas,
            String status, Optional<String> stallReason, boolean agent) {
    }

    /** @param object {@code kind/name}, the kind lower-cased */
    public record Event(Instant timestamp, String type, String reason, String object, String message,
            Optional<String> hint) {
    }

    public record InitPod(String name, String service, String phase, List<Container> initContainers) {
        public InitPod {
            initContainers = List.copyOf(initContainers);
        }
    }

    public record Container(String name, String state, Optional<String> logs) {
    }

    /**
     * @param classification unhealthy, not-ready, new or healthy
     * @param ready          ready containers over containers, {@code 1/1}
     */
    public record Pod(String name, String service, String phase, String ready, int ageSeconds, int restarts,
            String classification, Optional<String> stateDetail, Optional<String> hint, Optional<String> logs,
            Optional<String> previousLogs, List<Event> events) {
        public Pod {
            events = List.copyOf(events);
        }
    }

    /**
     * What to diagnose and how much to read (AppDiagnoseOptions): only these services (all when empty); a pod
     * younger than {@code ageThreshold} seconds is {@code new}; healthy pods listed only with {@code all}; how
     * many log lines; whether to read events and the previous container's logs.
     */
    public record Options(List<String> services, int ageThreshold, boolean all, int lines, boolean events,
            boolean previous) {
        public static final Options DEFAULT = new Options(List.of(), 300, false, 200, true, true);

        public Options {
            services = List.copyOf(services);
        }
    }
}
