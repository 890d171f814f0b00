package dev.rackside.views.style;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.views.keys.Actions;
import dev.rackside.views.keys.KeymapLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Themes and keymaps as hands and hostile files make them: a valid file cut, spliced, given stray characters
 * (controls, quotes, flow markers), a line repeated or moved. Whatever comes in, nothing throws past the loader
 * and every problem names its source with a line and column, or says what the whole file lacks. 10,000 each.
 */
class ThemeAndKeymapFuzzTest {
    private static final List<String> THEME = List.of("name: mine", "colours:", "  text: \"#d0d0d0\"",
            "  muted: \"#808080\"", "  header: \"#87afd7\"", "  ok: \"#5fd75f\"", "  fail: \"#ff5f5f\"");
    private static final List<String> KEYMAP = List.of("keys:", "  describe: ctrl-y", "  down: J", "  up: K",
            "  scale: S", "  logs: l");
    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("rackside-fuzz");
            DIR.toFile().deleteOnExit();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<String> themes() {
        return mutated(THEME);
    }

    @Provide
    Arbitrary<String> keymaps() {
        return mutated(KEYMAP);
    }

    private static Arbitrary<String> mutated(List<String> lines) {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, lines.size() - 1);
        Arbitrary<String> junk = Arbitraries.strings().withChars(":-[]{}#&*!|>'\"%@` \t\n\u001b\u202e\u0000é日")
                .ofMinLength(0).ofMaxLength(12);
        return Combinators.combine(Arbitraries.integers().between(0, 5), at, at, junk).as((k, i, j, x) -> {
            List<String> l = new ArrayList<>(lines);
            switch (k) {
                case 0 -> l.set(i, l.get(i).substring(0, Math.min(l.get(i).length(), j)));
                case 1 -> l.add(i + 1, l.get(i));
                case 2 -> l.set(i, l.get(i) + x);
                case 3 -> {
                    String t = l.get(i);
                    l.set(i, l.get(j));
                    l.set(j, t);
                }
                case 4 -> l.add(i, x);
                default -> {
                }
            }
            return String.join("\n", l) + "\n";
        });
    }

    @Property(tries = 10_000)
    void aThemeIsUsedOrRefusedWithAPlace(@ForAll("themes") String text) {
        List<String> problems = new ArrayList<>();
        ThemeLoader.parse("mine.yaml", text, problems);
        for (String p : problems) {
            assertTrue(Pattern.compile("mine\\.yaml(:\\d+:\\d+)?: .+").matcher(p).matches(), "located: " + p);
        }
    }

    @Property(tries = 10_000)
    void aKeymapIsUsedOrRefusedWithAPlace(@ForAll("keymaps") String text) throws Exception {
        Path file = DIR.resolve("keymap.yaml");
        Files.writeString(file, text);
        KeymapLoader.Result r = KeymapLoader.load(file, Actions.ALL, false);
        for (String e : r.errors()) {
            assertTrue(e.startsWith(file.toString()), "names the file: " + e);
        }
        assertTrue(r.keymap() != null || !r.errors().isEmpty(), "a keymap, or the reason there is none");
    }
}
