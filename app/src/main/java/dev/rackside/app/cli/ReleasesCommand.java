package dev.rackside.app.cli;

import dev.rackside.services.api.AppReader;
import dev.rackside.services.api.Tables;
import dev.rackside.services.model.Release;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.node.ArrayNode;

@Command(name = "releases", description = "List an app's releases, newest first "
        + "(convox releases: ID STATUS BUILD CREATED DESCRIPTION).", subcommands = {ReleasesCommand.Promote.class,
            ReleasesCommand.Rollback.class})
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
        Table.of(Tables.RELEASES, rows, Instant.now()).print(out());
        return 0;
    }

    /** {@code convox releases promote}. */
    @Command(name = "promote", description = "Promote a release (as 'convox releases promote').")
    public static final class Promote extends PromoteCommand {
    }

    /** {@code convox releases rollback}. */
    @Command(name = "rollback", description = "Roll back to a release (as 'convox releases rollback').")
    public static final class Rollback extends PromoteCommand.Rollback {
    }
}
