package dev.rackside.services.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.manifest.ManifestParser;
import dev.rackside.services.manifest.ManifestProblem;
import dev.rackside.services.racks.RacksFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * racks.yaml and convox.yml as an operator's hands (and a hostile file) make them: a valid document cut,
 * spliced, given stray characters, a line repeated. Whatever comes in, nothing throws past the parser, every
 * problem names the file with a line and column (or the size bound). 10,000 documents each. (That a key given
 * twice is refused at its place is pinned by RacksFileTest, KeymapTest and the theme tests.)
 */
class ConfigFuzzTest {
    static final String RACKS = "/home/ops/.config/rackside/racks.yaml";
    private static final List<String> RACKS_LINES = List.of("racks:", "  - name: prod", "    context: ops",
            "    tier: production", "    readOnly: true", "    region: us-gov-west-1",
            "    approvedRegions: [us-gov-west-1, us-gov-east-1]", "    deployTimeout: 45m",
            "    compliance:", "      publicPorts: [80, 443]", "  - name: staging", "    context: dev",
            "    kubeconfig: ~/.kube/staging");
    private static final List<String> MANIFEST_LINES = List.of("environment:", "  - PORT=3000", "resources:",
            "  database:", "    type: postgres", "services:", "  web:", "    build: .", "    port: 3000",
            "    health: /healthz", "    scale:", "      count: 2-4", "      cpu: 256", "  worker:",
            "    command: bin/worker", "    resources:", "      - database");
    private static final Pattern LOCATED = Pattern.compile(Pattern.quote(RACKS) + ":(\\d+:\\d+: .+|"
            + " \\d+ characters; .+)");

    @Provide
    Arbitrary<String> racksDocuments() {
        return mutated(RACKS_LINES);
    }

    @Provide
    Arbitrary<String> manifests() {
        return mutated(MANIFEST_LINES);
    }

    /** A valid document, then one of: a line cut, a line repeated, junk put in, lines swapped, left as it is. */
    private static Arbitrary<String> mutated(List<String> lines) {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, lines.size() - 1);
        Arbitrary<String> junk = Arbitraries.strings().withChars(":-[]{}#&*!|>'\"%@` \t\n\u001b\u202e\u0000é日")
                .ofMinLength(0).ofMaxLength(12);
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 5);
        return Combinators.combine(kind, at, at, junk).as((k, i, j, x) -> {
            List<String> l = new java.util.ArrayList<>(lines);
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
    void racksYamlIsReadOrRefusedWithAPlace(@ForAll("racksDocuments") String text) {
        RacksFile.Result r = RacksFile.parse(RACKS, text, Path.of("/home/ops/.config/rackside"));
        for (String p : r.problems()) {
            assertTrue(LOCATED.matcher(p).matches(), "a problem names the file, line and column: " + p);
        }
    }

    @Property(tries = 10_000)
    void convoxYmlIsParsedOrRefusedWithAPlace(@ForAll("manifests") String text) {
        try {
            ManifestParser.parse("convox.yml", text, Map.of());
        } catch (ManifestProblem e) {
            for (String line : e.getMessage().split("\n")) {
                assertTrue(line.startsWith("convox.yml"), "every problem names the file: " + line);
            }
        }
    }
}
