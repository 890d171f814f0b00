package dev.rackside.views.console;

import dev.rackside.services.model.Rack;
import dev.rackside.views.logs.LogViewState;
import dev.rackside.views.logs.TimeInput;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Logs pane of an app, a service, a process or a process's previous container: its keys (follow, wrap,
 * timestamps, filter over the whole buffer, search, jump to a time, the time window, the source prefix, export,
 * the previous container) over a {@link LogPane}, whose session starts when the pane is entered and stops when
 * it is left.
 */
final class LogsPane implements PaneController {
    private final Ui ui;
    private final Location location;
    private final ConsoleSettings settings;
    private LogPane pane;
    private Optional<String> problem = Optional.empty();

    LogsPane(Ui ui, Location location) {
        this.ui = ui;
        this.location = location;
        this.settings = ((Console) ui).settings();
    }

    @Override
    public Location location() {
        return location;
    }

    @Override
    public String title() {
        return pane == null ? "Logs " + LogSubject.title(location) : pane.title();
    }

    @Override
    public void enter() {
        Optional<Rack> rack = location.rack().flatMap(ui::rack);
        if (rack.isEmpty()) {
            problem = Optional.of("rack " + location.rack().orElse("?") + " is not known");
            return;
        }
        pane = new LogPane(ui.services(), settings.logLimits(), rack.get(), LogSubject.query(location),
                LogSubject.title(location), ui::dirty);
    }

    @Override
    public void leave() {
        if (pane != null) {
            pane.close();
        }
    }

    /** The view being shown (benchmarks read its buffer and counters). */
    Optional<LogViewState> view() {
        return Optional.ofNullable(pane).map(LogPane::view);
    }

    @Override
    public boolean escape() {
        if (pane != null && (pane.view().filter().isPresent() || pane.view().search().isPresent())) {
            pane.view().filter("");
            pane.view().search("");
            return true;
        }
        return false;
    }

    @Override
    public List<Binding> bindings() {
        List<Binding> out = new ArrayList<>();
        int page = Math.max(1, ui.pageRows() - 1);
        view(out, "down", v -> v.move(1));
        view(out, "up", v -> v.move(-1));
        view(out, "down-arrow", v -> v.move(1));
        view(out, "up-arrow", v -> v.move(-1));
        view(out, "page-down", v -> v.move(page));
        view(out, "page-up", v -> v.move(-page));
        view(out, "top", LogViewState::first);
        view(out, "home", LogViewState::first);
        view(out, "bottom", LogViewState::resume);
        view(out, "end", LogViewState::resume);
        view(out, "follow", LogViewState::toggleFollow);
        view(out, "wrap", LogViewState::toggleWrap);
        view(out, "timestamps", LogViewState::toggleTimestamps);
        view(out, "source-prefix", LogViewState::cyclePrefix);
        view(out, "filter", v -> ui.edit(LineEditor.live("/", v.filter().map(f -> f.text()).orElse(""), v::filter),
                v::filter, () -> v.filter("")));
        view(out, "search", v -> ui.edit(LineEditor.question("search: ", "", t -> Optional.empty()),
                t -> v.search(t).ifPresent(ui::message), () -> { }));
        view(out, "next-match", v -> v.next(1).ifPresent(ui::message));
        view(out, "prev-match", v -> v.next(-1).ifPresent(ui::message));
        view(out, "pretty", v -> v.selected().ifPresent(l -> ui.overlay("Line", LogSubject.inFull(l,
                ui.pageColumns()))));
        view(out, "jump", v -> ui.ask("jump to (HH:MM[:SS] UTC, RFC 3339, or -5m): ", "",
                t -> TimeInput.parse(t, ui.services().clock().instant()).isPresent() ? Optional.empty()
                        : Optional.of("10:05, 10:05:30, 2026-11-26T10:05:00Z or -5m"),
                t -> TimeInput.parse(t, ui.services().clock().instant()).flatMap(v::jump).ifPresent(ui::message)));
        view(out, "export", v -> askExport());
        view(out, "previous", v -> previous());
        window(out, "window-1m", Duration.ofMinutes(1));
        window(out, "window-5m", Duration.ofMinutes(5));
        window(out, "window-15m", Duration.ofMinutes(15));
        window(out, "window-1h", Duration.ofHours(1));
        window(out, "window-6h", Duration.ofHours(6));
        view(out, "window-all", v -> v.since(Optional.empty()));
        return out;
    }

    private void view(List<Binding> out, String action, java.util.function.Consumer<LogViewState> run) {
        out.add(Binding.when(action, () -> pane == null ? Optional.of(problem.orElse("the log is not open")) :
                Optional.empty(), () -> run.accept(pane.view())));
    }

    private void window(List<Binding> out, String action, Duration d) {
        view(out, action, v -> v.since(Optional.of(ui.services().clock().instant().minus(d))));
    }

    /**
     * The previous container of this process: as {@code kubectl logs -p}, whole; a pod that never restarted has
     * none, and says so instead of showing the current log under that name.
     */
    private void previous() {
        Optional<Location> prev = LogSubject.previous(location);
        if (prev.isEmpty()) {
            ui.message("the previous container's log is per process: open a process's logs first (Processes, then l)");
            return;
        }
        String pod = prev.get().subject().orElse("").substring("previous/".length());
        Optional<Integer> restarts = location.rack().flatMap(r -> ui.data().reader(r)).flatMap(r -> location.app()
                .map(r::app)).flatMap(a -> a.processes().current().rows().stream().filter(p -> p.id().equals(pod))
                .findFirst()).map(dev.rackside.services.model.Process::restarts);
        if (restarts.isPresent() && restarts.get() == 0) {
            ui.message("no previous container (restarts 0): " + pod + " has not restarted");
            return;
        }
        ui.go(prev.get());
    }

    private void askExport() {
        Instant now = ui.services().clock().instant();
        ui.ask("export which lines (enter: all buffered; or FROM..TO, e.g. 10:00..10:05 or -10m..): ", "",
                t -> LogSubject.range(t, now).isPresent() ? Optional.empty()
                        : Optional.of("FROM..TO with times like 10:05, -5m or 2026-11-26T10:05:00Z"),
                range -> {
                    Instant[] r = LogSubject.range(range, now).orElseThrow();
                    java.nio.file.Path file = ui.services().journal().file().toAbsolutePath().getParent()
                            .resolve("exports").resolve(LogSubject.fileName(location, now));
                    ui.ask("export to: ", file.toString(), t -> t.isBlank() ? Optional.of("a file name") :
                            Optional.empty(), path -> {
                                ui.message("exporting…");
                                LogPane p = pane;
                                ui.background(() -> p.export(java.nio.file.Path.of(path.strip()), r[0], r[1]));
                            });
                });
    }

    @Override
    public void draw(Canvas c) {
        if (pane == null) {
            c.painter().text(c.graphics(), c.size(), List.of("", "✗ " + problem.orElse("")), 0,
                    dev.rackside.themes.Role.FAIL);
            return;
        }
        pane.draw(c.screen(), c.graphics(), c.size(), c.painter());
    }

    @Override
    public Optional<String> error() {
        return pane == null ? problem : pane.tail().openError();
    }
}
