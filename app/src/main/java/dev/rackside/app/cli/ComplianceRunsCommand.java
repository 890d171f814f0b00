package dev.rackside.app.cli;

import dev.rackside.services.compliance.evidence.EvidenceStore;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.compliance.Status;
import dev.rackside.services.text.Visible;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The compliance runs kept as evidence ({@code $XDG_STATE_HOME/rackside/evidence/<rack>/}): {@code history} lists
 * them with their chain checked, {@code diff} says what changed between two.
 */
final class ComplianceRunsCommand {
    private ComplianceRunsCommand() {
    }

    @Command(name = "history", description = "The rack's kept compliance runs, oldest first: id, time, counts, and "
            + "whether each bundle is intact and follows the one before (exit 1 when one does not).")
    public static final class History implements Callable<Integer> {
        @ParentCommand
        ComplianceCommand parent;

        @Option(names = {"-r", "--rack"}, paramLabel = "RACK", description = "Rack name.")
        String rack;

        @Override
        public Integer call() throws Exception {
            Rack target = parent.root.wiring().racks().resolve(Optional.ofNullable(rack));
            List<EvidenceStore.Run> runs = parent.root.wiring().services().compliance().get().history(target);
            var out = parent.root.spec().commandLine().getOut();
            Table t = new Table("RUN", "STARTED", "EVIDENCE", "PASS", "FAIL", "ERROR", "N/A", "CHAIN");
            for (EvidenceStore.Run r : runs) {
                t.row(r.id(), r.started(), r.source(), n(r, Status.PASS), n(r, Status.FAIL), n(r, Status.ERROR),
                        n(r, Status.NOT_APPLICABLE), r.problem().orElse("ok"));
            }
            t.print(out);
            out.flush();
            return runs.stream().anyMatch(r -> r.problem().isPresent()) ? 1 : 0;
        }

        private static String n(EvidenceStore.Run r, Status s) {
            return String.valueOf(r.counts().getOrDefault(s, 0));
        }
    }

    @Command(name = "diff", description = "What changed between two kept runs (default: the last two): checks "
            + "that went FAIL→PASS or PASS→FAIL, findings that appeared or vanished, and each response whose fields "
            + "changed, old → new.")
    public static final class Diff implements Callable<Integer> {
        @ParentCommand
        ComplianceCommand parent;

        @Option(names = {"-r", "--rack"}, paramLabel = "RACK", description = "Rack name.")
        String rack;

        @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_A", description = "The older run (an id from "
                + "history, or its start).")
        String older;

        @Parameters(index = "1", arity = "0..1", paramLabel = "RUN_B", description = "The newer run.")
        String newer;

        @Override
        public Integer call() throws Exception {
            Rack target = parent.root.wiring().racks().resolve(Optional.ofNullable(rack));
            Optional<dev.rackside.services.model.compliance.RunChanges> d = parent.root.wiring().services().compliance().get().diff(target,
                    Optional.ofNullable(older), Optional.ofNullable(newer));
            if (d.isEmpty()) {
                throw new CommandFailure("no two compliance runs of rack " + target.name() + " to compare (run "
                        + "'rackside compliance -r " + target.name() + "' again, or name two from 'compliance "
                        + "history')");
            }
            var out = parent.root.spec().commandLine().getOut();
            out.println("from " + d.get().from() + " to " + d.get().to() + ": " + d.get().summary());
            d.get().lines().forEach(l -> out.println(Visible.of(l)));
            out.flush();
            return 0;
        }
    }
}
