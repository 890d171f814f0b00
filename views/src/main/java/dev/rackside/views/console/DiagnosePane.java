package dev.rackside.views.console;

import dev.rackside.services.api.Column;
import dev.rackside.services.api.Columns;
import dev.rackside.services.api.DiagnosisText;
import dev.rackside.services.model.Feed;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.diagnose.DiagnosticReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code convox deploy-debug} as a live pane: the report of the app (or of one service) in the CLI's words,
 * read again every few seconds while the pane is open; Enter or {@code l} on a process's lines opens that
 * process's logs. The diagnosis runs on the io executor; the render thread only shows the last one.
 */
final class DiagnosePane extends TableBackedPane<DiagnosePane.Numbered> {
    static final Duration EVERY = Duration.ofSeconds(5);

    /** One line of the report, numbered so the selection stays on the same place across refreshes. */
    record Numbered(int n, DiagnosisText.Line line) {
    }

    private static final Columns<Numbered> COLUMNS = new Columns<>(List.of(Column.of("DIAGNOSIS",
            (l, now) -> l.line().text())), l -> String.valueOf(l.n()), l -> switch (l.line().tone()) {
                case BAD -> Columns.Tone.FAIL;
                case WARN -> Columns.Tone.WARN;
                case GOOD -> Columns.Tone.OK;
                case DIM -> Columns.Tone.MUTED;
                default -> Columns.Tone.NORMAL;
            }, -1);

    private final Ui ui;
    private final Location location;
    private final Feed<Numbered> feed = new Feed<>();
    private final TablePane<Numbered> table;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Instant last = Instant.EPOCH;
    private volatile Instant at = Instant.EPOCH;

    DiagnosePane(Ui ui, Location location) {
        this.ui = ui;
        this.location = location;
        this.table = TablePane.<Numbered>builder(ui, location, "Diagnose")
                .feed(() -> Optional.of(feed), Optional::empty)
                .columns(COLUMNS)
                .open(this::logsOf)
                .onSelected("logs", this::logsOf)
                .build();
    }

    private void logsOf(Numbered l) {
        l.line().pod().ifPresentOrElse(pod -> ui.go(LogSubject.process(Location.app(location.rack().orElseThrow(),
                location.app().orElseThrow(), dev.rackside.views.keys.Pane.PROCESSES), pod)),
                () -> ui.message("this line is not about a process: move to a process's lines for its logs"));
    }

    @Override
    public String title() {
        String of = location.app().orElse("") + location.subject().map(s -> "/" + s).orElse("");
        return table.title().replaceFirst("^Diagnose", "Diagnose " + of) + (at.equals(Instant.EPOCH) ? ""
                : " · read " + DateFormats.CLOCK.format(at));
    }

    @Override
    public void refresh(Instant now) {
        if (Duration.between(last, now).compareTo(EVERY) >= 0 && running.compareAndSet(false, true)) {
            last = now;
            ui.services().io().execute(this::read);
        }
        table.refresh(now);
    }

    private void read() {
        try {
            Optional<Rack> rack = location.rack().flatMap(ui::rack);
            if (rack.isEmpty()) {
                feed.fail("rack " + location.rack().orElse("") + " is not known");
                return;
            }
            DiagnosticReport r = ui.services().diagnostics().diagnose(rack.get(), location.app().orElseThrow(),
                    new DiagnosticReport.Options(location.subject().map(List::of).orElse(List.of()), 300, false,
                            50, true, true));
            List<Numbered> rows = new ArrayList<>();
            for (DiagnosisText.Line l : DiagnosisText.terminal(r, r.timestamp())) {
                rows.add(new Numbered(rows.size(), l));
            }
            at = r.timestamp();
            feed.publish(rows, List.of());
        } catch (RuntimeException e) {
            feed.fail(String.valueOf(e.getMessage()));
        } finally {
            running.set(false);
            ui.dirty();
        }
    }

    @Override
    public Optional<Instant> nextWake(Instant now) {
        Instant next = last.plus(EVERY);
        return table.nextWake(now).map(t -> t.isBefore(next) ? t : next).or(() -> Optional.of(next));
    }

    @Override
    protected TablePane<Numbered> table() {
        return table;
    }
}
