package dev.rackside.services.api;

import dev.rackside.services.model.JournalEntry;
import dev.rackside.services.model.JournalRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The operator journal: every change's intent before it is made and its outcome after, hash-chained. One
 * journal per session, shared by the console and every command.
 */
public interface Journal {

    /** Where it is kept ({@code $XDG_STATE_HOME/rackside/journal.jsonl}). */
    Path file();

    /** Appends {@code record}; returns once it is on disk. */
    void append(JournalRecord record) throws IOException;

    /** Every record, oldest first, with the chain fields as stored. */
    List<JournalEntry> entries() throws IOException;

    /** Checks the hash chain end to end. */
    Verdict verify() throws IOException;

    /** What {@code audit verify} found. */
    /**
     * @param unfinished the intents no outcome follows: an action whose result nobody saw (rackside stopped, or
     *                   it is still running elsewhere), one line each naming it
     */
    record Verdict(boolean intact, int records, String head, List<String> problems, List<String> unfinished) {
        public Verdict {
            problems = List.copyOf(problems);
            unfinished = List.copyOf(unfinished);
        }

        public Verdict(boolean intact, int records, String head, List<String> problems) {
            this(intact, records, head, problems, List.of());
        }
    }
}
