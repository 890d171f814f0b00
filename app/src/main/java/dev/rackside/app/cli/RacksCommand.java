package dev.rackside.app.cli;

import dev.rackside.app.RacksideCommand;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.RackFacts;
import dev.rackside.services.model.RackSource;
import dev.rackside.services.api.Racks;
import java.util.List;
import java.util.Optional;
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
        List<Rack> rows = new java.util.ArrayList<>(listing.racks());
        rows.addAll(unanswered(listing));
        var out = root.spec().commandLine().getOut();
        var err = root.spec().commandLine().getErr();
        if (output == OutputFormat.json) {
            ArrayNode json = Json.array();
            for (Rack r : rows) {
                var o = json.addObject().put("name", r.name()).put("rack", r.internalName())
                        .put("provider", r.provider()).put("status", r.status().label());
                Json.put(o, "reason", r.reason());
                Json.put(o, "context", r.context());
                Json.put(o, "region", r.effectiveRegion()).put("partition", r.partition());
                Json.put(o, "version", r.facts().map(RackFacts::version).filter(v -> !v.isEmpty()));
                Json.put(o, "domain", r.facts().flatMap(RackFacts::domain));
                o.put("tier", r.tier().label()).put("readOnly", r.readOnly());
                Json.strings(o, "sources", r.sources().stream().map(RackSource::label).toList());
            }
            Json.print(out, json);
        } else {
            Table.of(dev.rackside.services.api.Tables.RACKS, rows, java.time.Instant.now()).print(out);
        }
        for (Rack r : listing.racks()) {
            r.reason().filter(x -> r.status() != dev.rackside.services.model.RackStatus.NO_CONTEXT)
                    .ifPresent(reason -> err.println("warning: rack " + r.name() + ": " + reason));
        }
        listing.problems().forEach(p -> err.println("warning: " + p));
        err.flush();
        return 0;
    }

    /**
     * A kube context that did not answer may hold a rack nobody can see now: it gets a row of its own, named
     * {@code (context)}, {@code unreachable}, its reason on stderr, rather than only a warning (unless a listed
     * rack already stands for it).
     */
    private static List<Rack> unanswered(Racks.Listing listing) {
        java.util.Set<String> shown = new java.util.HashSet<>();
        listing.racks().forEach(r -> r.context().ifPresent(shown::add));
        List<Rack> out = new java.util.ArrayList<>();
        for (String p : listing.problems()) {
            java.util.regex.Matcher m = CONTEXT_PROBLEM.matcher(p);
            if (m.matches() && shown.add(m.group(1))) {
                out.add(new Rack("(" + m.group(1) + ")", "", Optional.of(m.group(1)), Optional.empty(),
                        Optional.empty(), Optional.empty(), List.of(), dev.rackside.services.model.Tier.UNSET, false,
                        Optional.empty(), dev.rackside.services.model.RackStatus.UNREACHABLE, Optional.of(m.group(2)),
                        List.of()));
            }
        }
        return out;
    }

    /** "context lab: unreachable: ..." as discovery words a context's failure. */
    private static final java.util.regex.Pattern CONTEXT_PROBLEM = java.util.regex.Pattern.compile(
            "context ([^:]+): (.+)", java.util.regex.Pattern.DOTALL);
}
