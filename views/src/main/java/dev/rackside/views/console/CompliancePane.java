package dev.rackside.views.console;

import dev.rackside.services.api.Compliance;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.Snapshot;
import dev.rackside.services.model.compliance.Report;
import dev.rackside.views.table.TableState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Compliance pane of a rack: the four concerns, a concern's checks (failing first, most severe first), a
 * check's results, one result in full. Runs are kept for the session by {@link ComplianceRuns}, so leaving the
 * pane loses nothing; {@code r} runs again, {@code F}/{@code S} narrow, {@code e} exports the last run.
 */
final class CompliancePane implements PaneController {
    private final Ui ui;
    private final Location location;
    private final ComplianceRuns runs;
    private final TableState<Object> table = new TableState<>();
    private ComplianceRuns.View view = new ComplianceRuns.View(List.of(), List.of(), Snapshot.State.LOADING,
            Optional.empty(), -1);
    private long shown = -1;

    CompliancePane(Ui ui, Location location) {
        this.ui = ui;
        this.location = location;
        this.runs = ((Console) ui).complianceRuns();
    }

    @Override
    public Location location() {
        return location;
    }

    private Optional<Rack> rack() {
        return location.rack().flatMap(ui::rack);
    }

    @Override
    public String title() {
        String count = table.shown().size() == table.total() ? String.valueOf(table.total())
                : table.shown().size() + "/" + table.total();
        return "Compliance" + location.subject().map(s -> " " + s).orElse("") + " (" + count + ")"
                + (table.filterText().isEmpty() ? "" : "  /" + table.filterText()) + "  "
                + runs.summary(location.rack().orElse(""));
    }

    @Override
    public List<Binding> bindings() {
        List<Binding> out = new ArrayList<>(TableKeys.of(ui, table));
        out.add(Binding.when("open", () -> table.selectedRow().isPresent() ? Optional.empty()
                : Optional.of("nothing selected"), this::open));
        out.add(Binding.when("describe", () -> table.selectedRow().isPresent() ? Optional.empty()
                : Optional.of("nothing selected"), this::detail));
        out.add(Binding.of("rerun", () -> rack().ifPresent(runs::run)));
        out.add(Binding.of("framework", runs::cycleFramework));
        out.add(Binding.of("status-filter", runs::cycleStatus));
        out.add(Binding.when("changes", () -> runs.sinceLast(location.rack().orElse("")).isPresent()
                ? Optional.empty() : Optional.of("no earlier run kept to compare with"), () -> runs.sinceLast(
                        location.rack().orElse("")).ifPresent(d -> ui.overlay("Since " + d.from() + ": "
                                + d.summary(), d.lines().isEmpty() ? List.of("nothing changed") : d.lines()))));
        out.add(Binding.when("export-report", () -> runs.report(location.rack().orElse("")).isPresent()
                ? Optional.empty() : Optional.of("no finished run to export yet"), this::export));
        return out;
    }

    private void open() {
        String subject = location.subject().orElse("");
        if (subject.contains("/")) {
            detail();
            return;
        }
        table.selectedRow().ifPresent(r -> ui.go(location.about(subject.isEmpty() ? r.key() : subject + "/" + r.key())));
    }

    private void detail() {
        table.selectedRow().ifPresent(r -> runs.detail(location, location.rack().orElse(""), r.key())
                .ifPresentOrElse(lines -> ui.overlay("Describe", lines), () -> ui.message("open a check's results "
                        + "to see one in full")));
    }

    /** Every format of the last run to $XDG_STATE_HOME/rackside/exports/, on the io executor. */
    private void export() {
        Report r = runs.report(location.rack().orElse("")).orElseThrow();
        Compliance c = ui.services().compliance().get();
        Path dir = ui.services().journal().file().toAbsolutePath().getParent().resolve("exports");
        String stamp = DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss").withZone(ZoneOffset.UTC).format(r.started());
        ui.message("exporting the compliance report…");
        ui.background(() -> {
            try {
                Files.createDirectories(dir);
                List<String> written = new ArrayList<>();
                for (Compliance.Format f : Compliance.Format.values()) {
                    Path file = dir.resolve("compliance-" + r.rack() + "-" + stamp + "." + f.extension());
                    Files.writeString(file, c.export(r, f, Optional.empty()));
                    written.add(file.getFileName().toString());
                }
                return "exported " + String.join(", ", written) + " to " + dir;
            } catch (java.io.IOException | RuntimeException e) {
                return "✗ export to " + dir + " failed: " + e.getMessage();
            }
        });
    }

    @Override
    public void enter() {
        refresh();
    }

    @Override
    public void leave() {
    }

    @Override
    public boolean escape() {
        if (!table.filterText().isEmpty()) {
            table.filter("");
            return true;
        }
        return false;
    }

    private void refresh() {
        Optional<Rack> r = rack();
        if (r.isEmpty()) {
            return;
        }
        view = runs.view(location, r.get());
        if (view.version() != shown) {
            table.update(view.headers(), view.rows(), ui.services().clock().instant());
            shown = view.version();
        }
    }

    @Override
    public void refresh(java.time.Instant now) {
        refresh();
    }

    @Override
    public void draw(Canvas c) {
        c.painter().table(c.graphics(), c.size(), table, view.state(), view.error(), false, c.now());
    }

    @Override
    public Optional<String> error() {
        return view.error();
    }

    @Override
    public Optional<Snapshot.State> state() {
        return Optional.of(view.state());
    }
}
