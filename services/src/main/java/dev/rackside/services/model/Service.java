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
        boolean agent) {

    public Service {
        ports = List.copyOf(ports);
    }
}
