package dev.rackside.services.deploy.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.manifest.ManifestParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Golden files: a release rendered as the objects Convox makes. To accept a deliberate change, run with
 * {@code -Drackside.goldens=update} and review the diff of {@code services/src/test/resources/golden/}.
 */
class RendererTest {
    static final String SHOP = String.join("\n",
            "environment:",
            "  - PORT=3000",
            "  - SECRET_KEY_BASE",
            "  - FEATURE_FLAGS=search,checkout",
            "labels:",
            "  team: shop",
            "resources:",
            "  database:",
            "    type: postgres",
            "  cache:",
            "    type: redis",
            "services:",
            "  web:",
            "    build: .",
            "    port: 3000",
            "    domain: shop.example.org",
            "    command: bundle exec puma -C config/puma.rb",
            "    health:",
            "      path: /health",
            "      interval: 10",
            "    liveness:",
            "      path: /live",
            "    resources:",
            "      - database",
            "      - cache:REDIS",
            "    scale:",
            "      count: 2-6",
            "      cpu: 256",
            "      memory: 512",
            "      limit:",
            "        memory: 1024",
            "      targets:",
            "        cpu: 70",
            "    deployment:",
            "      minimum: 75",
            "    termination:",
            "      grace: 45",
            "    annotations:",
            "      - prometheus.io/scrape=true",
            "  worker:",
            "    build: .",
            "    command: bundle exec sidekiq -q 'default,5'",
            "    resources:",
            "      - database",
            "    scale: 2",
            "  agent:",
            "    image: datadog/agent:7",
            "    agent: true",
            "timers:",
            "  cleanup:",
            "    schedule: \"0 3 * * ?\"",
            "    service: worker",
            "    command: bin/cleanup --older-than 30d",
            "");

    static RenderInput shop(String manifest) {
        Map<String, String> env = Map.of("SECRET_KEY_BASE", "s3cr3t", "STRIPE_KEY", "sk_live_abc");
        return new RenderInput("prod", Optional.of("prod.example.org"), "shop", "RSHOPNEWAAA", "BSHOPBUILDA", env,
                ManifestParser.parse("convox.yml", manifest, env).manifest(), "build 1a2b3c4 fix login",
                Optional.of("1a2b3c4"), "123456789012.dkr.ecr.us-gov-west-1.amazonaws.com/prod/shop",
                Map.of("web", 4));
    }

    @Test
    void aShopRendersAsConvoxWould() throws IOException {
        String yaml = Renderer.yaml(Renderer.render(shop(SHOP), Set.of("database", "cache")));
        golden("shop.yaml", yaml);
        assertTrue(yaml.contains("maxSurge: \"100%\""), "maximum 200 -> maxSurge 100%");
        assertTrue(yaml.contains("maxUnavailable: \"25%\""), "minimum 75 -> maxUnavailable 25%");
        assertTrue(yaml.contains("replicas: 4"), "a promote keeps the running count");
    }

    /** Internal and https services, an agent, liveness, tight rolling bounds, a forbidding timer, no resources. */
    static final String PLATFORM = String.join("\n",
            "services:",
            "  api:",
            "    image: registry.example.org/platform/api:2.4.1",
            "    internal: true",
            "    port: https:8443",
            "    health:",
            "      path: /ready",
            "      grace: 20",
            "      interval: 5",
            "      timeout: 2",
            "    liveness:",
            "      path: /live",
            "      failureThreshold: 5",
            "    scale:",
            "      count: 3",
            "      cpu: 500",
            "      memory: 1024",
            "      limit:",
            "        cpu: 1000",
            "        memory: 2048",
            "    deployment:",
            "      minimum: 100",
            "      maximum: 150",
            "    environment:",
            "      - LOG_LEVEL=info",
            "  shipper:",
            "    image: fluent/fluent-bit:3.1",
            "    agent: true",
            "    privileged: true",
            "    ports:",
            "      - 2020",
            "      - 24224/udp",
            "timers:",
            "  reindex:",
            "    schedule: \"*/15 * * * *\"",
            "    service: api",
            "    command: bin/reindex --all",
            "    concurrency: forbid",
            "");

    @Test
    void internalHttpsAgentAndATimerRenderAsConvoxWould() throws IOException {
        RenderInput in = new RenderInput("gov", Optional.of("gov.example.org"), "platform", "RPLATFORMAA",
                "BPLATFORMAA", Map.of(), ManifestParser.parse("convox.yml", PLATFORM, Map.of()).manifest(),
                "build 9f8e7d6", Optional.empty(), "unused", Map.of());
        String yaml = Renderer.yaml(Renderer.render(in, Set.of()));
        golden("platform.yaml", yaml);
        assertTrue(!yaml.contains("kind: \"Ingress\""), "an internal service gets no Ingress");
        assertTrue(yaml.contains("kind: \"DaemonSet\""), "an agent is a DaemonSet");
        assertTrue(yaml.contains("maxUnavailable: \"0%\"") && yaml.contains("maxSurge: \"50%\""), yaml);
        assertTrue(yaml.contains("scheme: \"HTTPS\""), "probes speak the port's scheme");
        assertTrue(yaml.contains("concurrencyPolicy: \"Forbid\""), yaml);
    }

    @Test
    void featuresItCannotRenderAreRefusedByName() {
        String uses = SHOP.replace("    annotations:\n", "    volumeOptions:\n      - emptyDir: {id: tmp, mountPath: /tmp}\n"
                + "    annotations:\n") + "balancers:\n  mqtt:\n    service: web\n    ports:\n      1883: 3000\n";
        Unrenderable e = assertThrows(Unrenderable.class, () -> Renderer.render(shop(uses), Set.of("database")));
        assertEquals("release RSHOPNEWAAA uses what rackside cannot render, so nothing was written: balancers (mqtt); "
                + "resources.cache (redis) does not exist yet; the Convox api creates resources; "
                + "services.web.volumeOptions. Promote it with the Convox CLI.", e.getMessage());
    }

    @Test
    void commandsAreSplitAsAShellWould() {
        assertEquals(java.util.List.of("bundle", "exec", "sidekiq", "-q", "default,5"),
                Words.split("bundle exec sidekiq -q 'default,5'"));
        assertEquals(java.util.List.of("sh", "-c", "echo \"hi\" && x"), Words.split("sh -c 'echo \"hi\" && x'"));
    }

    static void golden(String name, String actual) throws IOException {
        Path file = Path.of("src/test/resources/golden", name);
        if ("update".equals(System.getProperty("rackside.goldens"))) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(file), file + " is missing: run with -Drackside.goldens=update once and review it");
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "differs from " + file);
    }
}
