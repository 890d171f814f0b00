package dev.rackside.app.cli;

import dev.rackside.services.api.Mutation;
import dev.rackside.services.api.Operations;
import dev.rackside.services.model.Rack;
import picocli.CommandLine.Command;

/** {@code convox build} (3.24.9 pkg/cli/builds.go Build): package, upload, build in the rack, print its ids. */
@Command(name = "build", description = {"Build DIR in the rack as 'convox build': the source packed (honouring "
        + ".dockerignore), uploaded with its progress, the build's log streamed; then 'Build:' and 'Release:'.",
    "A failed build exits 1 naming the step it failed at. Needs the rack's API."})
public final class BuildCommand extends SourceCommand {
    @Override
    protected Mutation mutation() {
        return Mutation.BUILD;
    }

    @Override
    protected String summary() {
        return summaryOf(app, dir, false);
    }

    @Override
    Operations.Built carryOut(Operations ops, Rack target, Operations.Source source) {
        return ops.build(target, app, source);
    }
}
