package dev.rackside.app.cli;

import dev.rackside.services.api.AppReader;
import dev.rackside.services.model.Resource;
import java.util.List;
import picocli.CommandLine.Command;
import tools.jackson.databind.node.ArrayNode;

@Command(name = "resources", description = "List an app's resources (convox resources: NAME TYPE URL); "
        + "passwords in URLs are masked.", subcommands = ResourcesProxyCommand.class)
public final class ResourcesCommand extends AppCommand {
    @Override
    protected Integer run(AppReader reader) {
        List<Resource> rows = await("resources of " + app, reader.resources()).rows();
        if (output == OutputFormat.json) {
            ArrayNode out = Json.array();
            rows.forEach(r -> out.addObject().put("name", r.name()).put("type", r.type()).put("url", r.url()));
            Json.print(out(), out);
            return 0;
        }
        Table.of(dev.rackside.services.api.Tables.RESOURCES, rows, java.time.Instant.now()).print(out());
        return 0;
    }
}
