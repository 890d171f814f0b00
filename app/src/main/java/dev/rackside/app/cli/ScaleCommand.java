package dev.rackside.app.cli;

import dev.rackside.services.api.AppReader;
import dev.rackside.services.api.Confirmation;
import dev.rackside.services.api.Mutation;
import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Tables;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.Service;
import dev.rackside.services.model.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code convox scale} (3.24.9 pkg/cli/scale.go): without a change, the scale table (SERVICE DESIRED RUNNING
 * CPU MEMORY GPU MIN MAX [AUTOSCALE] STATUS); with {@code --count N}, {@code --cpu}, {@code --memory},
 * {@code --min}/{@code --max}, a ServiceUpdate of one service.
 */
@Command(name = "scale", description = {"An app's scale as 'convox scale' prints it; with a change, scale one service.",
    "--count N (replicas; a KEDA ScaledObject holds it where there is one), --min/--max (the autoscaler's range), "
        + "--cpu N (millicores, request), --memory N (MiB, request and limit)."})
public final class ScaleCommand extends AppCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE")
    String service;

    @ArgGroup(exclusive = false)
    Change change;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (needed when stdin is not a terminal).")
    boolean yes;

    /** The flags of a change; any of them makes this a write. */
    static final class Change {
        @Option(names = "--count", paramLabel = "N", description = "Replicas (a whole number; ranges are --min/--max).")
        Integer count;

        @Option(names = "--cpu", paramLabel = "MILLICORES")
        Integer cpu;

        @Option(names = "--memory", paramLabel = "MIB")
        Integer memory;

        @Option(names = "--min", paramLabel = "N", description = "The autoscaler's lower bound.")
        Integer min;

        @Option(names = "--max", paramLabel = "N", description = "The autoscaler's upper bound.")
        Integer max;

        Operations.Scale scale() {
            return new Operations.Scale(Optional.ofNullable(count), Optional.ofNullable(cpu),
                    Optional.ofNullable(memory), Optional.ofNullable(min), Optional.ofNullable(max));
        }
    }

    @Override
    protected Integer run(AppReader reader) {
        if (change == null) {
            return print(reader);
        }
        if (service == null) {
            throw new CommandFailure("service name required");
        }
        Operations.Scale s = change.scale();
        Optional<String> invalid = ScaleRules.check(s);
        if (invalid.isPresent()) {
            throw new CommandFailure(invalid.get());
        }
        Rack target = root.wiring().racks().resolve(Optional.ofNullable(rack));
        return ChangeRunner.run(root, target, Mutation.SCALE, Confirmation.Summary.scale(app, service, s), app, yes,
                ops -> ops.scale(target, app, service, s));
    }

    private Integer print(AppReader reader) {
        Snapshot<Service> snap = await("services of " + app, reader.services());
        List<Service> rows = snap.rows().stream().filter(s -> service == null || s.name().equals(service)).toList();
        if (service != null && rows.isEmpty()) {
            throw new CommandFailure("service \"" + service + "\" not found in app " + app);
        }
        Table.of(Tables.scale(rows), rows, Instant.now()).print(out());
        return 0;
    }

    /** What {@code convox scale} checks before asking the rack. */
    static final class ScaleRules {
        private ScaleRules() {
        }

        static Optional<String> check(Operations.Scale s) {
            if (s.count().isPresent() && (s.min().isPresent() || s.max().isPresent())) {
                return Optional.of("--min/--max and --count are mutually exclusive");
            }
            if (s.min().filter(m -> m < 0).isPresent()) {
                return Optional.of("--min must be >= 0");
            }
            if (s.max().filter(m -> m < 1).isPresent()) {
                return Optional.of("--max must be >= 1");
            }
            if (s.min().isPresent() && s.max().isPresent() && s.max().get() < s.min().get()) {
                return Optional.of("--max must be >= --min");
            }
            if (s.count().filter(c -> c < 0).isPresent()) {
                return Optional.of("--count must be >= 0");
            }
            return Optional.empty();
        }
    }
}
