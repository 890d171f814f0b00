package dev.rackside.app.cli;

import dev.rackside.services.api.AppReader;
import dev.rackside.services.model.Release;
import dev.rackside.services.text.Humanize;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.node.ArrayNode;

@Command(name = "releases", description = "List an app's releases, newest first "
        + "(convox releases: ID STATUS BUILD CREATED DESCRIPTION).")
public final class ReleasesCommand extends AppCommand {
    @Mixin
    Limit limit;

    @Override
    protected Integer run(AppReader reader) {
        List<Release> rows = limit.apply(await("releases of " + app, reader.releases()).rows());
        if (output == OutputFormat.json) {
            ArrayNode out = Json.array();
            for (Release r : rows) {
                var o = out.addObject().put("id", r.id()).put("status", r.status()).put("build", r.build());
                Json.put(o, "created", r.created()).put("description", r.description());
            }
            Json.print(out(), out);
            return 0;
        }
        Instant now = Instant.now();
        Table t = new Table("ID", "STATUS", "BUILD", "CREATED", "DESCRIPTION");
        for (Release r : rows) {
            t.row(r.id(), r.status(), r.build(), r.created().map(c -> Humanize.ago(c, now)).orElse(""),
                    r.description());
        }
        t.print(out());
        return 0;
    }
}
