package dev.rackside.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rackside.services.racks.Environment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken keymap stops the console before the screen opens, naming file, line and key. */
class ConsoleLauncherTest {
    @TempDir
    Path home;

    @Test
    void aBrokenKeymapIsAStartupErrorNamingFileLineAndKey() throws Exception {
        Path keymap = Files.createDirectories(home.resolve("config/rackside")).resolve("keymap.yaml");
        Files.writeString(keymap, "keys:\n  describe: j\n  scael: s\n");
        Environment env = new Environment(Map.of("XDG_CONFIG_HOME", home.resolve("config").toString()), home);
        StringWriter err = new StringWriter();
        try (Wiring wiring = new Wiring(env)) {
            int code = ConsoleLauncher.run(wiring, Optional.empty(), Optional.empty(), false, false,
                    new PrintWriter(err));
            assertEquals(1, code);
        }
        assertEquals("rackside: " + keymap + ":3:3: keys.scael: unknown action 'scael'; did you mean 'scale'?", err.toString().strip(),
                "an unknown action is reported first; the console never starts");
    }
}
