package dev.rackside.views.console;

import dev.rackside.services.api.Progress;
import dev.rackside.services.model.DeployState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The deploys this console runs, per rack and app, with their newest state and progress line: the app's title
 * and the status line show {@code deploying R… 2/3 ready, rolls back at 20:52Z} from any pane, and the outcome
 * (with its reason) stays until the next one. Written from the deploy's thread, read by the render thread.
 */
public final class DeployTracker {
    private final Map<String, DeployState> states = new ConcurrentHashMap<>();
    private final Map<String, String> lines = new ConcurrentHashMap<>();
    private final Runnable onChange;

    DeployTracker(Runnable onChange) {
        this.onChange = onChange;
    }

    /** The progress a deploy of {@code app} reports into. */
    public Progress progress(String rack, String app) {
        String key = rack + "/" + app;
        return new Progress() {
            @Override
            public void line(String text) {
                lines.put(key, text);
                onChange.run();
            }

            @Override
            public void state(DeployState s) {
                states.put(key, s);
                onChange.run();
            }
        };
    }

    public Optional<DeployState> state(String rack, String app) {
        return Optional.ofNullable(states.get(rack + "/" + app));
    }

    public Optional<String> line(String rack, String app) {
        return Optional.ofNullable(lines.get(rack + "/" + app));
    }

    /** Deploys still running on {@code rack}, for the status line. */
    public List<DeployState> running(String rack) {
        return states.values().stream().filter(s -> s.rack().equals(rack) && !s.done()).toList();
    }
}
