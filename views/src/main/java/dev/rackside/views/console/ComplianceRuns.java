package dev.rackside.views.console;

import dev.rackside.services.model.compliance.Check;
import dev.rackside.services.model.compliance.Concern;
import dev.rackside.services.model.compliance.Finding;
import dev.rackside.services.model.compliance.Report;
import dev.rackside.services.model.compliance.Status;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.Snapshot;
import dev.rackside.services.api.Columns.Tone;
import dev.rackside.views.table.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Compliance pane's data: the last run per rack (kept for the session, so leaving the pane loses
 * nothing), a run in progress with its latest progress line, and the framework and status filters. Runs go
 * to the io executor; the previous results stay on screen while a new one runs. Levels follow the
 * location's subject: the four concerns, a concern's checks ({@code isolation}), a check's results
 * ({@code isolation/k8s-pss-enforced}); Enter on a result shows its evidence and remediation.
 */
final class ComplianceRuns {
    static final List<String> CONCERNS = List.of("CONCERN", "STATUS", "PASS", "FAIL", "N/A", "ERROR");
    static final List<String> CHECKS = List.of("CHECK", "STATUS", "SEVERITY", "PASS", "FAIL", "N/A", "ERROR", "TITLE");
    static final List<String> RESULTS = List.of("STATUS", "RESOURCE", "FOUND");
    private static final List<Optional<String>> FRAMEWORKS = List.of(Optional.empty(), Optional.of("soc2"),
            Optional.of("hipaa"), Optional.of("pci"), Optional.of("nist"));
    private static final List<Optional<Status>> STATUSES = List.of(Optional.empty(), Optional.of(Status.FAIL),
            Optional.of(Status.ERROR), Optional.of(Status.PASS), Optional.of(Status.NOT_APPLICABLE));

    /** One rack's runs: the last report, and whether one is running now. */
    record State(Optional<Report> report, boolean running, String progress, Optional<String> error, long version) {
    }

    private final dev.rackside.services.api.Services services;
    private final Runnable onChange;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    /** Per rack: what changed since the run kept before the last one (read from the kept evidence). */
    private final Map<String, dev.rackside.services.model.compliance.RunChanges> sinceLast = new ConcurrentHashMap<>();
    private final AtomicLong versions = new AtomicLong();
    private int framework;
    private int status;

    ComplianceRuns(dev.rackside.services.api.Services services, Runnable onChange) {
        this.services = services;
        this.onChange = onChange;
    }

    State state(String rack) {
        return states.getOrDefault(rack, new State(Optional.empty(), false, "", Optional.empty(), 0));
    }

    /** Starts a run on the io executor unless one is going; the last results stay shown meanwhile. */
    void run(Rack rack) {
        State s = state(rack.name());
        if (s.running()) {
            return;
        }
        put(rack.name(), new State(s.report(), true, "starting", Optional.empty(), 0));
        services.io().execute(() -> {
            try {
                Report r = services.compliance().get().run(rack, line -> {
                    State cur = state(rack.name());
                    put(rack.name(), new State(cur.report(), true, line, cur.error(), 0));
                });
                try {
                    services.compliance().get().diff(rack, Optional.empty(), Optional.empty())
                            .ifPresent(d -> sinceLast.put(rack.name(), d));
                } catch (java.io.IOException | RuntimeException e) {
                    // the run stands without its comparison
                }
                put(rack.name(), new State(Optional.of(r), false, "", Optional.empty(), 0));
            } catch (RuntimeException e) {
                State cur = state(rack.name());
                put(rack.name(), new State(cur.report(), false, "", Optional.of(String.valueOf(e.getMessage())), 0));
            }
        });
    }

    private void put(String rack, State s) {
        states.put(rack, new State(s.report(), s.running(), s.progress(), s.error(), versions.incrementAndGet()));
        onChange.run();
    }

    void cycleFramework() {
        framework = (framework + 1) % FRAMEWORKS.size();
        versions.incrementAndGet();
    }

