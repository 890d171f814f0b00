package dev.rackside.sandbox;

import dev.rackside.services.kube.ConvoxObjects;
import dev.rackside.services.kube.ConvoxTime;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The sandbox rack's content: rack {@code sandbox} with four apps that look like a real shop's (web, worker
 * and timer services; one deploy in flight; one service crash-looping), six releases each with a real-looking
 * convox.yml and an env full of values that must stay masked, builds (one failed), postgres and redis
 * resources, HPAs for ranged services, and the Atom and AtomVersions a real rack keeps. Same seed, same rack.
 */
final class SandboxSeed {
    static final String RACK = "sandbox";

    private record AppSpec(String name, String status, int web, int worker, boolean webRanged, boolean crashingWorker) {
    }

    private static final List<AppSpec> APPS = List.of(
            new AppSpec("storefront", "Running", 3, 2, true, false),
            new AppSpec("payments", "Running", 2, 2, false, true),
            new AppSpec("search", "Updating", 2, 1, true, false),
            new AppSpec("backoffice", "Running", 1, 1, false, false));

    private static final String[] CHANGES = {"initial import", "add health checks", "bump ruby to 3.3",
        "fix checkout rounding", "env change:STRIPE_KEY", "cache product pages", "upgrade postgres client",
        "tune worker concurrency", "hotfix: session expiry"};

    private SandboxSeed() {
    }

