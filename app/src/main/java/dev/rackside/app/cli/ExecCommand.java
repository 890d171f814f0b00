package dev.rackside.app.cli;

import dev.rackside.app.RacksideCommand;
import dev.rackside.services.api.Confirmation;
import dev.rackside.services.api.Mutation;
import dev.rackside.services.api.Operations;
import dev.rackside.services.model.Rack;
import dev.rackside.services.text.ShellQuote;
import dev.rackside.views.terminal.RawTerminal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code convox exec}: a shell or a command in a running process, the exit code passed through. */
@Command(name = "exec", description = {"Run a command in a running process, as 'convox exec' (a shell when no "
        + "command is given: the first of bash and sh), with a TTY when stdin is a terminal; exits with the "
        + "command's code.", "Through the rack API's exec socket, else Kubernetes pods/exec. Confirmed on "
        + "production racks, journaled (who, where, the command; never the session), refused in read-only mode."})
public final class ExecCommand implements Callable<Integer> {
    @ParentCommand
    RacksideCommand root;

    @Option(names = {"-r", "--rack"}, paramLabel = "RACK", description = "Rack name.")
    String rack;

    @Option(names = {"-a", "--app"}, required = true, paramLabel = "APP", description = "App name.")
    String app;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation on a production rack.")
    boolean yes;

    @Parameters(index = "0", paramLabel = "PROCESS", description = "Process id (or a service: one of its processes).")
    String process;

    @Parameters(index = "1..*", paramLabel = "COMMAND", arity = "0..*", description = "The command (default: a shell).")
    List<String> command = List.of();

    @Override
    public Integer call() {
        Rack target = root.wiring().racks().resolve(Optional.ofNullable(rack));
        Optional<String> line = command.isEmpty() ? Optional.empty() : Optional.of(command.size() == 1
                ? command.get(0) : ShellQuote.join(command));
        ChangeRunner.confirm(root, target, Mutation.EXEC, Confirmation.Summary.exec(app, process, line.orElse("")),
                app, yes);
        Operations.Session s;
        try (RawTerminal t = RawTerminal.open()) {
            s = root.wiring().services().operations().exec(target, app, process, line, t);
        }
        if (!s.outcome().ok()) {
            throw new CommandFailure(s.outcome().message());
        }
        return s.exitCode().orElse(0);
    }
}