    void cycleStatus() {
        status = (status + 1) % STATUSES.size();
        versions.incrementAndGet();
    }

    /** "last run 10:04:05Z, 1.2 s · nist · FAIL only" or "running: <progress>". */
    String summary(String rack) {
        State s = state(rack);
        StringBuilder b = new StringBuilder();
        if (s.running()) {
            b.append("running: ").append(s.progress());
        } else if (s.report().isPresent()) {
            Report r = s.report().get();
            b.append("last run ").append(DateFormats.CLOCK
                    .format(r.started())).append(" (").append(String.format(Locale.ROOT, "%.1f s",
                    r.took().toMillis() / 1000.0)).append(")");
            if (r.recorded()) {
                b.append(" · AWS: recorded inventory");
            }
            Optional.ofNullable(sinceLast.get(rack)).ifPresent(d -> b.append(" · since last run: ").append(
                    d.summary()));
        }
        s.error().ifPresent(e -> b.append(b.length() == 0 ? "" : "  ").append("✗ ").append(e));
        FRAMEWORKS.get(framework).ifPresent(f -> b.append(" · ").append(f));
        STATUSES.get(status).ifPresent(x -> b.append(" · ").append(x.name()).append(" only"));
        return b.toString();
    }

    /** What the pane shows for a subject: headers, rows, state, version (starts the first run of a rack). */
    record View(List<String> headers, List<Row<Object>> rows, Snapshot.State state, Optional<String> error,
            long version) {
    }

    View view(Location loc, Rack rack) {
        State s = state(rack.name());
        if (s.report().isEmpty() && !s.running() && s.error().isEmpty()) {
            run(rack);
            s = state(rack.name());
        }
        String subject = loc.subject().orElse("");
        List<String> headers = subject.isEmpty() ? CONCERNS : subject.contains("/") ? RESULTS : CHECKS;
        Snapshot.State state = s.report().isPresent() ? Snapshot.State.READY
                : s.error().isPresent() ? Snapshot.State.FAILED : Snapshot.State.LOADING;
        Optional<Report> report = s.report().map(r -> r.only(FRAMEWORKS.get(framework), Optional.empty()));
        long version = s.version() * 31 + versions.get();
        return new View(headers, report.map(r -> rows(r, subject)).orElse(List.of()), state, s.error(), version);
    }

    /** The newest report of a rack, for exports. */
    Optional<Report> report(String rack) {
        return state(rack).report();
    }

    private List<Row<Object>> rows(Report r, String subject) {
        List<Row<Object>> out = new ArrayList<>();
        Optional<Status> only = STATUSES.get(status);
        if (subject.isEmpty()) {
            for (Concern c : Concern.values()) {
                Map<Status, Integer> n = r.counts(c);
                Status st = r.status(c);
                out.add(Row.of(c.name().toLowerCase(Locale.ROOT), c, r.evaluated(c) ? tone(st) : Tone.MUTED, 1,
                        c.name().toLowerCase(Locale.ROOT), r.evaluated(c) ? label(st) : "not evaluated",
                        String.valueOf(n.get(Status.PASS)), String.valueOf(n.get(Status.FAIL)),
                        String.valueOf(n.get(Status.NOT_APPLICABLE)), String.valueOf(n.get(Status.ERROR))));
            }
            return out;
        }
        int slash = subject.indexOf('/');
        Concern concern = Concern.valueOf((slash < 0 ? subject : subject.substring(0, slash)).toUpperCase(Locale.ROOT));
        if (slash < 0) {
            // Failing checks first, then errors, then the rest; within each, the most severe first.
            List<Check> ordered = new ArrayList<>(r.checks());
            ordered.sort(java.util.Comparator.comparingInt((Check c) -> rank(worst(r.findings().stream()
                    .filter(f -> f.check() == c).toList()))).thenComparing(c -> c.severity().ordinal()));
            for (Check c : ordered) {
                if (c.concern() != concern) {
                    continue;
                }
                List<Finding> fs = r.findings().stream().filter(f -> f.check() == c).toList();
                Status worst = worst(fs);
                if (only.isPresent() && fs.stream().noneMatch(f -> f.status() == only.get())) {
                    continue;
                }
                out.add(Row.of(c.id(), c, tone(worst), 1, c.id(), label(worst), c.severity().name().toLowerCase(Locale.ROOT),
                        count(fs, Status.PASS), count(fs, Status.FAIL), count(fs, Status.NOT_APPLICABLE),
                        count(fs, Status.ERROR), c.title()));
            }
            return out;
        }
        String check = subject.substring(slash + 1);
        int i = 0;
        for (Finding f : r.findings()) {
            if (f.check().id().equals(check) && only.map(x -> x == f.status()).orElse(true)) {
                out.add(Row.of(f.resource() + "#" + i++, f, tone(f.status()), 0, label(f.status()), f.resource(),
                        f.message()));
            }
        }
        return out;
    }

