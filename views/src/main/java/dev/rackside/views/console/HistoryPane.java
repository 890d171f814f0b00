package dev.rackside.views.console;

import dev.rackside.services.api.Tables;
import dev.rackside.services.model.Feed;
import dev.rackside.services.model.JournalAction;
import dev.rackside.services.model.JournalEntry;
import dev.rackside.services.model.JournalRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The operator journal as a table, one row per action (its intent joined with its outcome; one without an
 * outcome reads {@code pending}), newest first, the whole journal: move, page, filter, and Enter for the records
 * in full. It picks up actions taken from another terminal: each frame asks the io executor to look at the
 * file, which is read again only when its size or time changed. The render thread never touches the disk.
 */
final class HistoryPane extends TableBackedPane<JournalAction> {
    private final Ui ui;
    private final Feed<JournalAction> feed = new Feed<>();
    private final TablePane<JournalAction> table;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile long stamp = -1;

    HistoryPane(Ui ui, Location location) {
        this.ui = ui;
        this.table = TablePane.<JournalAction>builder(ui, location, "History")
                .feed(() -> Optional.of(feed), Optional::empty)
                .columns(Tables.HISTORY)
                .open(a -> ui.overlay("Record", record(a)))
                .build();
    }

    @Override
    public void refresh(Instant now) {
        if (checking.compareAndSet(false, true)) {
            ui.services().io().execute(this::reload);
        }
        table.refresh(now);
    }

    private void reload() {
        try {
            Path file = ui.services().journal().file();
            long s = Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() * 31 + Files.size(file) : 0;
            if (s != stamp) {
                List<JournalAction> actions = new ArrayList<>(JournalAction.of(ui.services().journal().entries()));
                Collections.reverse(actions);
                stamp = s;
                feed.publish(actions, List.of());
            }
        } catch (java.io.IOException | RuntimeException e) {
            feed.fail(ui.services().journal().file() + ": " + e.getMessage());
        } finally {
            checking.set(false);
        }
    }

    private static List<String> record(JournalAction a) {
        List<String> out = new ArrayList<>();
        describe(out, "intent", a.intent());
        a.outcome().filter(o -> o != a.intent()).ifPresent(o -> describe(out, "outcome", o));
        if (a.outcome().isEmpty()) {
            out.add("");
            out.add("outcome: none yet (still running, or rackside stopped before it could write one)");
        }
        return out;
    }

    private static void describe(List<String> out, String what, JournalEntry e) {
        JournalRecord r = e.record();
        out.add(what + " (line " + e.line() + ")");
        out.add("  time:       " + r.time());
        out.add("  action:     " + r.action() + "   id " + r.actionId());
        out.add("  rack/app:   " + r.rack() + r.app().map(x -> "/" + x).orElse(""));
        out.add("  operator:   " + r.operator());
        r.awsCaller().ifPresent(x -> out.add("  aws caller: " + x));
        new java.util.TreeMap<>(r.params()).forEach((k, v) -> out.add("  param:      " + k + "=" + v));
        r.result().ifPresent(x -> out.add("  result:     " + x));
        r.error().ifPresent(x -> out.add("  error:      " + x));
        r.path().ifPresent(x -> out.add("  path:       " + x));
        out.add("  prev:       " + e.prev());
        out.add("  hash:       " + e.hash());
        out.add("");
    }

    @Override
    protected TablePane<JournalAction> table() {
        return table;
    }
}
