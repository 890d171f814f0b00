package dev.rackside.views.console;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A pane that is a table with something of its own around it (a report read in the background, a run's lines, the
 * journal): everything a {@link PaneController} is asked, the table answers, unless the pane says otherwise.
 * The table is the subclass's (it is built with the subclass's handlers, so it cannot be made before it).
 */
abstract class TableBackedPane<T> implements PaneController {

    /** The table this pane shows. */
    protected abstract TablePane<T> table();

    @Override
    public Location location() {
        return table().location();
    }

    @Override
    public String title() {
        return table().title();
    }

    @Override
    public List<Binding> bindings() {
        return table().bindings();
    }

    @Override
    public void enter() {
        table().enter();
    }

    @Override
    public void leave() {
        table().leave();
    }

    @Override
    public boolean escape() {
        return table().escape();
    }

    @Override
    public void refresh(Instant now) {
        table().refresh(now);
    }

    @Override
    public void draw(Canvas c) {
        table().draw(c);
    }

    @Override
    public Optional<String> error() {
        return table().error();
    }

    @Override
    public Optional<Instant> nextWake(Instant now) {
        return table().nextWake(now);
    }

    @Override
    public Optional<dev.rackside.services.model.Snapshot.State> state() {
        return table().state();
    }
}
