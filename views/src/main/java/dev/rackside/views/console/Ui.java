package dev.rackside.views.console;

import dev.rackside.services.api.Mutation;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.api.Services;
import dev.rackside.services.model.Rack;
import dev.rackside.views.keys.Keymap;
import dev.rackside.views.style.Palette;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/** What a pane may ask of the console: navigation, the bottom line, questions, background work. */
public interface Ui {

    Services services();

    Keymap keymap();

    Palette palette();

    /** Pushes a pane for {@code to}. */
    void go(Location to);

    /** Replaces the current pane (an app's tabs). */
    void replace(Location to);

    /** A line on the bottom line until the next key. */
    void message(String text);

    /** A question on the bottom line; {@code check} validates as it is typed (empty: fine). */
    void ask(String label, String initial, Function<String, Optional<String>> check, Consumer<String> answer);

    /** Any line editor on the bottom line (a live filter): Enter gives its text, Esc runs {@code cancelled}. */
    void edit(LineEditor editor, Consumer<String> submitted, Runnable cancelled);

    /**
     * A change, under the one confirmation policy: refused on a read-only session or rack, confirmed with one
     * key ({@code y}) or the target's name typed on production; then run off the render thread, its outcome on
     * the bottom line.
     */
    void change(Rack rack, Mutation m, String summary, String confirmName, Supplier<Outcome> action);

    /**
     * An interactive session (exec, run) under the same policy (asked for only on production racks): the
     * console hands its terminal to the session and comes back exactly as it was when the session ends; the
     * outcome and exit code go to the bottom line.
     */
    void session(Rack rack, Mutation m, String summary, String confirmName,
            java.util.function.Function<dev.rackside.services.api.Terminal, dev.rackside.services.api.Operations.Session>
                    session);

    /**
     * Runs {@code go} once the one confirmation policy allows it for a session-like change (exec, run, proxy):
     * refused on a read-only session or rack, asked for only on production racks.
     */
    void consent(Rack rack, Mutation m, String summary, String confirmName, Runnable go);

    /** The {@code :proxy} tunnels this console has open. */
    Tunnels tunnels();

    /** A text overlay (help, describe, a record in full) over the pane. */
    void overlay(String title, List<String> lines);

    /** Runs blocking work on the io executor; its result goes to the bottom line. */
    void background(Supplier<String> work);

    /**
     * Runs blocking work on the io executor and hands its result to {@code then} on the render thread (a failure
     * goes to the bottom line instead).
     */
    <T> void background(Supplier<T> work, Consumer<T> then);

    /** Something a pane shows changed: draw again. */
    void dirty();

    /** Rows of the pane's inside, for paging. */
    int pageRows();

    /** Columns of the pane's inside, for wrapping. */
    int pageColumns();

    /** The rack of this name as the session knows it. */
    Optional<Rack> rack(String name);

    /** The rack the pane is about, if it is open. */
    RackData data();

    /** Deploys this session runs, and their state, for every pane to show. */
    DeployTracker deploys();

    /** The {@code :deploy} runs from source of this session, one per app, for the Deploy pane. */
    SourceDeploys sourceDeploys();

    /**
     * The changes the kube user may not make on this rack (and app), as far as the API server said: empty until
     * known (asked once, in the background, and cached).
     */
    java.util.Set<Mutation> forbidden(Rack rack, Optional<String> app);

    /** The pane on top. */
    PaneController current();

    /** The session is read-only, or the rack is. */
    default boolean readOnly(Optional<Rack> rack) {
        return services().readOnly() || rack.map(Rack::readOnly).orElse(false);
    }
}
