package dev.rackside.services.model.compliance;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The administrative access to one rack over a period, as CloudTrail recorded it, with what an assessor needs to
 * check it: the query, the account and partition, the regions read, and a SHA-256 of every page of events read
 * (over each event's id and its CloudTrailEvent text, in page order: the same query gives the same digests).
 */
public record TrailReport(String rack, String account, String partition, List<String> regions, TrailQuery query,
        Instant read, List<Page> pages, List<TrailEvent> events, List<String> problems, String version) {

    /** One page of LookupEvents: its region, its number (from 1 across the run), its size and digest. */
    public record Page(int number, String region, int events, String sha256) {
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
