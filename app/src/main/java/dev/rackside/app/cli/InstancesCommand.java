package dev.rackside.app.cli;

import dev.rackside.services.api.RackReader;
import dev.rackside.services.api.Tables;
import dev.rackside.services.model.Instance;
import dev.rackside.services.model.Snapshot;
import java.time.Instant;
import picocli.CommandLine.Command;
import tools.jackson.databind.node.ArrayNode;

/** {@code convox instances}: the rack's nodes. */
@Command(name = "instances", description = "List the rack's instances (convox instances: ID STATUS STARTED PS CPU "
        + "MEM PUBLIC PRIVATE; then INSTANCE TYPE ZONE and CPU/MEM used of allocatable, from metrics.k8s.io, n/a "
        + "where the cluster has no metrics-server).")
public final class InstancesCommand extends ReadCommand {
    @Override
    public Integer call() {
        try (RackReader reader = openRack()) {
            Snapshot<Instance> snap = await("instances of rack " + reader.rack().name(), reader.instances());
            if (output == OutputFormat.json) {
                ArrayNode rows = Json.array();
                for (Instance i : snap.rows()) {
                    var o = rows.addObject().put("id", i.id()).put("status", i.status());
                    Json.put(o, "started", i.started().map(Instant::toString));
                    o.put("processes", i.processes()).put("publicIp", i.publicIp()).put("privateIp", i.privateIp())
                            .put("instance", i.instanceId()).put("type", i.type()).put("zone", i.zone())
                            .put("cpuAllocatableMillis", i.cpuAllocatableMillis())
                            .put("memoryAllocatableBytes", i.memoryAllocatableBytes())
                            .put("cpuCapacityMillis", i.cpuCapacityMillis())
                            .put("memoryCapacityBytes", i.memoryCapacityBytes());
                    PsCommand.usage(o, i.metrics());
                }
                Json.print(out(), rows);
            } else {
                Table.of(Tables.INSTANCES, snap.rows(), Instant.now()).print(out());
                snap.rows().stream().map(i -> i.metrics().unknown()).flatMap(java.util.Optional::stream).distinct()
                        .filter(w -> w.startsWith("metrics.k8s.io")).forEach(w -> warn("CPU/MEM n/a: " + w));
            }
            return 0;
        }
    }
}
