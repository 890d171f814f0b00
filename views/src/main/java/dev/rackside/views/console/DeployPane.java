package dev.rackside.views.console;

import dev.rackside.services.api.Column;
import dev.rackside.services.api.Columns;
import dev.rackside.services.model.Feed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code :deploy} of the app as it goes: the phase in the title (packaging, uploading with its share,
 * building and deploying, done or failed), then every line the run reported, the build's log among them, the
 * newest at the bottom and followed while the selection is on it. Leaving the pane leaves the deploy running;
 * {@code :deploy} on the app opens it again.
 */
final class DeployPane extends TableBackedPane<DeployPane.Numbered> {
    /** One line of the run, numbered so the selection stays put as lines arrive. */
    record Numbered(long n, String text) {
    }

    private static final Columns<Numbered> COLUMNS = new Columns<>(List.of(Column.of("DEPLOY",
            (l, now) -> l.text())), l -> String.valueOf(l.n()), l -> l.text().startsWith("ERROR") || l.text()
                    .startsWith("✗") || l.text().contains(" ERROR: ") ? Columns.Tone.FAIL : l.text().startsWith("#")
                            || l.text().startsWith(" ---> ") ? Columns.Tone.MUTED : Columns.Tone.NORMAL, -1);

    private final Ui ui;
    private final Location location;
    private final Feed<Numbered> feed = new Feed<>();
    private final TablePane<Numbered> table;
    private static final Duration EVERY = Duration.ofMillis(250);
    private int shown = -1;
    private Instant published = Instant.EPOCH;

    DeployPane(Ui ui, Location location) {
        this.ui = ui;
        this.location = location;
        this.table = TablePane.<Numbered>builder(ui, location, "Deploy")
                .feed(() -> Optional.of(feed), Optional::empty)
                .columns(COLUMNS)
                .open(l -> ui.overlay("Line " + (l.n() + 1), List.of(l.text())))
                .build();
    }

    private Optional<SourceDeploys.Run> run() {
        return ui.sourceDeploys().of(location.rack().orElse(""), location.app().orElse(""));
    }

    @Override
    public String title() {
        String what = run().map(r -> " " + r.app + " from " + r.dir + " · " + r.phase()).orElse(" "
                + location.app().orElse("") + " · no deploy from this console yet (:deploy [DIR])");
        return table.title().replaceFirst("^Deploy", "Deploy" + what);
    }

    /** Publishes the run's lines when they moved (on the render thread, once per frame at most). */
    @Override
    public void refresh(Instant now) {
        Optional<SourceDeploys.Run> r = run();
        int v = r.map(SourceDeploys.Run::version).orElse(0);
        var t = table.table();
        boolean following = t.shown().isEmpty() || t.selectedIndex() >= t.shown().size() - 1;
        // A streaming build log moves every frame; the table takes it four times a second, and at once when done.
        boolean due = r.map(run -> !run.running()).orElse(true)
                || Duration.between(published, now).compareTo(EVERY) >= 0;
        if (v != shown && due) {
            shown = v;
            published = now;
            List<Numbered> rows = new ArrayList<>();
            r.ifPresent(run -> {
                long n = run.dropped();
                for (String l : run.lines()) {
                    rows.add(new Numbered(n++, l));
                }
                run.outcome().ifPresent(o -> rows.add(new Numbered(rows.size() + run.dropped(), (o.ok() ? "✓ " : "✗ ")
                        + o.message())));
            });
            feed.publish(rows, List.of());
        }
        table.refresh(now);
        if (following) {
            table.table().last();
        }
    }

    @Override
    public Optional<Instant> nextWake(Instant now) {
        return run().filter(SourceDeploys.Run::running).map(r -> now.plusMillis(250)).or(() -> table.nextWake(now));
    }

    @Override
    protected TablePane<Numbered> table() {
        return table;
    }
}
