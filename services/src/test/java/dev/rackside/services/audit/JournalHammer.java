package dev.rackside.services.audit;


import dev.rackside.services.model.JournalRecord;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** A second process appending to the same journal, for the concurrent-writers test. */
public final class JournalHammer {
    private JournalHammer() {
    }

    public static void main(String[] args) throws Exception {
        FileJournal j = new FileJournal(Path.of(args[0]));
        for (int i = 0; i < Integer.parseInt(args[1]); i++) {
            j.append(JournalRecord.intent(args[2] + "-" + i, "ops@" + args[2], "prod", Optional.of("api"), "restart",
                    Map.of("service", "web")));
            // What an operator would have been told: the append returned, so the action is on record.
            System.out.println("acked " + args[2] + "-" + i);
            System.out.flush();
        }
    }
}
