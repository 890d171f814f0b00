package dev.rackside.app.cli;

import dev.rackside.services.api.AppReader;
import dev.rackside.services.api.Tables;
import dev.rackside.services.model.Build;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.node.ArrayNode;

@Command(name = "builds", description = "List an app's builds, newest first "
        + "(convox builds: ID STATUS RELEASE STARTED ELAPSED DESCRIPTION).", subcommands = BuildLogsCommand.class)
public final class BuildsCommand extends AppCommand {
    @Mixin
    Limit limit;

    @Override
    protected Integer run(AppReader reader) {
        List<Build> rows = limit.apply(await("builds of " + app, reader.builds()).rows());
        if (output == OutputFormat.json) {
            ArrayNode out = Json.array();
            for (Build b : rows) {
                var o = out.addObject().put("id", b.id()).put("status", b.status()).put("release", b.release());
                Json.put(o, "started", b.started());
                Json.put(o, "ended", b.ended());
                Json.put(o, "elapsedSeconds", b.elapsed().map(d -> (int) d.getSeconds()));
                o.put("description", b.description());
            }
            Json.print(out(), out);
            return 0;
        }
        Table.of(Tables.BUILDS, rows, Instant.now()).print(out());
        return 0;
    }
}
