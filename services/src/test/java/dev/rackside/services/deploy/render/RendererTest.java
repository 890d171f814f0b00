package dev.rackside.services.deploy.render;

import dev.rackside.services.text.ShellQuote;
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

    /**
     * What rackside's renderer once got wrong against Convox 3.24.9 (issue 13): IRSA annotations on the
     * ServiceAccount, the rack's resolver, a memory limit without scale.limit, timers that never retry under
     * their own ServiceAccount, agents' hostPorts, the internal router's Ingress, cert-manager and the custom
     * domains' certificate, and Convox's own full.yml shapes ({@code scale: {min: 2}}, {@code health.port: {port,
     * scheme}}, a cpu limit below the default request, the main port repeated in ports).
     */
    static final String DIVERGENCES = String.join("\n",
            "services:",
            "  web:",
            "    build: .",
            "    port: 3000",
            "    ports:",
            "      - 3000",
            "      - 9090",
            "    domain:",
            "      - shop.example.org",
            "      - www.shop.example.org",
            "    annotations:",
            "      - eks.amazonaws.com/role-arn=arn:aws-us-gov:iam::123456789012:role/shop-web",
            "    ingressAnnotations:",
            "      - nginx.ingress.kubernetes.io/proxy-body-size=10m",
            "      - nginx.ingress.kubernetes.io/ssl-redirect=false",
            "    health:",
            "      path: /ready",
            "      port:",
            "        port: 8081",
            "        scheme: https",
            "    scale:",
            "      min: 2",
            "      limit:",
            "        cpu: 100",
            "  admin:",
            "    build: .",
            "    port: 4000",
            "    internalRouter: true",
            "    domain: admin.internal.example.org",
            "  collector:",
            "    image: otel/opentelemetry-collector:0.111.0",
            "    agent: true",
            "    ports:",
            "      - 4317",
            "      - 8125/udp",
            "timers:",
            "  report:",
            "    schedule: \"0 * * * ?\"",
            "    service: web",
            "    command: bin/report",
            "    parallelCount: 2",
            "    annotations:",
            "      - team=billing",
            "");

    @Test
    void whatConvoxRendersDifferentlyFromTheOldRendererIsRenderedAsConvoxDoes() throws IOException {
        RenderInput in = new RenderInput("prod", Optional.of("prod.example.org"), Optional.of("internal.prod.example.org"),
                Optional.of("10.100.0.10"), "shop", "RSHOPNEWAAA", "BSHOPBUILDA", Map.of(),
                ManifestParser.parse("convox.yml", DIVERGENCES, Map.of()).manifest(), "build 1a2b3c4",
                Optional.empty(), "123456789012.dkr.ecr.us-gov-west-1.amazonaws.com/prod/shop", Map.of());
        String yaml = Renderer.yaml(Renderer.render(in, Set.of()));
        golden("divergences.yaml", yaml);
        var objects = Renderer.render(in, Set.of());
        var sa = objects.stream().filter(o -> o.getKind().equals("ServiceAccount") && o.getMetadata().getName()
                .equals("web")).findFirst().orElseThrow();
        assertEquals("arn:aws-us-gov:iam::123456789012:role/shop-web", sa.getMetadata().getAnnotations()
                .get("eks.amazonaws.com/role-arn"), "IRSA: the role ARN on the ServiceAccount");
        var web = (io.fabric8.kubernetes.api.model.apps.Deployment) objects.stream().filter(o -> o.getKind()
                .equals("Deployment") && o.getMetadata().getName().equals("web")).findFirst().orElseThrow();
        var pod = web.getSpec().getTemplate().getSpec();
        assertEquals("None", pod.getDnsPolicy());
        assertEquals(java.util.List.of("10.100.0.10"), pod.getDnsConfig().getNameservers());
        assertEquals("shop.prod.local", pod.getDnsConfig().getSearches().get(0));
        assertEquals("RSHOPNEWAAA", web.getSpec().getTemplate().getMetadata().getLabels().get("release"));
        assertEquals(2, web.getSpec().getReplicas(), "scale: {min: 2} is a fixed count of 2");
        var c = pod.getContainers().get(0);
        assertEquals("100m", c.getResources().getRequests().get("cpu").toString(), "the request follows the limit");
        assertEquals("512Mi", c.getResources().getLimits().get("memory").toString(), "a memory limit, always");
        assertEquals("HTTPS", c.getReadinessProbe().getHttpGet().getScheme());
        assertEquals(8081, c.getReadinessProbe().getHttpGet().getPort().getIntVal());
        assertEquals(java.util.List.of("main", "port-9090"), c.getPorts().stream().map(p -> p.getName()).toList(),
                "the main port is not repeated");
        var agent = (io.fabric8.kubernetes.api.model.apps.DaemonSet) objects.stream().filter(o -> o.getKind()
                .equals("DaemonSet")).findFirst().orElseThrow();
        assertEquals(java.util.List.of(4317, 8125), agent.getSpec().getTemplate().getSpec().getContainers().get(0)
                .getPorts().stream().map(p -> p.getHostPort()).toList(), "agents bind their ports on the host");
        var internal = objects.stream().filter(o -> o.getKind().equals("Ingress")).map(o ->
                (io.fabric8.kubernetes.api.model.networking.v1.Ingress) o).filter(i -> i.getMetadata().getName()
                .equals("admin-internal")).findFirst().orElseThrow();
        assertEquals("nginx-internal", internal.getSpec().getIngressClassName());
        assertEquals("admin.shop.internal.prod.example.org", internal.getSpec().getRules().get(0).getHost());
        var external = objects.stream().filter(o -> o.getKind().equals("Ingress") && o.getMetadata().getName()
                .equals("web")).map(o -> (io.fabric8.kubernetes.api.model.networking.v1.Ingress) o).findFirst()
                .orElseThrow();
        assertEquals("letsencrypt", external.getMetadata().getAnnotations().get("cert-manager.io/cluster-issuer"));
        assertEquals("true", external.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/ssl-redirect"),
                "a reserved annotation is not overridden");
        assertEquals("10m", external.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/proxy-body-size"));
        assertEquals(java.util.List.of("cert-web", "cert-web-domains"), external.getSpec().getTls().stream()
                .map(t -> t.getSecretName()).toList());
        var cron = (io.fabric8.kubernetes.api.model.batch.v1.CronJob) objects.stream().filter(o -> o.getKind()
                .equals("CronJob")).findFirst().orElseThrow();
        assertEquals(0, cron.getSpec().getJobTemplate().getSpec().getBackoffLimit());
        assertEquals("timer-report", cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec()
                .getServiceAccountName());
        assertTrue(objects.stream().anyMatch(o -> o.getKind().equals("ServiceAccount") && o.getMetadata().getName()
                .equals("timer-report")));
    }

    @Test
    void anInternalRouterServiceOnARackWithoutOneIsRefusedAsConvoxRefusesIt() {
        RenderInput in = new RenderInput("prod", Optional.of("prod.example.org"), "shop", "RSHOPNEWAAA",
                "BSHOPBUILDA", Map.of(), ManifestParser.parse("convox.yml", DIVERGENCES, Map.of()).manifest(),
                "b", Optional.empty(), "r", Map.of());
        Unrenderable e = assertThrows(Unrenderable.class, () -> Renderer.render(in, Set.of()));
        assertTrue(e.getMessage().contains("please enable the rack's internal router first"), e.getMessage());
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
                ShellQuote.split("bundle exec sidekiq -q 'default,5'"));
        assertEquals(java.util.List.of("sh", "-c", "echo \"hi\" && x"), ShellQuote.split("sh -c 'echo \"hi\" && x'"));
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
