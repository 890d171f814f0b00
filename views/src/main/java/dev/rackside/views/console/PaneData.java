package dev.rackside.views.console;

import dev.rackside.services.api.AppReader;
import dev.rackside.services.api.RackReader;
import dev.rackside.services.model.Feed;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.Snapshot;
import dev.rackside.services.racks.Racks;
import dev.rackside.views.table.PaneRows;
import dev.rackside.views.table.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's data side: the rack list and one reader per rack, opened on the io executor (building a
 * client reads the kubeconfig) and kept open while the console runs, so going back to a rack is instant.
 * Feed listeners only call {@code onChange}; nothing here draws.
 */
final class PaneData implements AutoCloseable {

    /** What a table pane shows right now. */
    record View(List<String> headers, java.util.function.Supplier<List<Row>> rows, Snapshot.State state,
            Optional<String> error, List<String> problems, long version) {
    }

    private final ConsoleContext ctx;
    private final Runnable onChange;
    private final Feed<Rack> racks = new Feed<>();
    private final Map<String, RackReader> readers = new ConcurrentHashMap<>();
    private final Map<String, String> openErrors = new ConcurrentHashMap<>();
    private final Set<String> opening = ConcurrentHashMap.newKeySet();
    private final Set<Feed<?>> subscribed = ConcurrentHashMap.newKeySet();
    private volatile List<String> rackProblems = List.of();
    private final Feed<Map<String, String>> journal = new Feed<>();
    private final java.util.concurrent.atomic.AtomicBoolean journalCheck = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile long journalStamp = -1;

    private final ComplianceRuns compliance;

    PaneData(ConsoleContext ctx, Runnable onChange) {
        this.ctx = ctx;
        this.onChange = onChange;
        this.compliance = new ComplianceRuns(ctx, onChange);
        subscribe(racks);
        refreshRacks();
    }

    /** Lists racks again (discovery asks every context, so it runs on the io executor). */
    void refreshRacks() {
        ctx.io().execute(() -> {
            try {
                Racks.Listing listing = ctx.racks().list();
                rackProblems = listing.problems();
                racks.publish(listing.racks(), listing.problems());
            } catch (RuntimeException e) {
                racks.fail(String.valueOf(e.getMessage()));
            }
        });
    }

    ComplianceRuns compliance() {
        return compliance;
    }

    Feed<Rack> racks() {
        return racks;
    }

    List<String> rackProblems() {
        return rackProblems;
    }

    Optional<Rack> rack(String name) {
        return racks.current().rows().stream().filter(r -> r.name().equals(name)).findFirst()
                .or(() -> Optional.ofNullable(readers.get(name)).map(RackReader::rack));
    }

    /** The reader of a rack, opening it in the background the first time; empty until it is open. */
    Optional<RackReader> reader(String rackName) {
        RackReader r = readers.get(rackName);
        if (r != null || !opening.add(rackName)) {
            return Optional.ofNullable(r);
        }
        ctx.io().execute(() -> {
            try {
                Rack rack = rack(rackName).orElseGet(() -> ctx.racks().resolve(Optional.of(rackName)));
                RackReader opened = ctx.readers().open(rack);
                readers.put(rackName, opened);
                subscribe(opened.apps());
            } catch (RuntimeException e) {
                openErrors.put(rackName, String.valueOf(e.getMessage()));
            } finally {
                opening.remove(rackName);
                onChange.run();
            }
        });
        return Optional.empty();
    }

    Optional<String> openError(String rackName) {
        return Optional.ofNullable(openErrors.get(rackName));
    }

    Optional<AppReader> app(Location loc) {
        return loc.rack().flatMap(this::reader).flatMap(r -> loc.app().map(r::app));
    }

