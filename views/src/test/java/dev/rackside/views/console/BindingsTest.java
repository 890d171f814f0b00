package dev.rackside.views.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rackside.services.api.Services;
import dev.rackside.services.audit.FileJournal;
import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.session.SessionBuilder;
import dev.rackside.views.keys.Action;
import dev.rackside.views.keys.Actions;
import dev.rackside.views.keys.Keymap;
import dev.rackside.views.keys.Pane;
import dev.rackside.views.style.Palette;
import dev.rackside.views.style.ThemeLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every action the keymap offers in a pane has exactly one handler there, and no pane handles an action the
 * keymap does not offer it: a key that does nothing, or a handler no key reaches, fails here.
 */
class BindingsTest {
    /** Handled by the console itself, in every pane. */
    private static final Set<String> CONSOLE = Set.of("command", "help", "back");

    @TempDir
    Path home;

    @Test
    void everyActionOfEveryPaneHasExactlyOneHandler() throws Exception {
        ExecutorService io = Executors.newFixedThreadPool(2);
        Environment env = new Environment(Map.of("KUBECONFIG", home.resolve("none").toString(),
                "RACKSIDE_RACKS_FILE", home.resolve("none.yaml").toString(), "CONVOX_CONFIG",
                home.resolve("none").toString()), home);
        try (Services services = SessionBuilder.of(env).io(io).journal(new FileJournal(home.resolve("j.jsonl")))
                .aws(new AwsClients(Map.of())).build()) {
            VirtualScreen vs = new VirtualScreen(100, 30);
            Palette palette = new Palette(new ThemeLoader(home).load("dark").theme(),
                    dev.rackside.themes.ColourDepth.INDEXED_256);
            Console console = new Console(vs.screen, services, new ConsoleSettings(Keymap.defaults(Actions.ALL,
                    false), palette, Optional.empty(), Optional.empty(),
                    dev.rackside.services.api.LogLimits.DEFAULT), vs::nextKey);
            List<String> problems = new ArrayList<>();
            for (Pane pane : Pane.values()) {
                PaneController c = Panes.create(console, location(pane));
                List<String> bound = c.bindings().stream().map(Binding::action).toList();
                Set<String> once = new TreeSet<>();
                for (String id : bound) {
                    if (!once.add(id)) {
                        problems.add(pane + ": " + id + " has more than one handler");
                    }
                }
                Set<String> offered = new TreeSet<>();
                for (Action a : Actions.ALL) {
                    if (a.appliesTo(pane) && !CONSOLE.contains(a.id())) {
                        offered.add(a.id());
                    }
                }
                for (String id : offered) {
                    if (!once.contains(id)) {
                        problems.add(pane + ": key for " + id + " has no handler");
                    }
                }
                for (String id : once) {
                    if (!offered.contains(id)) {
                        problems.add(pane + ": handler for " + id + " has no key");
                    }
                }
            }
            assertEquals(List.of(), problems);
        } finally {
            io.shutdownNow();
        }
    }

    private static Location location(Pane pane) {
        return switch (pane) {
            case RACKS -> Location.racks();
            case APPS -> Location.apps("prod");
            case LOGS -> Location.app("prod", "api", Pane.LOGS).about("service/web");
            case COMPLIANCE, HISTORY -> new Location(pane, Optional.of("prod"), Optional.empty(), Optional.empty());
            default -> Location.app("prod", "api", pane);
        };
    }
}
