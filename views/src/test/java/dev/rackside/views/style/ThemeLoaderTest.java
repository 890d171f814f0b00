package dev.rackside.views.style;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.themes.BundledThemes;
import dev.rackside.themes.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThemeLoaderTest {
    @TempDir
    Path themes;

    @Test
    void everyBundledThemeLoadsCleanly() {
        for (String name : BundledThemes.NAMES) {
            ThemeLoader.Loaded loaded = new ThemeLoader(themes).load(name);
            assertEquals(List.of(), loaded.problems(), name);
            assertEquals(name, loaded.theme().name());
        }
        assertTrue(new ThemeLoader(themes).load("mono").theme().monochrome());
        assertFalse(new ThemeLoader(themes).load("dark").theme().monochrome());
    }

    @Test
    void aBrokenUserThemeNamesFileLineAndKeyAndFallsBackToDark() throws Exception {
        String dark = BundledThemes.yaml("dark").orElseThrow();
        Path file = themes.resolve("mine.yaml");
        Files.writeString(file, dark.replace("name: dark", "name: mine")
                .replace("  warn: \"#ffaf00\"", "  warn: \"orange\"")
                .replace("  ok: \"#5fd75f\"", "  okay: \"#5fd75f\""));
        ThemeLoader.Loaded loaded = new ThemeLoader(themes).load("mine");
        assertEquals("dark", loaded.theme().name());
        assertTrue(loaded.problems().contains(file + ":10:3: colours.okay: unknown role 'okay'"), loaded.problems().toString());
        assertTrue(loaded.problems().contains(file + ":11:3: colours.warn: 'orange' is not a #rrggbb colour"),
                loaded.problems().toString());
        assertTrue(loaded.problems().contains(file + ":3:1: colours.ok: missing"), loaded.problems().toString());
        assertEquals("using the dark theme instead", loaded.problems().get(loaded.problems().size() - 1));
    }

    @Test
    void aUserThemeOverridesABundledName() throws Exception {
        String light = BundledThemes.yaml("light").orElseThrow();
        Files.writeString(themes.resolve("dark.yaml"), light.replace("name: light", "name: my-dark"));
        ThemeLoader.Loaded loaded = new ThemeLoader(themes).load("dark");
        assertEquals(List.of(), loaded.problems());
        assertEquals("my-dark", loaded.theme().name());
        assertEquals("#d70000", loaded.theme().colour(Role.FAIL).toHex());
    }

    @Test
    void anUnknownNameSaysWhereThemesLive() {
        ThemeLoader.Loaded loaded = new ThemeLoader(themes).load("solarized");
        assertEquals("dark", loaded.theme().name());
        assertTrue(loaded.problems().get(0).startsWith("no theme named 'solarized' (bundled: dark, light,"),
                loaded.problems().toString());
    }
}