    static void seed(KubernetesClient client, long seed, PodLogs logs) {
        Random random = new Random(seed);
        ConvoxObjects o = new ConvoxObjects(client);
        o.rack(RACK, "3.24.8", "us-gov-west-1", "sandbox.example.test");
        client.apps().deployments().inNamespace(RACK + "-system").withName("api").edit(d -> {
            // Say what this rack is: a simulation, never to be mistaken for a real one.
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                    .filter(e -> e.getName().equals("PROVIDER")).forEach(e -> e.setValue("sandbox"));
            return d;
        });
        // The rack runs its atom controller (simulated by AtomSimulator), as a real rack does.
        client.apps().deployments().inNamespace(RACK + "-system").resource(new io.fabric8.kubernetes.api.model.apps
                .DeploymentBuilder().withNewMetadata().withName("atom").withLabels(Map.of("system", "convox",
                        "rack", RACK, "app", "system", "service", "atom", "type", "service")).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("service", "atom"))
                .endSelector().withNewTemplate().withNewMetadata().withLabels(Map.of("system", "convox", "rack",
                        RACK, "service", "atom"))
                .endMetadata().withNewSpec().addNewContainer().withName("atom").withImage("convox/convox:3.24.8")
                .withArgs("atom").endContainer().endSpec().endTemplate().endSpec().build()).create();
        Instant now = Instant.now();
        for (AppSpec app : APPS) {
            seedApp(client, o, random, app, now, logs);
        }
    }

    private static void seedApp(KubernetesClient client, ConvoxObjects o, Random random, AppSpec app, Instant now,
            PodLogs logs) {
        String ns = RACK + "-" + app.name();
        String[] releases = new String[6];
        String[] builds = new String[6];
        for (int i = 0; i < releases.length; i++) {
            releases[i] = id('R', random);
            builds[i] = id('B', random);
        }
        String active = releases[app.status().equals("Updating") ? 5 : 4];
        o.app(RACK, app.name(), app.status(), active, app.name().equals("payments"),
                "{\"BuildCpu\":\"512\",\"BuildMem\":\"1024\"}");
        String env = String.join("\n", "DATABASE_URL=postgres://" + app.name() + ":" + secret(random)
                        + "@resource-database." + ns + ".svc.cluster.local:5432/app",
                "RAILS_ENV=production", "SECRET_KEY_BASE=" + secret(random), "STRIPE_KEY=sk_live_" + secret(random));
        Instant t = now.minus(Duration.ofDays(20 + random.nextInt(10)));
        for (int i = 0; i < releases.length; i++) {
            t = t.plus(Duration.ofHours(20 + random.nextInt(80)));
            if (i == releases.length - 1) {
                t = now.minus(Duration.ofMinutes(3 + random.nextInt(30)));
            }
            String description = i == 0 ? CHANGES[0] : CHANGES[1 + random.nextInt(CHANGES.length - 1)];
            boolean failed = i == 2;
            o.build(ns, RACK, app.name(), builds[i], failed ? "failed" : "complete", failed ? null : releases[i],
                    t.minusSeconds(90 + random.nextInt(200)), t.minusSeconds(10), "build " + sha(random) + " "
                            + description, manifest(app));
            o.release(ns, RACK, app.name(), releases[i], failed ? builds[i - 1] : builds[i], t, description, env,
                    manifest(app));
        }
        if (app.name().equals("storefront")) {
            // A release nobody has promoted yet, whose web pods never pass their health check: promoting it
            // shows a deploy rolling itself back at its deadline.
            String bad = id('R', random);
            o.release(ns, RACK, app.name(), bad, builds[4], now.minus(Duration.ofMinutes(1)),
                    "health check moved to /ready (never passes)", env, manifest(app).replace(
                            "    health: /health\n", "    health: /ready\n    annotations:\n      - "
                                    + PodSimulator.SLOW_START + "=86400\n"));
        }
        int web = app.web();
        o.deployment(ns, RACK, app.name(), "web", web, 3000, "256m", "512Mi", active);
        o.deployment(ns, RACK, app.name(), "worker", app.worker(), null, "250m", "1Gi", active);
        // The container args Convox derives from each service's command.
        for (String[] svc : new String[][] {{"web", "bundle exec puma -C config/puma.rb"},
            {"worker", "bundle exec sidekiq"}}) {
            client.apps().deployments().inNamespace(ns).withName(svc[0]).edit(d -> {
                d.getSpec().getTemplate().getSpec().getContainers().get(0).setArgs(List.of(svc[1].split(" ")));
                return d;
            });
        }
        if (app.status().equals("Updating")) {
            // A deploy in flight: the new web pods take ten minutes to pass their health check.
            client.apps().deployments().inNamespace(ns).withName("web").edit(d -> {
                d.getMetadata().getAnnotations().put(PodSimulator.SLOW_START, "600");
                return d;
            });
        }
        if (app.crashingWorker()) {
            client.apps().deployments().inNamespace(ns).withName("worker").edit(d -> {
                d.getMetadata().getAnnotations().put(PodSimulator.CRASH_LOOP, "true");
                return d;
            });
        }
        if (app.webRanged()) {
            o.hpa(ns, RACK, app.name(), "web", web, web * 3);
        }
        o.resource(ns, RACK, app.name(), "database", "postgres", "postgres://" + app.name() + ":" + secret(random)
                + "@resource-database." + ns + ".svc.cluster.local:5432/app");
        o.resource(ns, RACK, app.name(), "cache", "redis", "redis://resource-cache." + ns + ".svc.cluster.local:6379/0");
        resourcePod(client, ns, app.name(), "database", "postgres", now);
        resourcePod(client, ns, app.name(), "cache", "redis", now);
        atom(client, ns, app, active, releases[3], now, template(client, ns));
        // Last night's timer run, and (in backoffice) a one-off migration that failed: pods no controller owns.
        String timer = "timer-nightly-report-" + sha(random).substring(0, 5);
        Instant timerStart = now.minus(Duration.ofHours(5));
        o.pod(ns, RACK, app.name(), "worker", "timer", timer, ConvoxObjects.PodState.COMPLETE, active, timerStart,
                List.of("bin/rails", "reports:nightly"));
        logs.register(ns, timer, new PodLogs.Writer(app.name(), "worker", timerStart, false));
        if (app.name().equals("backoffice")) {
            String run = "web-run-" + sha(random).substring(0, 5);
            Instant runStart = now.minus(Duration.ofMinutes(40));
            o.pod(ns, RACK, app.name(), "web", "process", run, ConvoxObjects.PodState.FAILED, active, runStart,
                    List.of("bin/rails", "db:migrate"));
            logs.register(ns, run, new PodLogs.Writer(app.name(), "web", runStart, true));
        }
    }

    /** Atom {@code app} and its AtomVersions, as the rack's api writes them at promote. */
    /** The app's service Deployments as an AtomVersion template: multi-document YAML, as kubectl applies it. */
    static String template(KubernetesClient client, String ns) {
        StringBuilder yaml = new StringBuilder();
        for (var d : client.apps().deployments().inNamespace(ns).withLabel("type", "service").list().getItems()) {
            d.setStatus(null);
            d.getMetadata().setResourceVersion(null);
            d.getMetadata().setUid(null);
            d.getMetadata().setCreationTimestamp(null);
            d.getMetadata().setGeneration(null);
            d.getMetadata().setManagedFields(null);
            yaml.append("---\n").append(io.fabric8.kubernetes.client.utils.Serialization.asYaml(d)
                    .replaceFirst("^---\\s*\n", ""));
        }
        return yaml.toString();
    }

    private static void atom(KubernetesClient client, String ns, AppSpec app, String current, String previous,
            Instant now, String template) {
        String cur = "app-" + (now.toEpochMilli() * 1_000_000L);
        String prev = "app-" + (now.minus(Duration.ofDays(2)).toEpochMilli() * 1_000_000L);
        for (String[] v : new String[][] {{prev, previous}, {cur, current}}) {
            GenericKubernetesResource version = new GenericKubernetesResource();
            version.setApiVersion("atom.convox.com/v1");
            version.setKind("AtomVersion");
            version.setMetadata(new ObjectMetaBuilder().withName(v[0]).withNamespace(ns).build());
            version.setAdditionalProperty("spec", Map.of("release", v[1], "template", Base64.getEncoder()
                    .encodeToString(template.getBytes(StandardCharsets.UTF_8))));
            client.genericKubernetesResources(dev.rackside.services.kube.ConvoxCrds.ATOM_VERSIONS).inNamespace(ns)
                    .resource(version).create();
        }
        GenericKubernetesResource atom = new GenericKubernetesResource();
        atom.setApiVersion("atom.convox.com/v1");
        atom.setKind("Atom");
        atom.setMetadata(new ObjectMetaBuilder().withName("app").withNamespace(ns).build());
        atom.setAdditionalProperty("status", app.status());
        atom.setAdditionalProperty("started", now.minus(Duration.ofMinutes(4)).toString());
        atom.setAdditionalProperty("spec", Map.of("currentVersion", cur, "previousVersion", prev,
                "progressDeadlineSeconds", 3000, "releaseCache", cur + "|" + current));
        client.genericKubernetesResources(dev.rackside.services.kube.ConvoxCrds.ATOMS).inNamespace(ns).resource(atom)
                .create();
    }

    private static String manifest(AppSpec app) {
        return String.join("\n",
                "environment:",
                "  - RAILS_ENV=production",
                "  - SECRET_KEY_BASE",
                "  - STRIPE_KEY",
                "resources:",
                "  database:",
                "    type: postgres",
                "    options:",
                "      storage: 20",
                "  cache:",
                "    type: redis",
                "services:",
                "  web:",
                "    build: .",
                "    command: bundle exec puma -C config/puma.rb",
                "    port: 3000",
                "    health: /health",
                "    resources:",
                "      - database",
                "      - cache",
                "    scale:",
                "      count: " + (app.webRanged() ? app.web() + "-" + app.web() * 3 : String.valueOf(app.web())),
                "      cpu: 256",
                "      memory: 512",
                "  worker:",
                "    build: .",
                "    command: bundle exec sidekiq",
                "    resources:",
                "      - database",
                "      - cache",
                "    scale:",
                "      count: " + app.worker(),
                "      memory: 1024",
                "timers:",
                "  nightly-report:",
                "    schedule: \"0 4 * * *\"",
                "    command: bin/rails reports:nightly",
                "    service: worker",
                "");
    }

    private static String id(char prefix, Random random) {
        StringBuilder b = new StringBuilder().append(prefix);
        for (int i = 0; i < 10; i++) {
            b.append((char) ('A' + random.nextInt(26)));
        }
        return b.toString();
    }

    private static String secret(Random random) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            b.append(Integer.toHexString(random.nextInt(16)));
        }
        return b.toString();
    }

    /**
     * The running pod of a resource's Deployment, labelled as Convox's resource templates label it, on its
     * template's port; {@link ResourceBanners} answers behind it. Its suffix comes from its name, not the seed's
     * random sequence, so everything else the seed makes stays as it was.
     */
    private static void resourcePod(KubernetesClient client, String ns, String app, String name, String kind,
            Instant now) {
        int port = ResourceBanners.PORTS.get(kind);
        String suffix = String.format("%05x", (ns + "/" + name).hashCode() & 0xfffff);
        Instant started = now.minus(Duration.ofDays(12));
        client.pods().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
                .withName("resource-" + name + "-" + suffix).withNamespace(ns).withCreationTimestamp(started.toString())
                .withLabels(Map.of("system", "convox", "rack", RACK, "app", app, "type", "resource", "resource", name))
                .endMetadata().withNewSpec().withNodeName("ip-10-0-2-31.ec2.internal").addNewContainer().withName(kind)
                .withImage(kind).addNewPort().withContainerPort(port).endPort().endContainer().endSpec()
                .withNewStatus().withPhase("Running").withStartTime(started.toString()).addNewCondition()
                .withType("Ready").withStatus("True").endCondition().addNewContainerStatus().withName(kind)
                .withImage(kind).withReady(true).withRestartCount(0).withNewState().withNewRunning()
                .withStartedAt(started.toString()).endRunning().endState().endContainerStatus().endStatus().build())
                .create();
    }

    private static String sha(Random random) {
        return secret(random).substring(0, 7);
    }

    static String convoxTime(Instant at) {
        return ConvoxTime.format(at);
    }
}
