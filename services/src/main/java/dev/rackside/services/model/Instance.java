package dev.rackside.services.model;

import java.time.Instant;
import java.util.Optional;

/**
 * A node of the rack's cluster as {@code convox instances} shows it (provider/k8s/instance.go InstanceList):
 * the node's name as ID, running when its Ready condition is True, every pod scheduled on it counted, CPU and
 * memory used (metrics.k8s.io) of what is allocatable. What more rackside knows (the EC2 instance behind it,
 * its type and zone, the figures themselves) is kept beside.
 *
 * @param instanceId the EC2 instance id from {@code spec.providerID} ({@code aws:///us-gov-west-1a/i-0abc...})
 * @param metrics    the node's usage, or why it is not known
 */
public record Instance(
        String id,
        String status,
        Optional<Instant> started,
        int processes,
        String publicIp,
        String privateIp,
        String instanceId,
        String type,
        String zone,
        long cpuAllocatableMillis,
        long memoryAllocatableBytes,
        long cpuCapacityMillis,
        long memoryCapacityBytes,
        Usage metrics) {
}