    /** The table for {@code loc}, or empty for the panes that are not tables. */
    Optional<View> view(Location loc, Instant now) {
        switch (loc.pane()) {
            case RACKS:
                return Optional.of(of(PaneRows.RACKS, racks, PaneRows::rack));
            case APPS:
                return loc.rack().map(r -> reader(r).map(reader -> of(PaneRows.APPS, reader.apps(), PaneRows::app))
                        .orElseGet(() -> pending(PaneRows.APPS, r)));
            case PROCESSES:
                return appView(loc, PaneRows.PROCESSES, a -> of(PaneRows.PROCESSES, a.processes(),
                        p -> PaneRows.process(p, now)));
            case SERVICES:
                return appView(loc, PaneRows.SERVICES, a -> of(PaneRows.SERVICES, a.services(), PaneRows::service));
            case RELEASES:
                return appView(loc, PaneRows.RELEASES, a -> of(PaneRows.RELEASES, a.releases(),
                        r -> PaneRows.release(r, now)));
            case BUILDS:
                return appView(loc, PaneRows.BUILDS, a -> of(PaneRows.BUILDS, a.builds(), b -> PaneRows.build(b, now)));
            case RESOURCES:
                return appView(loc, PaneRows.RESOURCES, a -> of(PaneRows.RESOURCES, a.resources(),
                        PaneRows::resource));
            case HISTORY:
                return Optional.of(history(now));
            case COMPLIANCE:
                return loc.rack().flatMap(this::rack).map(r -> compliance.view(loc, r));
            default:
                return Optional.empty();
        }
    }

    private Optional<View> appView(Location loc, List<String> headers, java.util.function.Function<AppReader, View> f) {
        if (loc.rack().isEmpty() || loc.app().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(app(loc).map(f).orElseGet(() -> pending(headers, loc.rack().get())));
    }

    /**
     * The operator journal, newest first, as a feed like every other table. Each redraw of the History pane
     * asks the io executor to look at the file; it is re-read only when its size or time changed. The render
     * thread never touches the disk.
     */
    private View history(Instant now) {
        subscribe(journal);
        if (journalCheck.compareAndSet(false, true)) {
            ctx.io().execute(this::reloadJournal);
        }
        return of(PaneRows.HISTORY, journal, r -> PaneRows.history(r, now));
    }

    private void reloadJournal() {
        try {
            java.nio.file.Path file = ctx.journal().file();
            long stamp = java.nio.file.Files.exists(file)
                    ? java.nio.file.Files.getLastModifiedTime(file).toMillis() * 31 + java.nio.file.Files.size(file)
                    : 0;
            if (stamp != journalStamp || journal.current().state() == Snapshot.State.LOADING) {
                List<Map<String, String>> records = new ArrayList<>(ctx.journal().read());
                java.util.Collections.reverse(records);
                journalStamp = stamp;
                journal.publish(records, List.of());
            }
        } catch (java.io.IOException | RuntimeException e) {
            journal.fail(ctx.journal().file() + ": " + e.getMessage());
        } finally {
            journalCheck.set(false);
        }
    }

    private View pending(List<String> headers, String rack) {
        Optional<String> error = openError(rack);
        return new View(headers, List::of, error.isPresent() ? Snapshot.State.FAILED : Snapshot.State.LOADING,
                error, List.of(), -1);
    }

    private <T> View of(List<String> headers, Feed<T> feed, java.util.function.Function<T, Row> toRow) {
        subscribe(feed);
        Snapshot<T> s = feed.current();
        // Rows are built only when the console sees a new version: a keystroke never maps 10,000 records.
        return new View(headers, () -> {
            List<Row> rows = new ArrayList<>(s.rows().size());
            for (T t : s.rows()) {
                rows.add(toRow.apply(t));
            }
            return rows;
        }, s.state(), s.error(), s.problems(), s.version());
    }

    private void subscribe(Feed<?> feed) {
        if (subscribed.add(feed)) {
            feed.subscribe(s -> onChange.run());
        }
    }

    @Override
    public void close() {
        readers.values().forEach(RackReader::close);
    }
}
