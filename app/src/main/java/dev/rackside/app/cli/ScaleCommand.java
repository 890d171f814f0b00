package dev.rackside.app.cli;

import dev.rackside.services.deploy.Operations;
import dev.rackside.services.model.Rack;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "scale", description = "Scale a service as 'convox scale' does: --count N (replicas) or MIN-MAX (the "
        + "autoscaler's bounds), --cpu N (millicores, request), --memory N (MiB, request and limit).")
public final class ScaleCommand extends MutatingCommand {
    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Option(names = "--count", paramLabel = "N|MIN-MAX")
    String count;

    @Option(names = "--cpu", paramLabel = "MILLICORES")
    Integer cpu;

    @Option(names = "--memory", paramLabel = "MIB")
    Integer memory;

    @Override
    protected String summary() {
        return "scale " + app + "/" + service + (count == null ? "" : " count=" + count)
                + (cpu == null ? "" : " cpu=" + cpu) + (memory == null ? "" : " memory=" + memory);
    }

    @Override
    protected String run(Operations ops, Rack target) {
        return ops.scale(target, app, service, Optional.ofNullable(count), Optional.ofNullable(cpu),
                Optional.ofNullable(memory));
    }
}
