package dev.rackside.services.model.compliance;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The administrative access to one rack over a period, as CloudTrail recorded it, with what an assessor needs to
 * check it: where it was read and the query itself, the account and partition, the regions read, and a SHA-256 of
 * every page of events read (in page order: the same query gives the same digests).
 */
public record TrailReport(String rack, String account, String partition, List<String> regions, TrailQuery query,
        Source source, Instant read, List<Page> pages, List<TrailEvent> events, List<String> problems,
        String version) {

    /** One page of events read: its region, its number (from 1 across the run), its size and digest. */
    public record Page(int number, String region, int events, String sha256) {
    }

    /**
     * Where the events came from, as the exports name it.
     *
     * @param api           {@code cloudtrail:LookupEvents} or {@code cloudtrail:StartQuery}
     * @param eventDataStore the Lake event data store's ARN; empty for the event history
     * @param statement     the SQL the Lake ran, word for word (an assessor runs it again); empty for the history
     * @param digestRule    what each page's SHA-256 is taken over
     */
    public record Source(String api, String eventDataStore, String statement, String digestRule) {
        public static final Source EVENT_HISTORY = new Source("cloudtrail:LookupEvents", "", "",
                "every event's EventId and CloudTrailEvent text, one per line, in the order LookupEvents returned "
                        + "them");

        public boolean lake() {
            return !eventDataStore.isEmpty();
        }

        /** "CloudTrail LookupEvents" or "CloudTrail Lake arn:…". */
        public String label() {
            return lake() ? "CloudTrail Lake " + eventDataStore : "CloudTrail LookupEvents";
        }
    }

    public TrailReport {
        regions = List.copyOf(regions);
        pages = List.copyOf(pages);
        events = List.copyOf(events);
        problems = List.copyOf(problems);
    }

    /** Events per actor, then per category: "who changed what". */
    public Map<String, Map<String, Integer>> byActor() {
        Map<String, Map<String, Integer>> out = new TreeMap<>();
        for (TrailEvent e : events) {
            out.computeIfAbsent(e.actor(), k -> new TreeMap<>()).merge(e.category(), 1, Integer::sum);
        }
        return out;
    }

    public int eventsRead() {
        return pages.stream().mapToInt(Page::events).sum();
    }
}
