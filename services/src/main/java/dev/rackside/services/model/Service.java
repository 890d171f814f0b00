package dev.rackside.services.model;

import java.util.List;
import java.util.Optional;

/**
 * A service as {@code convox services} and {@code convox scale} show it.
 *
 * @param ports    "443:3000" for the external main port, "3000" otherwise
 * @param desired  spec.replicas (agents: pods ready)
 * @param running  process rows of this service, as the Convox CLI counts them
 * @param cpu      millicores requested by the primary container
 * @param memory   MiB requested by the primary container
 * @param min      lower count bound: the active manifest overlaid with the live HPA
 * @param max      upper count bound, same sources
 * @param gpu       GPUs requested by the primary container, 0 for none
 * @param autoscale {@code convox services}' AUTOSCALE cell when autoscaling is on ({@code cpu>70 mem>80}, or
 *                  {@code -} when on without thresholds: a classic HPA); empty when it is off
 * @param cold      min 0 and no replicas: the first request waits for a pod (COLD)
 * @param ready     pods of this service (type service, not timers or one-offs) that are ready
 * @param pods      pods of this service (type service)
 */
public record Service(
        String name,
        String domain,
        List<String> ports,
        int desired,
        int running,
        int cpu,
        int memory,
        Optional<Integer> min,
        Optional<Integer> max,
        boolean agent,
        int gpu,
        Optional<String> autoscale,
        boolean cold,
        int ready,
        int pods,
        Usage usage) {

    public Service {
        ports = List.copyOf(ports);
    }

    public Service(String name, String domain, List<String> ports, int desired, int running, int cpu, int memory,
            Optional<Integer> min, Optional<Integer> max, boolean agent, int gpu, Optional<String> autoscale,
            boolean cold, int ready, int pods) {
        this(name, domain, ports, desired, running, cpu, memory, min, max, agent, gpu, autoscale, cold, ready, pods,
                Usage.NOT_READ);
    }

    /** Without the autoscaler and readiness detail (fixtures). */
    public Service(String name, String domain, List<String> ports, int desired, int running, int cpu, int memory,
            Optional<Integer> min, Optional<Integer> max, boolean agent) {
        this(name, domain, ports, desired, running, cpu, memory, min, max, agent, 0, Optional.empty(), false, 0, 0);
    }

    /** {@code convox services}' SCALE cell (pkg/cli/services.go formatScaleCell): {@code 2}, {@code 2-10}, {@code -}. */
    public String scaleCell() {
        if (min.isEmpty() && max.isEmpty()) {
            return "-";
        }
        if (min.isPresent() && max.isPresent()) {
            return min.get().equals(max.get()) ? String.valueOf(min.get()) : min.get() + "-" + max.get();
        }
        return min.map(m -> m + "-").orElseGet(() -> "-" + max.get());
    }
}
