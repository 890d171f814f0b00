package dev.rackside.services.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One action of the journal: its intent and, once it came, its outcome (joined by the action id). An intent
 * without an outcome is an action whose result nobody saw (still running, or rackside stopped mid-way).
 */
public record JournalAction(JournalEntry intent, Optional<JournalEntry> outcome) {

    public String result() {
        return outcome.flatMap(o -> o.record().result()).orElse("pending");
    }

    public JournalRecord record() {
        return intent.record();
    }

    /** The journal's entries as actions, oldest first (an outcome without its intent stands alone). */
    public static List<JournalAction> of(List<JournalEntry> entries) {
        Map<String, JournalEntry> intents = new LinkedHashMap<>();
        Map<String, JournalEntry> outcomes = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (JournalEntry e : entries) {
            String id = e.record().actionId();
            if (e.record().isIntent()) {
                intents.put(id, e);
                order.add(id);
            } else {
                outcomes.put(id, e);
                if (!intents.containsKey(id)) {
                    order.add(id);
                }
            }
        }
        List<JournalAction> out = new ArrayList<>();
        for (String id : order) {
            JournalEntry i = intents.get(id);
            JournalEntry o = outcomes.get(id);
            out.add(i == null ? new JournalAction(o, Optional.of(o)) : new JournalAction(i, Optional.ofNullable(o)));
        }
        return out;
    }
}
