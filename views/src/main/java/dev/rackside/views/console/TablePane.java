package dev.rackside.views.console;

import dev.rackside.services.api.Columns;
import dev.rackside.services.model.Feed;
import dev.rackside.services.model.Snapshot;
import dev.rackside.views.table.Row;
import dev.rackside.views.table.TableState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A pane that is a table over a {@link Feed}: the rows of its newest snapshot in the {@link Columns} the CLI
 * prints too, the selection kept on the same row (typed: actions read {@link #selected()}, never cells), the
 * filter, paging, sideways scrolling, the change marks, and, when the read behind it fails, {@code stale since
 * HH:MM:SSZ} in its title and its rows dimmed and marked until the read answers again. A pane adds its own
 * bindings (open, describe, the changes it offers) on top of these.
 */
public final class TablePane<T> implements PaneController {

    private final Ui ui;
    private final Location location;
    private final String name;
    private final Supplier<Optional<Feed<T>>> source;
    private final Supplier<Optional<String>> sourceError;
    private final Function<List<T>, Columns<T>> columns;
    private final List<Binding> extra;
    private final Optional<Consumer<T>> open;
    private final Runnable onEnter;
    private final TableState<T> table = new TableState<>();
    private final Consumer<Snapshot<T>> listener;
    private Feed<T> subscribed;
    private Snapshot<T> snapshot = Snapshot.loading();
    /** How long the title says a table that was stale is live again. */
    private static final java.time.Duration BACK_NOTE = java.time.Duration.ofSeconds(30);
    /** When this table stopped being stale, for the title's note. */
    private Optional<Instant> backAt = Optional.empty();
    private long shownVersion = -1;
    private Instant lastAges = Instant.EPOCH;

    private TablePane(Builder<T> b) {
        this.ui = b.ui;
        this.location = b.location;
        this.name = b.name;
        this.source = b.source;
        this.sourceError = b.sourceError;
        this.columns = b.columns;
        List<Binding> made = new ArrayList<>();
        this.extra = made;
        this.open = b.open;
        this.onEnter = b.onEnter;
        this.listener = s -> ui.dirty();
        for (Function<TablePane<T>, Binding> f : b.bindings) {
            made.add(f.apply(this));
        }
    }

    public static <T> Builder<T> builder(Ui ui, Location location, String name) {
        return new Builder<>(ui, location, name);
    }

    /** How a table pane is put together. */
    public static final class Builder<T> {
        private final Ui ui;
        private final Location location;
        private final String name;
        private Supplier<Optional<Feed<T>>> source = Optional::empty;
        private Supplier<Optional<String>> sourceError = Optional::empty;
        private Function<List<T>, Columns<T>> columns;
        private final List<Function<TablePane<T>, Binding>> bindings = new ArrayList<>();
        private Optional<Consumer<T>> open = Optional.empty();
        private Runnable onEnter = () -> { };

        private Builder(Ui ui, Location location, String name) {
            this.ui = ui;
            this.location = location;
            this.name = name;
        }

        /** Where the rows come from: empty while the rack's reader is still opening. */
        public Builder<T> feed(Supplier<Optional<Feed<T>>> feed, Supplier<Optional<String>> openError) {
            this.source = feed;
            this.sourceError = openError;
            return this;
        }

        public Builder<T> columns(Columns<T> fixed) {
            this.columns = rows -> fixed;
            return this;
        }

        /** Columns that depend on the rows (Convox shows SCALE, AUTOSCALE and COLD only where they apply). */
        public Builder<T> columns(Function<List<T>, Columns<T>> byRows) {
            this.columns = byRows;
            return this;
        }

        public Builder<T> bind(Binding b) {
            bindings.add(pane -> b);
            return this;
        }

        /** A binding that needs the pane itself (its selection). */
        public Builder<T> bind(Function<TablePane<T>, Binding> b) {
            bindings.add(b);
            return this;
        }

        /** A binding on the selected item: off while nothing is selected. */
        public Builder<T> onSelected(String action, Consumer<T> run) {
            bindings.add(pane -> Binding.when(action, pane::needsSelection, () -> pane.selected().ifPresent(run)));
            return this;
        }

        public Builder<T> open(Consumer<T> onOpen) {
            this.open = Optional.of(onOpen);
            return this;
        }

        public Builder<T> onEnter(Runnable r) {
            this.onEnter = r;
            return this;
        }

        public TablePane<T> build() {
            return new TablePane<>(this);
        }
    }

    @Override
    public Location location() {
        return location;
    }

    public TableState<T> table() {
        return table;
    }

    /** The selected row's item. */
    public Optional<T> selected() {
        return table.selected();
    }

    /** "nothing selected" while there is no row, for the bindings that need one. */
    public Optional<String> needsSelection() {
        return table.selectedRow().isPresent() ? Optional.empty() : Optional.of("nothing selected");
    }

    @Override
    public String title() {
        String count = table.shown().size() == table.total() ? String.valueOf(table.total())
                : table.shown().size() + "/" + table.total();
        StringBuilder t = new StringBuilder(name + " (" + count + ")");
        if (!table.filterText().isEmpty()) {
            t.append("  /").append(table.filterText());
        }
        if (snapshot.stale()) {
            t.append("  ~ stale since ").append(DateFormats.CLOCK.format(snapshot.staleSince().orElse(snapshot.at())));
        } else if (backAt.isPresent() && Instant.now().isBefore(backAt.get().plus(BACK_NOTE))) {
            t.append("  ✓ live again since ").append(DateFormats.CLOCK.format(backAt.get()));
        }
        return t.toString();
    }

    @Override
    public List<Binding> bindings() {
        List<Binding> out = new ArrayList<>(TableKeys.of(ui, table));
        open.ifPresent(o -> out.add(Binding.when("open", this::needsSelection, () -> selected().ifPresent(o))));
        out.addAll(extra);
        return out;
    }

    @Override
    public void enter() {
        onEnter.run();
    }

    @Override
    public void leave() {
        if (subscribed != null) {
            subscribed.unsubscribe(listener);
            subscribed = null;
        }
    }

    @Override
    public boolean escape() {
        if (!table.filterText().isEmpty()) {
            table.filter("");
            return true;
        }
        return false;
    }

    /** Subscribes once the feed exists; rebuilds the rows when a new snapshot (or a new minute) came. */
    @Override
    public void refresh(Instant now) {
        Optional<Feed<T>> feed = source.get();
        if (feed.isPresent() && feed.get() != subscribed) {
            if (subscribed != null) {
                subscribed.unsubscribe(listener);
            }
            subscribed = feed.get();
            subscribed.subscribe(listener);
        }
        if (feed.isEmpty()) {
            Optional<String> err = sourceError.get();
            snapshot = err.isPresent() ? new Snapshot<>(Snapshot.State.FAILED, List.of(), err, List.of(), -2, now,
                    Optional.empty()) : Snapshot.loading();
            return;
        }
        Snapshot<T> was = snapshot;
        snapshot = feed.get().current();
        if (was.stale() && !snapshot.stale() && snapshot.error().isEmpty()) {
            backAt = Optional.of(now);
        } else if (snapshot.stale()) {
            backAt = Optional.empty();
        }
        boolean agesDue = !now.isBefore(lastAges.plusSeconds(60));
        if (snapshot.version() != shownVersion || agesDue) {
            Columns<T> cols = columns.apply(snapshot.rows());
            List<Row<T>> rows = new ArrayList<>(snapshot.rows().size());
            for (T item : snapshot.rows()) {
                rows.add(new Row<>(cols.key().apply(item), item, cols.cells(item, now), cols.statusColumn(),
                        cols.tone().apply(item)));
            }
            table.update(cols.headers(), cols.shrinks(), rows, now);
            shownVersion = snapshot.version();
            lastAges = now;
        }
    }

    @Override
    public void draw(Canvas c) {
        c.painter().table(c.graphics(), c.size(), table, snapshot.state(), snapshot.error(), snapshot.stale(), c.now());
    }

    @Override
    public Optional<String> error() {
        return snapshot.error();
    }

    @Override
    public Optional<Instant> nextWake(Instant now) {
        Optional<Instant> mark = table.nextMarkExpiry();
        Instant ages = lastAges.plusSeconds(60);
        return Optional.of(mark.filter(m -> m.isBefore(ages)).orElse(ages));
    }

    @Override
    public Optional<Snapshot.State> state() {
        return Optional.of(snapshot.state());
    }

    public Snapshot<T> snapshot() {
        return snapshot;
    }
}
