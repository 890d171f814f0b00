package dev.rackside.services.model.compliance;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One compliance run on a rack: when, how long, what was asked (the inventory, as evidence), and the
 * findings. {@code evaluated} says which concerns this build's checks cover, so a concern without checks
 * reads "not evaluated", never "passed". {@code source} says where the AWS evidence came from: {@link #LIVE},
 * or {@link #RECORDED} for the sandbox, whose AWS side is a recorded inventory and is labelled so wherever it
 * is shown.
 */
public record Report(String rack, String partition, Optional<String> account, Optional<String> region,
        Instant started, Duration took, List<Finding> findings, Inventory inventory, List<Check> checks,
        String version, String source) {
    public static final String LIVE = "live";
    public static final String RECORDED = "recorded inventory";


    public Report {
        findings = List.copyOf(findings);
        checks = List.copyOf(checks);
    }

    /** Counts per status for one concern. */
    public Map<Status, Integer> counts(Concern concern) {
        Map<Status, Integer> out = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            out.put(s, 0);
        }
        for (Finding f : findings) {
            if (f.check().concern() == concern) {
                out.merge(f.status(), 1, Integer::sum);
            }
        }
        return out;
    }

    /**
     * The concern's overall status: FAIL if anything fails, ERROR if anything could not be read, PASS only
     * when something passed and nothing else; NOT_APPLICABLE when no check of this build covers it.
     */
    public Status status(Concern concern) {
        Map<Status, Integer> c = counts(concern);
        if (c.get(Status.FAIL) > 0) {
            return Status.FAIL;
        }
        if (c.get(Status.ERROR) > 0) {
            return Status.ERROR;
        }
        return c.get(Status.PASS) > 0 ? Status.PASS : Status.NOT_APPLICABLE;
    }

    public boolean evaluated(Concern concern) {
        return checks.stream().anyMatch(c -> c.concern() == concern);
    }

    public boolean recorded() {
        return RECORDED.equals(source);
    }

    /** Every result is ERROR: nothing could be read, so the run says nothing about the rack. */
    public boolean nothingEvaluated() {
        return !findings.isEmpty() && findings.stream().allMatch(f -> f.status() == Status.ERROR);
    }

    public boolean anyFailed() {
        return findings.stream().anyMatch(f -> f.status() == Status.FAIL);
    }

    /** The same report narrowed to a framework's checks and/or one concern. */
    public Report only(Optional<String> framework, Optional<Concern> concern) {
        List<Check> keep = checks.stream().filter(c -> framework.map(fw -> c.controls().containsKey(fw)).orElse(true)
                && concern.map(x -> c.concern() == x).orElse(true)).toList();
        List<Finding> kept = findings.stream().filter(f -> keep.contains(f.check())).toList();
        return new Report(rack, partition, account, region, started, took, kept, inventory, keep, version, source);
    }
}
