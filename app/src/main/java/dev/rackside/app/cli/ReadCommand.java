package dev.rackside.app.cli;

import dev.rackside.app.RacksideCommand;
import dev.rackside.services.api.RackReader;
import dev.rackside.services.model.Feed;
import dev.rackside.services.model.Snapshot;
import dev.rackside.services.text.Visible;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** What every read command shares: the rack, the output format, and waiting for a complete snapshot. */
public abstract class ReadCommand implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    protected RacksideCommand root;

    @Option(names = {"-r", "--rack"}, paramLabel = "RACK",
            description = "Rack name; may be left out when RACKSIDE_RACK is set or only one rack is known.")
    protected String rack;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (Convox CLI columns) or json. Default: ${DEFAULT-VALUE}.")
    protected OutputFormat output;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Give up when the rack has not answered in this time. Default: ${DEFAULT-VALUE}.")
    protected int timeoutSeconds;

    protected PrintWriter out() {
        return root.spec().commandLine().getOut();
    }

    protected void warn(String message) {
        PrintWriter err = root.spec().commandLine().getErr();
        err.println("warning: " + Visible.of(message));
        err.flush();
    }

    protected RackReader openRack() {
        var services = root.wiring().services();
        // A command prints and exits: each kind it prints is listed once, nothing is watched.
        return services.readers().once(services.racks().resolve(Optional.ofNullable(rack)));
    }

    /** The first complete snapshot of {@code feed}; a failed read becomes the command's error. */
    protected <T> Snapshot<T> await(String what, Feed<T> feed) {
        return complete(what, feed.firstComplete(), feed);
    }

    protected <T> Snapshot<T> complete(String what, CompletableFuture<Snapshot<T>> future, Feed<T> feed) {
        Snapshot<T> snap;
        try {
            snap = future.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            String last = feed.current().error().map(err -> ": " + err).orElse("");
            throw new CommandFailure("no complete answer for " + what + " within " + timeoutSeconds + "s" + last);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted");
        } catch (ExecutionException e) {
            throw new CommandFailure(what + ": " + e.getCause().getMessage());
        }
        if (snap.state() == Snapshot.State.FAILED) {
            throw new CommandFailure("cannot read " + what + ": " + snap.error().orElse("unknown error"));
        }
        snap.error().ifPresent(err -> warn(what + " may be stale: " + err));
        return snap;
    }
}
