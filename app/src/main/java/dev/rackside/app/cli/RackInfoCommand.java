package dev.rackside.app.cli;

import dev.rackside.services.api.RackReader;
import dev.rackside.services.api.Tables;
import dev.rackside.services.model.Process;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.RackFacts;
import dev.rackside.services.model.Snapshot;
import dev.rackside.services.text.Visible;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code convox rack}: Name, Provider, Region, Router, Status, Version as pkg/cli/rack.go prints them (from what
 * the rack's api Deployment says of itself, the same values SystemGet returns), then the rack's own processes.
 */
@Command(name = "rack", description = "What the rack is (convox rack: Name Provider Region Router Status Version), "
        + "then its system processes (<rack>-system, as 'convox rack ps').")
public final class RackInfoCommand extends ReadCommand {
    @Override
    public Integer call() {
        try (RackReader reader = openRack()) {
            Rack r = reader.rack();
            Snapshot<Process> system = await("system processes of rack " + r.name(), reader.system());
            Optional<RackFacts> f = r.facts();
            List<String[]> info = new ArrayList<>();
            info.add(new String[] {"Name", r.internalName()});
            info.add(new String[] {"Provider", r.provider()});
            r.effectiveRegion().ifPresent(v -> info.add(new String[] {"Region", v}));
            f.flatMap(RackFacts::domain).ifPresent(d -> info.add(new String[] {"Router", f.flatMap(
                    RackFacts::domainInternal).map(i -> d + " (external)\n" + i + " (internal)").orElse(d)}));
            info.add(new String[] {"Status", r.status().label()});
            info.add(new String[] {"Version", f.map(RackFacts::version).orElse("")});
            var out = out();
            if (output == OutputFormat.json) {
                var o = Json.object();
                info.forEach(kv -> o.put(kv[0].toLowerCase(java.util.Locale.ROOT), kv[1]));
                var ps = o.putArray("processes");
                system.rows().forEach(p -> ps.addObject().put("id", p.id()).put("service", p.service())
                        .put("status", p.status()).put("release", p.release()));
                Json.print(out, o);
                return 0;
            }
            // stdcli's Info: keys padded to the longest, a continuation line indented under its value.
            int width = info.stream().mapToInt(kv -> kv[0].length()).max().orElse(0) + 2;
            for (String[] kv : info) {
                String[] lines = kv[1].split("\n");
                out.println(Visible.of(String.format("%-" + width + "s%s", kv[0], lines[0])));
                for (int i = 1; i < lines.length; i++) {
                    out.println(Visible.of(" ".repeat(width) + lines[i]));
                }
            }
            out.println();
            Table.of(Tables.PROCESSES, system.rows(), Instant.now()).print(out);
            return 0;
        }
    }
}
