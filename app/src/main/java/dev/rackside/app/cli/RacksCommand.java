package dev.rackside.app.cli;

import dev.rackside.app.RacksideCommand;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.RackFacts;
import dev.rackside.services.model.RackSource;
import dev.rackside.services.api.Racks;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.node.ArrayNode;

@Command(name = "racks", description = "List every rack rackside knows: racks.yaml, every kube context, "
        + "and the Convox CLI's racks (convox racks: NAME PROVIDER STATUS, then where and what it is).")
public final class RacksCommand implements Callable<Integer> {
    @ParentCommand
    RacksideCommand root;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json. Default: ${DEFAULT-VALUE}.")
    OutputFormat output;

    @Override
    public Integer call() {
        Racks.Listing listing = root.wiring().racks().list();
        var out = root.spec().commandLine().getOut();
        var err = root.spec().commandLine().getErr();
        if (output == OutputFormat.json) {
            ArrayNode rows = Json.array();
            for (Rack r : listing.racks()) {
                var o = rows.addObject().put("name", r.name()).put("rack", r.internalName())
                        .put("provider", r.provider()).put("status", r.status().label());
                Json.put(o, "reason", r.reason());
                Json.put(o, "context", r.context());
                Json.put(o, "region", r.effectiveRegion()).put("partition", r.partition());
                Json.put(o, "version", r.facts().map(RackFacts::version).filter(v -> !v.isEmpty()));
                Json.put(o, "domain", r.facts().flatMap(RackFacts::domain));
                o.put("tier", r.tier().label()).put("readOnly", r.readOnly());
                Json.strings(o, "sources", r.sources().stream().map(RackSource::label).toList());
            }
            Json.print(out, rows);
        } else {
            Table.of(dev.rackside.services.api.Tables.RACKS, listing.racks(), java.time.Instant.now()).print(out);
        }
        for (Rack r : listing.racks()) {
            r.reason().filter(x -> r.status() != dev.rackside.services.model.RackStatus.NO_CONTEXT)
                    .ifPresent(reason -> err.println("warning: rack " + r.name() + ": " + reason));
        }
        listing.problems().forEach(p -> err.println("warning: " + p));
        err.flush();
        return 0;
    }
}
