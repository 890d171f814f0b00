package dev.rackside.views.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeymapTest {
    @TempDir
    Path dir;

    /** The console's actions, the dangerous ones (scale, restart, lock) included. */
    static List<Action> withDangerous() {
        assertTrue(Actions.ALL.stream().anyMatch(Action::dangerous));
        return Actions.ALL;
    }

    @Test
    void defaultsHaveNoClashAndBindEveryAction() {
        KeymapLoader.Result r = KeymapLoader.load(dir.resolve("absent.yaml"), Actions.ALL, false);
        assertEquals(List.of(), r.errors());
        for (Action a : Actions.ALL) {
            assertEquals(Key.parse(a.defaultKey()), r.keymap().keyOf(a.id()), a.id());
        }
        assertEquals(Optional.of("describe"), r.keymap().action(Pane.PROCESSES, new Key("d")).map(Action::id));
        assertEquals(Optional.empty(), r.keymap().action(Pane.RACKS, new Key("l")), "logs is not a racks action");
    }

    @Test
    void rebindingMovesTheKey() throws Exception {
        Path file = dir.resolve("keymap.yaml");
        Files.writeString(file, "keys:\n  describe: ctrl-y\n  down: J\n");
        Keymap k = KeymapLoader.load(file, Actions.ALL, false).keymap();
        assertEquals(Optional.of("describe"), k.action(Pane.APPS, new Key("ctrl-y")).map(Action::id));
        assertEquals(Optional.empty(), k.action(Pane.APPS, new Key("d")));
        assertTrue(k.hints(Pane.APPS).contains("<ctrl-y> describe"), k.hints(Pane.APPS));
    }

    @Test
    void unknownActionBadKeyAndClashNameFileLineAndKey() throws Exception {
        Path file = dir.resolve("keymap.yaml");
        Files.writeString(file, "keys:\n  descrbe: x\n  up: ctrl-shift-q\n");
        KeymapLoader.Result bad = KeymapLoader.load(file, Actions.ALL, false);
        assertNull(bad.keymap());
        assertEquals(List.of(file + ":2:3: keys.descrbe: unknown action 'descrbe'; did you mean 'describe'?",
                file + ":3:3: keys.up: 'ctrl-shift-q' is not a key (a character, enter, esc, up, down, pgup, pgdn, "
                        + "home, end, tab, space, ctrl-x, alt-x)"), bad.errors());
        Files.writeString(file, "keys:\n  describe: j\n");
        KeymapLoader.Result clash = KeymapLoader.load(file, Actions.ALL, false);
        assertEquals(List.of(file + ":2:3: key 'j' is bound to both 'down' and 'describe'"), clash.errors());
    }

    @Test
    void anActionBoundTwiceInTheFileIsAnErrorNotTheLastOneWins() throws Exception {
        Path file = dir.resolve("keymap.yaml");
        Files.writeString(file, "keys:\n  describe: ctrl-y\n  describe: ctrl-u\n");
        KeymapLoader.Result r = KeymapLoader.load(file, Actions.ALL, false);
        assertNull(r.keymap());
        assertEquals(1, r.errors().size(), r.errors().toString());
        assertTrue(r.errors().get(0).startsWith(file + ":3:"), r.errors().get(0));
        assertTrue(r.errors().get(0).contains("key given twice in the same mapping: \"describe\""), r.errors().get(0));
    }

    @Test
    void aNarrowHintBarDropsHintsButAlwaysEndsWithHelp() {
        Keymap keys = Keymap.defaults(Actions.ALL, false);
        String wide = keys.hints(Pane.SERVICES, java.util.Set.of(), false, 400);
        assertTrue(wide.endsWith("<?> help") && !wide.contains("…"), wide);
        for (int width : new int[] {80, 60, 40}) {
            String bar = keys.hints(Pane.SERVICES, java.util.Set.of(), false, width);
            assertTrue(bar.length() <= width, width + ": " + bar);
            assertTrue(bar.endsWith("…  <?> help") && !bar.contains("<esc> back"), width + ": " + bar);
        }
    }

    @Test
    void readOnlyLeavesDangerousActionsOutOfTheHintsButTheirKeysStillAnswer() {
        Keymap keys = Keymap.defaults(withDangerous(), true);
        assertTrue(keys.hints(Pane.SERVICES, java.util.Set.of(), false).contains("restart"));
        assertFalse(keys.hints(Pane.SERVICES, java.util.Set.of(), true).contains("restart"),
                "read-only: no dangerous action in the hint bar");
        // The key still reaches the action, whose binding then says "read-only: restart is disabled" instead of
        // doing nothing silently (the console's bindings are tested in ConsoleTest).
        assertEquals(Optional.of("restart"), keys.action(Pane.SERVICES, new Key("r")).map(Action::id));
    }
}
