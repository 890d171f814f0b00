package dev.rackside.services.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** convox.yml as Convox reads it: defaults, interpolation, every error with its place, unknown keys. */
class ManifestParserTest {
    static final String SHOP = String.join("\n",
            "environment:",
            "  - PORT=3000",
            "  - SECRET_KEY_BASE",
            "resources:",
            "  database:",
            "    type: postgres",
            "    options:",
            "      storage: 50",
            "  cache:",
            "    type: redis",
            "services:",
            "  web:",
            "    build: .",
            "    port: 3000",
            "    domain: ${WEB_HOST},shop.example.org",
            "    health:",
            "      path: /health",
            "      interval: 10",
            "    resources:",
            "      - database",
            "      - cache:REDIS",
            "    scale:",
            "      count: 2-6",
            "      cpu: 256",
            "      memory: 512",
            "      targets:",
            "        cpu: 70",
            "    deployment:",
            "      minimum: 75",
            "  worker:",
            "    build: .",
            "    command: bundle exec sidekiq",
            "    scale: 2",
            "  agent:",
            "    image: datadog/agent:7",
            "    agent: true",
            "timers:",
            "  cleanup:",
            "    schedule: \"0 3 * * ? *\"",
            "    service: worker",
            "    command: bin/cleanup",
            "");
    static final Map<String, String> ENV = Map.of("SECRET_KEY_BASE", "s3cr3t", "WEB_HOST", "www.example.org");

    @Test
    void aValueWithALineBreakStaysOnItsProblemsLine() {
        // Found by ConfigFuzzTest (seed 6186471681827536185): a quoted count holding a newline split the report.
        ManifestProblem p = assertThrows(ManifestProblem.class, () -> ManifestParser.parse("convox.yml", String.join(
                "\n", "services:", "  web:", "    scale:", "      count: \"1\\ncpu: 256\"", ""), Map.of()));
        assertEquals(List.of("convox.yml:4:7: services.web.scale.count: '1\\ncpu: 256' is not a count (a number, \"min-max\", \"min+\" "
                + "or {min, max})"), List.of(p.getMessage().split("\n")));
    }

    @Test
    void aRealManifestGetsConvoxDefaults() {
        ManifestParser.Parsed p = ManifestParser.parse("convox.yml", SHOP, ENV);
        assertEquals(List.of(), p.warnings());
        Manifest m = p.manifest();
        Manifest.Service web = m.services().get("web");
        assertEquals(Optional.of(new Manifest.Port(3000, "http")), web.port());
        assertEquals(List.of("www.example.org", "shop.example.org"), web.domains(), "${WEB_HOST} from the env");
        assertEquals(new Manifest.Health("/health", 10, 10, 9, false, Optional.empty()), web.health(),
                "grace = interval, timeout = interval - 1");
        assertEquals(2, web.scale().min());
        assertEquals(Optional.of(6), web.scale().max());
        assertTrue(web.scale().ranged());
        assertEquals(Optional.of(70), web.scale().targetCpu());
        assertEquals(new Manifest.Deployment(75, 200), web.deployment());
        assertEquals(List.of(new Manifest.Link("database", "DATABASE", false), new Manifest.Link("cache", "REDIS", true)),
                web.resources());
        Manifest.Service worker = m.services().get("worker");
        assertEquals(2, worker.scale().min());
        assertEquals(Optional.of(2), worker.scale().max());
        assertEquals(250, worker.scale().cpu());
        assertEquals(512, worker.scale().memory());
        assertEquals(new Manifest.Health("/", 5, 5, 4, false, Optional.empty()), worker.health());
        assertEquals(Optional.empty(), worker.port());
        assertEquals(30, worker.terminationGrace());
        Manifest.Service agent = m.services().get("agent");
        assertTrue(agent.agent());
        assertEquals(new Manifest.Deployment(0, 100), agent.deployment(), "agents roll one node at a time");
        assertEquals(Optional.empty(), agent.build(), "an image replaces the build");
        assertEquals("0 3 * * *", m.timers().get("cleanup").schedule(), "cut to 5 fields, ? read as *");
        assertEquals("Allow", m.timers().get("cleanup").concurrency());
        assertEquals(Map.of("storage", "50"), m.resources().get("database").options());
    }

