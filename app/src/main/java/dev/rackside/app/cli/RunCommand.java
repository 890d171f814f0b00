package dev.rackside.app.cli;

import dev.rackside.app.RacksideCommand;
import dev.rackside.services.api.Confirmation;
import dev.rackside.services.api.Mutation;
import dev.rackside.services.api.Operations;
import dev.rackside.services.model.Rack;
import dev.rackside.services.text.ShellQuote;
import dev.rackside.views.terminal.RawTerminal;
import dev.rackside.services.text.Visible;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code convox run}: a one-off process of a service. */
@Command(name = "run", description = {"Run a command in a new process of a service, as 'convox run': attached (a "
        + "TTY when stdin is a terminal; the process is stopped when the command ends, and its exit code is "
        + "rackside's), or with --detach in the background (its id is printed).", "Through the rack API, else a "
        + "pod from the service's Deployment labelled type=process. Confirmed on production racks, journaled, "
        + "refused in read-only mode."})
public final class RunCommand implements Callable<Integer> {
    @ParentCommand
    RacksideCommand root;

    @Option(names = {"-r", "--rack"}, paramLabel = "RACK", description = "Rack name.")
    String rack;

    @Option(names = {"-a", "--app"}, required = true, paramLabel = "APP", description = "App name.")
    String app;

    @Option(names = "--release", paramLabel = "RELEASE", description = "Run this release (default: the app's).")
    String release;

    @Option(names = {"-d", "--detach"}, description = "Run in the background and print the process id.")
    boolean detach;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation on a production rack.")
    boolean yes;

    @Parameters(index = "0", paramLabel = "SERVICE", description = "The service whose image and env the process gets.")
    String service;

    @Parameters(index = "1..*", paramLabel = "COMMAND", arity = "1..*", description = "The command.")
    List<String> command;

    @Override
    public Integer call() {
        Rack target = root.wiring().racks().resolve(Optional.ofNullable(rack));
        String line = command.size() == 1 ? command.get(0) : ShellQuote.join(command);
        ChangeRunner.confirm(root, target, Mutation.RUN, Confirmation.Summary.run(app, service, line), app, yes);
        Operations.Session s;
        try (RawTerminal t = detach ? null : RawTerminal.open()) {
            s = root.wiring().services().operations().run(target, app, service, line, new Operations.Run(
                    Optional.ofNullable(release), detach), t == null ? DetachedTerminal.INSTANCE : t);
        }
        if (!s.outcome().ok()) {
            throw new CommandFailure(s.outcome().message());
        }
        if (detach) {
            var out = root.spec().commandLine().getOut();
            out.println(Visible.of(s.outcome().message()));
            out.flush();
            return 0;
        }
        return s.exitCode().orElse(0);
    }

    /** A detached run reads nothing and shows nothing. */
    private enum DetachedTerminal implements dev.rackside.services.api.Terminal {
        INSTANCE;

        @Override
        public java.io.InputStream input() {
            return java.io.InputStream.nullInputStream();
        }

        @Override
        public java.io.OutputStream output() {
            return java.io.OutputStream.nullOutputStream();
        }

        @Override
        public boolean tty() {
            return false;
        }

        @Override
        public Size size() {
            return Size.DEFAULT;
        }
    }
}
