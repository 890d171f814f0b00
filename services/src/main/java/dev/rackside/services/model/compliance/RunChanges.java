package dev.rackside.services.model.compliance;

import java.util.ArrayList;
import java.util.List;

/**
 * What changed from one kept compliance run to the next, as an assessor reads it: each change a line with its
 * kind ({@code new-failure fixed changed appeared vanished evidence read}).
 */
public record RunChanges(String from, String to, List<Change> changes) {
    public record Change(String kind, String text) {
    }

    /** The order the kinds are told in. */
    public static final List<String> KINDS = List.of("new-failure", "fixed", "changed", "appeared", "vanished",
            "evidence", "read");

    public RunChanges {
        changes = List.copyOf(changes);
    }

    public long count(String kind) {
        return changes.stream().filter(c -> c.kind().equals(kind)).count();
    }

    /** "2 new failures, 1 fixed" (or "no change in the checks"). */
    public String summary() {
        List<String> parts = new ArrayList<>();
        long n = count("new-failure");
        long f = count("fixed");
        if (n > 0) {
            parts.add(n + " new failure" + (n == 1 ? "" : "s"));
        }
        if (f > 0) {
            parts.add(f + " fixed");
        }
        long other = count("changed") + count("appeared") + count("vanished");
        if (other > 0) {
            parts.add(other + " other finding change" + (other == 1 ? "" : "s"));
        }
        return parts.isEmpty() ? "no change in the checks" : String.join(", ", parts);
    }

    /** Every change, kind by kind: "new-failure  key-cmk-rotation …: PASS → FAIL (…)". */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (String kind : KINDS) {
            changes.stream().filter(c -> c.kind().equals(kind)).forEach(c -> out.add(kind + "  " + c.text()));
        }
        return out;
    }
}