    /** What changed since the run before the last, when two are kept. */
    Optional<dev.rackside.services.model.compliance.RunChanges> sinceLast(String rack) {
        return Optional.ofNullable(sinceLast.get(rack));
    }

    /** The result behind a row of a check's results, in full: what was found, on what evidence, how to fix it. */
    Optional<List<String>> detail(Location loc, String rack, String key) {
        Optional<Report> report = state(rack).report();
        String subject = loc.subject().orElse("");
        int slash = subject.indexOf('/');
        if (report.isEmpty() || slash < 0) {
            return Optional.empty();
        }
        String check = subject.substring(slash + 1);
        int hash = key.lastIndexOf('#');
        int index = Integer.parseInt(key.substring(hash + 1));
        List<Finding> fs = report.get().findings().stream().filter(f -> f.check().id().equals(check)).toList();
        List<Finding> shown = fs.stream().filter(f -> STATUSES.get(status).map(x -> x == f.status()).orElse(true))
                .toList();
        if (index >= shown.size()) {
            return Optional.empty();
        }
        Finding f = shown.get(index);
        List<String> lines = new ArrayList<>(List.of(f.check().id() + "  " + f.status() + "  ("
                + f.check().severity().name().toLowerCase(Locale.ROOT) + ")", f.check().title(), "",
                "Resource:    " + f.resource(), "Found:       " + f.message(), ""));
        lines.add("Controls:");
        lines.add("  " + dev.rackside.services.model.compliance.Controls.line(f.check()));
        lines.add("");
        lines.add("Evidence (raw API responses, SHA-256):");
        Map<String, dev.rackside.services.model.compliance.Inventory.Entry> entries = report.get().inventory().entries();
        for (String d : f.evidence()) {
            String what = entries.values().stream().filter(e -> e.sha256().equals(d)).map(e -> e.key()).findFirst()
                    .orElse("?");
            lines.add("  " + d + "  " + what);
        }
        if (f.evidence().isEmpty()) {
            lines.add("  none: the read failed");
        }
        lines.add("");
        lines.add("Remediation:");
        lines.add("  " + f.check().remediation());
        return Optional.of(lines);
    }

    private static Status worst(List<Finding> fs) {
        if (fs.stream().anyMatch(f -> f.status() == Status.FAIL)) {
            return Status.FAIL;
        }
        if (fs.stream().anyMatch(f -> f.status() == Status.ERROR)) {
            return Status.ERROR;
        }
        return fs.stream().anyMatch(f -> f.status() == Status.PASS) ? Status.PASS : Status.NOT_APPLICABLE;
    }

    private static String count(List<Finding> fs, Status s) {
        return String.valueOf(fs.stream().filter(f -> f.status() == s).count());
    }

    private static String label(Status s) {
        return s.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static Tone tone(Status s) {
        return switch (s) {
            case PASS -> Tone.OK;
            case FAIL -> Tone.FAIL;
            case ERROR -> Tone.WARN;
            default -> Tone.MUTED;
        };
    }

    private static int rank(Status s) {
        return switch (s) {
            case FAIL -> 0;
            case ERROR -> 1;
            case PASS -> 2;
            default -> 3;
        };
    }
}
