package dev.rackside.views.console;

import dev.rackside.services.api.Column;
import dev.rackside.services.api.Columns;
import dev.rackside.services.model.Feed;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.compliance.TrailEvent;
import dev.rackside.services.model.compliance.TrailQuery;
import dev.rackside.services.model.compliance.TrailReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code :access [AGE]}: who changed the rack's AWS resources over the period (default 90 days), as
 * {@code rackside audit trail} reads it from CloudTrail: one row per event, grouped by actor (then time), the
 * filter over every column, Enter on a row for the event in full, {@code e} to export md, csv and json. Read
 * once when the pane opens, on the io executor; {@code r} reads again.
 */
final class AccessPane extends TableBackedPane<TrailEvent> {
    private static final Columns<TrailEvent> COLUMNS = new Columns<>(List.of(
            Column.of("ACTOR", (e, now) -> e.actor()),
            Column.of("TIME", (e, now) -> DateTimeFormatter.ISO_INSTANT.format(e.time())),
            Column.of("CATEGORY", (e, now) -> e.category()),
            Column.of("EVENT", (e, now) -> e.eventName()),
            Column.of("RESOURCE", (e, now) -> e.resource()),
            Column.of("FROM", (e, now) -> e.sourceIp()),
            Column.of("RESULT", (e, now) -> e.errorCode().isEmpty() ? "ok" : e.errorCode())),
            TrailEvent::eventId, e -> e.errorCode().isEmpty() ? Columns.Tone.NORMAL : Columns.Tone.WARN, -1);

    private final Ui ui;
    private final Location location;
    private final Duration period;
    private final Feed<TrailEvent> feed = new Feed<>();
    private final TablePane<TrailEvent> table;
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile String progress = "";
    private volatile Optional<TrailReport> report = Optional.empty();
    /** The title's account of the last read, made once per read (the title is drawn every frame). */
    private volatile String summary = "";

    AccessPane(Ui ui, Location location) {
        this.ui = ui;
        this.location = location;
        this.period = location.subject().flatMap(dev.rackside.services.text.GoDuration::parse)
                .orElse(Duration.ofDays(90));
        this.table = TablePane.<TrailEvent>builder(ui, location, "Access")
                .feed(() -> Optional.of(feed), Optional::empty)
                .columns(COLUMNS)
                .open(e -> ui.overlay("Event " + e.eventId(), List.of("time: " + e.time(), "actor: " + e.actor(),
                        "event: " + e.eventSource() + " " + e.eventName(), "category: " + e.category(),
                        "resource: " + e.resource(), "region: " + e.region(), "from: " + e.sourceIp(),
                        "user agent: " + e.userAgent(), "read-only: " + e.readOnly(),
                        "result: " + (e.errorCode().isEmpty() ? "ok" : e.errorCode()), "page: " + e.page())))
                .bind(Binding.of("rerun", this::read))
                .bind(Binding.when("export-report", () -> report.isPresent() ? Optional.empty()
                        : Optional.of("nothing read yet to export"), this::export))
                .build();
    }

    @Override
    public String title() {
        String rack = location.rack().orElse("");
        String state = reading.get() ? "reading: " + progress : summary;
        return table.title().replaceFirst("^Access", "Access " + rack) + "  last " + period.toDays() + "d · " + state;
    }

    @Override
    public void enter() {
        table.enter();
        read();
    }

    private void read() {
        Optional<Rack> rack = location.rack().flatMap(ui::rack);
        if (rack.isEmpty() || !reading.compareAndSet(false, true)) {
            return;
        }
        Instant now = Instant.now();
        TrailQuery q = new TrailQuery(now.minus(period), now, Set.of(), Optional.empty(), false);
        ui.services().io().execute(() -> {
            try {
                TrailReport r = ui.services().compliance().get().trail(rack.get(), q, line -> {
                    progress = line;
                    ui.dirty();
                });
                report = Optional.of(r);
                summary = r.events().size() + " events by " + r.byActor().size() + " actors, " + r.eventsRead()
                        + " read in " + r.pages().size() + " pages of " + (r.source().lake() ? "CloudTrail Lake"
                                : "the event history") + (r.problems().isEmpty() ? ""
                                : " · ✗ " + r.problems().get(0));
                List<TrailEvent> rows = new ArrayList<>(r.events());
                rows.sort(Comparator.comparing(TrailEvent::actor).thenComparing(TrailEvent::time));
                feed.publish(rows, r.problems());
            } catch (RuntimeException e) {
                progress = "✗ " + e.getMessage();
                summary = progress;
                feed.fail(String.valueOf(e.getMessage()));
            } finally {
                reading.set(false);
                ui.dirty();
            }
        });
    }

    /** md, csv and json of the last read to $XDG_STATE_HOME/rackside/exports/. */
    private void export() {
        TrailReport r = report.orElseThrow();
        Path dir = ui.services().journal().file().toAbsolutePath().getParent().resolve("exports");
        String stamp = DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss").withZone(ZoneOffset.UTC).format(r.read());
        ui.background(() -> {
            try {
                Files.createDirectories(dir);
                Path base = dir.resolve("access-" + r.rack() + "-" + stamp);
                var c = ui.services().compliance().get();
                Files.writeString(Path.of(base + ".md"), c.trailExport(r, "md"));
                Files.writeString(Path.of(base + ".csv"), c.trailExport(r, "csv"));
                Files.writeString(Path.of(base + ".json"), c.trailExport(r, "json"));
                return "exported " + base.getFileName() + ".md, .csv, .json to " + dir;
            } catch (java.io.IOException e) {
                return "✗ export failed: " + e.getMessage();
            }
        });
    }

    @Override
    public Optional<Instant> nextWake(Instant now) {
        return reading.get() ? Optional.of(now.plusMillis(500)) : table.nextWake(now);
    }

    @Override
    protected TablePane<TrailEvent> table() {
        return table;
    }
}
