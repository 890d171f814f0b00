package dev.rackside.app.cli;

import dev.rackside.services.api.Confirmation;
import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.model.Rack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code build} and {@code deploy} share: the Convox CLI's BuildCreateOptions flags (convox 3.24.9
 * pkg/structs/build.go through stdcli.OptionFlags: {@code --build-args}, {@code --description/-d},
 * {@code --manifest/-m}, {@code --no-cache}) and {@code --id}, which leaves only the release id on stdout and
 * sends everything else to stderr, as the CLI does. {@code --development}, {@code --external} and
 * {@code --wildcard-domain} are not offered: they need a local Docker or change the rack's routing.
 */
abstract class SourceCommand extends MutatingCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The source (default: the working "
            + "directory); its .dockerignore is honoured.")
    Path dir;

    @Option(names = {"-m", "--manifest"}, paramLabel = "FILE", description = "The manifest in DIR (the rack's "
            + "default: convox.yml).")
    String manifest;

    @Option(names = {"-d", "--description"}, paramLabel = "TEXT", description = "Default: 'build <sha> <subject>' "
            + "of DIR's git HEAD when its tree is clean.")
    String description;

    @Option(names = "--no-cache", description = "Build without the rack's layer cache.")
    boolean noCache;

    @Option(names = "--build-args", paramLabel = "K=V", split = ",", description = "Docker build arguments "
            + "(repeat, or separate with commas).")
    List<String> buildArgs = List.of();

    @Option(names = "--id", description = "Print only the release id on stdout (everything else on stderr).")
    boolean id;

    Path source() {
        return dir == null ? Path.of("").toAbsolutePath() : dir;
    }

    /** Step lines, the upload's progress and the build's log, on stdout (stderr with --id). */
    Operations.Source sourceFor(PrintWriter stream) {
        return new Operations.Source(source(), Optional.ofNullable(manifest), Optional.ofNullable(description),
                noCache, buildArgs, new UploadMeter(stream, Terminals.interactive()));
    }

    PrintWriter progressStream() {
        return id ? root.spec().commandLine().getErr() : root.spec().commandLine().getOut();
    }

    /** What is printed as the outcome: Convox's two lines, or only the release id with --id. */
    Outcome printed(Operations.Built b) {
        if (!b.outcome().ok()) {
            return b.outcome();
        }
        return new Outcome(Outcome.Kind.OK, id ? b.release().orElse("") : b.outcome().message(), b.outcome().path());
    }

    static String summaryOf(String app, Path dir, boolean deploy) {
        String d = dir == null ? "." : dir.toString();
        return deploy ? Confirmation.Summary.deploy(app, d) : Confirmation.Summary.build(app, d);
    }

    abstract Operations.Built carryOut(Operations ops, Rack target, Operations.Source source);

    @Override
    protected final Outcome run(Operations ops, Rack target) {
        return printed(carryOut(ops, target, sourceFor(progressStream())));
    }
}