    @Test
    void everyErrorIsReportedWithItsPlaceAtOnce() {
        String bad = String.join("\n",
                "services:",
                "  web:",
                "    port: ftp:21",
                "    scale:",
                "      count: lots",
                "    resources:",
                "      - databse",
                "    labels:",
                "      app: mine",
                "    environment:",
                "      - STRIPE_KEY",
                "  Web_2:",
                "    image: x",
                "");
        ManifestProblem e = assertThrows(ManifestProblem.class, () -> ManifestParser.parse("release RBAD convox.yml",
                bad, Map.of()));
        List<String> lines = e.getMessage().lines().toList();
        assertEquals(List.of(
                "release RBAD convox.yml:5:7: services.web.scale.count: 'lots' is not a count (a number, "
                        + "\"min-max\", \"min+\" or {min, max})",
                "release RBAD convox.yml:7:9: services.web.resources[0]: no resource named 'databse' in resources",
                "release RBAD convox.yml:9:7: services.web.labels.app: 'app' is a label Convox sets itself",
                "release RBAD convox.yml:3:5: services.web.port: scheme must be http, https or grpc, not 'ftp'",
                "release RBAD convox.yml:12:3: services.Web_2: 'Web_2' is not a valid name (a lowercase letter, then "
                        + "lowercase letters, digits or -)",
                "release RBAD convox.yml:11:9: services.web.environment[0]: required env STRIPE_KEY is not set in the "
                        + "release env (convox env set STRIPE_KEY=...)"), lines);
    }

    @Test
    void unknownKeysAreWarningsThatSayWhere() {
        ManifestParser.Parsed p = ManifestParser.parse("convox.yml", String.join("\n",
                "services:",
                "  web:",
                "    port: 3000",
                "    healthcheck: /up",
                "    scale:",
                "      count: 1",
                "      memroy: 1024",
                "sevices: {}",
                ""), Map.of());
        assertEquals(List.of("convox.yml:8:1: sevices: unknown key (not part of convox.yml; ignored)",
                "convox.yml:4:5: services.web.healthcheck: unknown key (not part of convox.yml; ignored)",
                "convox.yml:7:7: services.web.scale.memroy: unknown key (not part of convox.yml; ignored)"),
                p.warnings());
    }

    @Test
    void brokenYamlNamesTheLine() {
        ManifestProblem e = assertThrows(ManifestProblem.class, () -> ManifestParser.parse("convox.yml",
                "services:\n  web:\n    port: [3000\n", Map.of()));
        assertTrue(e.getMessage().startsWith("convox.yml:"), e.getMessage());
    }

    @Test
    void moreServicesThanTheBoundAreRefusedBeforeAnythingIsRendered() {
        StringBuilder yml = new StringBuilder("services:\n");
        for (int i = 0; i < ManifestParser.MAX_SERVICES + 1; i++) {
            yml.append("  s").append(i).append(":\n    image: nginx\n");
        }
        ManifestProblem e = assertThrows(ManifestProblem.class, () -> ManifestParser.parse("convox.yml", yml.toString(),
                java.util.Map.of()));
        assertEquals("convox.yml:1:1: services: 501 services; rackside deploys at most 500 from one convox.yml",
                e.getMessage());
        StringBuilder ok = new StringBuilder("services:\n");
        for (int i = 0; i < ManifestParser.MAX_SERVICES; i++) {
            ok.append("  s").append(i).append(":\n    image: nginx\n");
        }
        assertEquals(ManifestParser.MAX_SERVICES, ManifestParser.parse("convox.yml", ok.toString(), java.util.Map.of())
                .manifest().services().size());
    }
}
