package dev.rackside.views.console;

import dev.rackside.services.api.BuildProgress;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.api.Progress;
import dev.rackside.services.model.DeployState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code :deploy} runs of this console, one per rack and app: the source directory, every line the run
 * reported (packaging, the upload, the build's log, the promote), the upload's progress and the outcome. The run
 * goes on in the background whatever pane is shown; its pane reads it when entered again. The promote's state
 * also goes to the {@link DeployTracker}, so the status line and the app's title show it from every pane.
 */
final class SourceDeploys {
    /** The most lines one run keeps; the oldest go first (a build log can be long). */
    static final int KEPT = 20_000;

    /** One run. Written from the deploy's thread, read by the render thread. */
    static final class Run implements BuildProgress {
        final String rack;
        final String app;
        final Path dir;
        final Instant started;
        private final Progress tracker;
        private final java.util.ArrayDeque<String> lines = new java.util.ArrayDeque<>();
        private long dropped;
        private volatile long sent;
        private volatile long total;
        private volatile Optional<Outcome> outcome = Optional.empty();
        private volatile boolean confirmed;
        private volatile int version;

        Run(String rack, String app, Path dir, Instant started, Progress tracker) {
            this.rack = rack;
            this.app = app;
            this.dir = dir;
            this.started = started;
            this.tracker = tracker;
        }

        @Override
        public void line(String text) {
            add(text);
            tracker.line(text);
        }

        @Override
        public void log(String text) {
            add(text);
        }

        @Override
        public void uploaded(long bytes, long of) {
            sent = bytes;
            total = of;
            version++;
        }

        @Override
        public void state(DeployState s) {
            tracker.state(s);
        }

        private synchronized void add(String text) {
            if (lines.size() == KEPT) {
                lines.removeFirst();
                dropped++;
            }
            lines.add(text);
            version++;
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        synchronized long dropped() {
            return dropped;
        }

        /** Moves when anything new is there to show. */
        int version() {
            return version;
        }

        void confirmed() {
            confirmed = true;
            version++;
        }

        void finished(Outcome o) {
            outcome = Optional.of(o);
            version++;
        }

        boolean running() {
            return confirmed && outcome.isEmpty();
        }

        Optional<Outcome> outcome() {
            return outcome;
        }

        /** "uploading 45% (1.1 MB of 2.4 MB)", "building", "done", "✗ failed", "waiting for the confirmation". */
        String phase() {
            if (outcome.isPresent()) {
                return outcome.get().ok() ? "done" : "✗ " + outcome.get().kind().name().toLowerCase(java.util.Locale.ROOT);
            }
            if (!confirmed) {
                return "waiting for the confirmation";
            }
            if (total > 0 && sent < total) {
                return "uploading " + sent * 100 / total + "% (" + dev.rackside.services.text.ByteSizes.of(sent)
                        + " of " + dev.rackside.services.text.ByteSizes.of(total) + ")";
            }
            return total > 0 ? "building and deploying" : "packaging";
        }
    }

    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final DeployTracker tracker;

    SourceDeploys(DeployTracker tracker) {
        this.tracker = tracker;
    }

    /** The run of {@code app}, the one going on or the last one. */
    Optional<Run> of(String rack, String app) {
        return Optional.ofNullable(runs.get(rack + "/" + app));
    }

    /** A new run (replacing a finished one); empty while one is going on. */
    Optional<Run> start(String rack, String app, Path dir, Instant now) {
        Run fresh = new Run(rack, app, dir, now, tracker.progress(rack, app));
        Run r = runs.compute(rack + "/" + app, (k, old) -> old != null && old.running() ? old : fresh);
        return r == fresh ? Optional.of(r) : Optional.empty();
    }
}
