package dev.rackside.app.cli;

import dev.rackside.app.RacksideCommand;
import dev.rackside.services.api.Journal;
import dev.rackside.services.audit.FileJournal;
import dev.rackside.services.text.Visible;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "audit", description = "The operator journal ($XDG_STATE_HOME/rackside/journal.jsonl), and the "
        + "rack's administrative access from CloudTrail (audit trail).",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class, AuditTrailCommand.class})
public final class AuditCommand {
    @ParentCommand
    RacksideCommand root;

    FileJournal journal() {
        return new FileJournal(dev.rackside.services.session.SessionBuilder.journalFile(root.wiring().env()));
    }

    @Command(name = "verify", description = {"Check the hash chain: exit 0 when intact, 1 naming the first bad line.",
        "--remote -r R: also send what is pending to the rack's CloudWatch copy (racks.yaml journal.cloudwatch) and "
            + "check it holds the same records, byte for byte, in order."})
    public static final class Verify implements Callable<Integer> {
        @ParentCommand
        AuditCommand audit;

        @Option(names = "--remote", description = "Check the rack's CloudWatch Logs copy of the journal too.")
        boolean remote;

        @Option(names = {"-r", "--rack"}, paramLabel = "RACK", description = "The rack whose copy --remote checks.")
        String rack;

        @Override
        public Integer call() throws IOException {
            FileJournal j = audit.journal();
            Journal.Verdict v = j.verify();
            var out = audit.root.spec().commandLine().getOut();
            var err = audit.root.spec().commandLine().getErr();
            v.problems().forEach(p -> err.println((v.intact() ? "warning: " : "rackside: ") + j.file() + ": " + p));
            err.flush();
            if (!v.intact()) {
                return 1;
            }
            out.println("journal intact: " + v.records() + " records; head " + v.head() + " (" + j.file() + ")");
            v.unfinished().forEach(u -> out.println("unfinished: " + u));
            out.flush();
            // The remote copy is checked against a local chain that holds: a broken one has been reported above.
            return remote ? remoteOf(audit, rack) : 0;
        }
    }

    /** The remote copy: pending records sent, then every remote line checked against the local journal. */
    private static Integer remoteOf(AuditCommand audit, String rackName) {
        var root = audit.root;
        dev.rackside.services.model.Rack target = root.wiring().racks().resolve(java.util.Optional.ofNullable(rackName));
        var out = root.spec().commandLine().getOut();
        var err = root.spec().commandLine().getErr();
        dev.rackside.services.api.Operations.JournalCopy c;
        try {
            c = root.wiring().services().operations().journalCopy(target);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
        c.deliveryProblem().ifPresent(p -> err.println("warning: " + p));
        c.problems().forEach(p -> err.println((c.intact() ? "warning: " : "rackside: ") + p));
        err.flush();
        if (!c.intact()) {
            return 1;
        }
        out.println("remote copy intact: " + c.remote() + " of " + c.local() + " records of rack " + target.name()
                + " in " + c.group() + "/" + c.stream() + (c.sent() > 0 ? " (" + c.sent() + " sent now)" : ""));
        out.flush();
        return 0;
    }

    @Command(name = "export", description = "Print the journal as JSON lines (as stored) or CSV.")
    public static final class Export implements Callable<Integer> {
        private static final List<String> COLUMNS = List.of("time", "kind", "action_id", "operator", "aws_caller",
                "rack", "app", "action", "params", "result", "error", "prev", "hash");

        @ParentCommand
        AuditCommand audit;

        @Option(names = {"-o", "--output"}, defaultValue = "jsonl", paramLabel = "FORMAT",
                description = "jsonl or csv. Default: ${DEFAULT-VALUE}.")
        String format;

        @Override
        public Integer call() throws IOException {
            FileJournal j = audit.journal();
            var out = audit.root.spec().commandLine().getOut();
            if (format.equals("jsonl")) {
                if (java.nio.file.Files.exists(j.file())) {
                    out.print(java.nio.file.Files.readString(j.file()));
                }
            } else if (format.equals("csv")) {
                out.println(String.join(",", COLUMNS));
                for (Map<String, String> row : j.read()) {
                    out.println(String.join(",", COLUMNS.stream().map(c -> csv(row.getOrDefault(c, ""))).toList()));
                }
            } else {
                throw new CommandFailure("-o must be jsonl or csv, not '" + format + "'");
            }
            out.flush();
            return 0;
        }

        private static String csv(String v) {
            return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
        }
    }
}
