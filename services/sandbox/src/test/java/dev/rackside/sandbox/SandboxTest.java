package dev.rackside.sandbox;

import dev.rackside.services.kube.ConvoxObjects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.api.AppReader;
import dev.rackside.services.api.RackReader;
import dev.rackside.services.kube.KubeRackReaders;
import dev.rackside.services.model.App;
import dev.rackside.services.model.Build;
import dev.rackside.services.model.Process;
import dev.rackside.services.model.Release;
import dev.rackside.services.model.Resource;
import dev.rackside.services.model.Service;
import dev.rackside.services.model.Snapshot;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.racks.RackRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox rack read through a kubeconfig with the ordinary read path, and through kubectl. */
class SandboxTest {
    static boolean ready(io.fabric8.kubernetes.api.model.Pod p) {
        return PodSimulator.ready(p);
    }

    @TempDir
    static Path home;
    static SandboxServer sandbox;
    static ExecutorService pool;
    static RackReader reader;
    /** A second reader, opened by the metrics test, closed with the first. */
    static RackReader later;
    static Path kubeconfig;

    @BeforeAll
    static void start() throws Exception {
        sandbox = SandboxServer.start(7, Duration.ofMillis(300));
        kubeconfig = sandbox.writeKubeconfig(home.resolve("sandbox.kubeconfig"));
        pool = Executors.newFixedThreadPool(4);
        Environment env = new Environment(Map.of(), home).onlyKubeconfig(kubeconfig);
        reader = new KubeRackReaders(env, pool).open(new RackRegistry(env, pool).resolve(Optional.of("sandbox")));
    }

    @AfterAll
    static void stop() {
        if (later != null) {
            later.close();
        }
        reader.close();
        sandbox.close();
        pool.shutdownNow();
    }

    static <T> List<T> await(java.util.function.Supplier<Snapshot<T>> feed, Predicate<List<T>> ok) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Snapshot<T> s = feed.get();
        while (System.nanoTime() < until) {
            s = feed.get();
            if (s.state() == Snapshot.State.READY && ok.test(s.rows())) {
                return s.rows();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("never converged; last: " + s);
    }

    @Test
    void theCrashLoopingWorkerAndTheDeployInFlightDiagnoseAsWhatTheyAre() throws Exception {
        // rackside's own client, from the kubeconfig, as the session makes it.
        Environment env = new Environment(Map.of(), home).onlyKubeconfig(kubeconfig);
        var clients = new dev.rackside.services.kube.RackClients(env);
        var client = clients.of(reader.rack());
        // Wait until the crash-looping worker has crashed at least once.
        await(() -> reader.app("payments").processes().current(), ps -> ps.stream().anyMatch(p ->
                p.service().equals("worker") && p.status().equals("crashed")));
        // Logs are read on a pool of their own, as the session's RackDiagnostics reads them.
        ExecutorService logs = Executors.newFixedThreadPool(5);
        var d = new dev.rackside.services.diagnose.Diagnosis(client, "sandbox", java.time.Clock.systemUTC(), logs);
        // Its pods go round CrashLoopBackOff → restarted → crashed again; diagnose until one is caught waiting.
        dev.rackside.services.model.diagnose.DiagnosticReport.Pod worker = null;
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (worker == null && System.nanoTime() < until) {
            var payments = d.diagnose("payments", dev.rackside.services.model.diagnose.DiagnosticReport.Options
                    .DEFAULT);
            worker = payments.pods().stream().filter(p -> p.service().equals("worker") && p.stateDetail()
                    .equals(java.util.Optional.of("CrashLoopBackOff"))).findFirst().orElse(null);
            Thread.sleep(200);
        }
        assertTrue(worker != null, "no worker of payments was seen in CrashLoopBackOff");
        assertEquals(java.util.Optional.of("CrashLoopBackOff"), worker.stateDetail());
        assertEquals(java.util.Optional.of("Process is crash-looping on startup -- check the logs below for the error"),
                worker.hint());
        assertTrue(worker.previousLogs().orElse("").contains("could not connect to redis"),
                "the previous container's last words: " + worker.previousLogs());
        var search = d.diagnose("search", dev.rackside.services.model.diagnose.DiagnosticReport.Options.DEFAULT);
        var web = search.overview().orElseThrow().services().stream().filter(s -> s.name().equals("web"))
                .findFirst().orElseThrow();
        assertEquals("deploying", web.status(), "a deploy in flight: " + web);
        logs.shutdownNow();
        clients.close();
    }

    @Test
    void metricsAndInstancesAreServedAsMetricsServerAndEksServeThem() throws Exception {
        // Once the sandbox's metrics-server has sampled backoffice's running pods, a reader opened then shows every
        // running process's figures; the Instances table has the three nodes.
        long until = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < until) {
            var running = sandbox.client().pods().inNamespace("sandbox-backoffice").list().getItems().stream()
                    .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                    .map(p -> p.getMetadata().getName()).toList();
            var sampled = sandbox.client().top().pods().metrics("sandbox-backoffice").getItems().stream()
                    .map(m -> m.getMetadata().getName()).toList();
            if (!running.isEmpty() && sampled.containsAll(running)) {
                break;
            }
            Thread.sleep(200);
        }
        // A reader opened now reads them first thing; it stays open until the end (the mock stalls after a client
        // with open watches leaves).
        Environment env = new Environment(Map.of(), home).onlyKubeconfig(kubeconfig);
        later = new KubeRackReaders(env, pool).open(new RackRegistry(env, pool).resolve(Optional.of("sandbox")));
        List<Process> ps = later.app("backoffice").processes().firstComplete().get(20, TimeUnit.SECONDS).rows();
        for (var p : ps) {
            if (p.status().equals("running")) {
                assertTrue(p.usage().known(), p.id() + ": " + p.usage());
                assertTrue(p.usage().cpu().matches("\\d+m"), p.usage().cpu());
            }
        }
        var instances = reader.instances().firstComplete().get(20, TimeUnit.SECONDS).rows();
        assertEquals(java.util.List.of("ip-10-0-1-17.ec2.internal", "ip-10-0-2-31.ec2.internal",
                "ip-10-0-3-44.ec2.internal"), instances.stream().map(dev.rackside.services.model.Instance::id).toList());
        assertEquals("i-0a1b2c3d4e5f60171", instances.get(0).instanceId());
        assertEquals("us-gov-west-1a", instances.get(0).zone());
        assertTrue(instances.get(0).processes() > 0, "the pods scheduled there are counted");
    }

    @Test
    void theSeededRackSatisfiesTheReadPath() throws Exception {
        List<App> apps = await(() -> reader.apps().current(), rows -> rows.size() == 4);
        assertEquals(List.of("backoffice", "payments", "search", "storefront"), apps.stream().map(App::name).toList());
        assertTrue(apps.stream().anyMatch(a -> a.status().equals("updating")));
        assertTrue(apps.stream().anyMatch(a -> a.status().equals("running")));
        assertEquals("sandbox", reader.rack().provider(), "the sandbox never passes for a real rack");

        AppReader payments = reader.app("payments");
        List<Process> ps = await(() -> payments.processes().current(), rows -> rows.stream()
                .filter(p -> p.type().equals("service") && p.service().equals("worker"))
                .allMatch(p -> p.status().equals("crashed")) && rows.stream()
                .filter(p -> p.type().equals("service") && p.service().equals("web"))
                .allMatch(p -> p.status().equals("running"))
                && rows.stream().filter(p -> p.type().equals("service")).count() == 4);
        assertTrue(ps.stream().anyMatch(p -> p.type().equals("timer") && p.status().equals("complete")), ps.toString());
        List<Process> office = await(() -> reader.app("backoffice").processes().current(), rows -> !rows.isEmpty());
        assertTrue(office.stream().anyMatch(p -> p.type().equals("process") && p.status().equals("failed")),
                office.toString());

        AppReader store = reader.app("storefront");
        List<Release> releases = await(() -> store.releases().current(), rows -> rows.size() >= 5);
        assertEquals("active", releases.stream().filter(r -> r.status().equals("active")).findFirst()
                .map(Release::status).orElse(""));
        List<Build> builds = await(() -> store.builds().current(), rows -> !rows.isEmpty());
        assertTrue(builds.stream().anyMatch(b -> b.status().equals("failed")));
        List<Resource> resources = await(() -> store.resources().current(), rows -> rows.size() == 2);
        assertEquals(List.of("redis", "postgres"), resources.stream().map(Resource::type).toList());
        assertTrue(resources.get(1).url().contains(":****@"), resources.toString());
        List<Service> services = await(() -> store.services().current(), rows -> rows.size() == 2);
        assertEquals(Optional.of(3), services.get(0).min());
        assertEquals(Optional.of(9), services.get(0).max(), "the HPA's range for a ranged service");
        String yaml = store.describe(AppReader.Kind.RELEASE, releases.get(0).id()).orElseThrow();
        assertTrue(yaml.contains("STRIPE_KEY=****") && !yaml.contains("sk_live_"), yaml);
    }

    @Test
    void scalingConvergesToTheRequestedPods() throws Exception {
        AppReader backoffice = reader.app("backoffice");
        await(() -> backoffice.processes().current(), rows -> rows.stream()
                .filter(p -> p.type().equals("service") && p.service().equals("web") && p.status().equals("running"))
                .count() == 1);
        sandbox.client().apps().deployments().inNamespace("sandbox-backoffice").withName("web")
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":4}}");
        List<Process> up = await(() -> backoffice.processes().current(), rows -> rows.stream()
                .filter(p -> p.type().equals("service") && p.service().equals("web") && p.status().equals("running"))
                .count() == 4);
        assertEquals(4, up.stream().filter(p -> p.type().equals("service") && p.service().equals("web")).count());
        sandbox.client().apps().deployments().inNamespace("sandbox-backoffice").withName("web")
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":2}}");
        await(() -> backoffice.processes().current(), rows -> rows.stream()
                .filter(p -> p.type().equals("service") && p.service().equals("web")).count() == 2);
        // RUNNING counts every process row of the service, the failed one-off run included (as convox scale).
        await(() -> backoffice.services().current(), rows -> rows.stream()
                .anyMatch(s -> s.name().equals("web") && s.desired() == 2 && s.running() == 3));
    }

    @Test
    void aTemplateChangeRollsPodsWithinSurgeAndUnavailability() throws Exception {
        var pods = sandbox.client().pods().inNamespace("sandbox-storefront").withLabel("service", "web");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pods.list().getItems().stream().filter(PodSimulator::ready).count() < 3 && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        List<String> before = pods.list().getItems().stream().map(p -> p.getMetadata().getName()).toList();
        assertEquals(3, before.size());
        sandbox.client().apps().deployments().inNamespace("sandbox-storefront").withName("web")
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"convox.com/restart\":\"1\"}}}}}");
        int most = 0;
        long fewestReady = 3;
        until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            var now = pods.list().getItems();
            most = Math.max(most, now.size());
            fewestReady = Math.min(fewestReady, now.stream().filter(PodSimulator::ready).count());
            boolean replaced = now.stream().noneMatch(p -> before.contains(p.getMetadata().getName()));
            if (replaced && now.size() == 3 && now.stream().allMatch(PodSimulator::ready)) {
                break;
            }
            Thread.sleep(20);
        }
        var after = pods.list().getItems();
        assertTrue(after.stream().noneMatch(p -> before.contains(p.getMetadata().getName())), "every pod replaced: before "
                + before + " after " + after.stream().map(p -> p.getMetadata().getName() + p.getMetadata().getLabels()
                .get("pod-template-hash") + ready(p)).toList());
        assertEquals(3, after.stream().filter(PodSimulator::ready).count());
        assertTrue(most <= 4, "25% surge of 3 replicas allows one extra pod, saw " + most);
        assertEquals(3, fewestReady, "25% unavailability of 3 replicas allows none unready");
        var events = sandbox.client().v1().events().inNamespace("sandbox-storefront").list().getItems();
        assertTrue(events.stream().anyMatch(e -> "ScalingReplicaSet".equals(e.getReason())
                && "web".equals(e.getInvolvedObject().getName())), events.toString());
    }

    /** What a promote writes (DESIGN.md, the Atom protocol): a new AtomVersion, and the Atom pointed at it, Pending. */
    static void promote(String app, String release, boolean neverReady, int deadlineSeconds) {
        String ns = "sandbox-" + app;
        var client = sandbox.client();
        var web = client.apps().deployments().inNamespace(ns).withName("web").get();
        web.getSpec().getTemplate().getMetadata().getLabels().put("release", release.toLowerCase());
        if (neverReady) {
            web.getMetadata().getAnnotations().put(PodSimulator.CRASH_LOOP, "true");
        }
        web.setStatus(null);
        web.getMetadata().setResourceVersion(null);
        String template = io.fabric8.kubernetes.client.utils.Serialization.asYaml(web);
        new ConvoxObjects(client).release(ns, "sandbox", app, release, "BSANDBOXAAA", java.time.Instant.now(),
                "promote test", "", "services:\n  web:\n    port: 3000\n");
        String version = "app-" + System.nanoTime();
        var v = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
        v.setApiVersion("atom.convox.com/v1");
        v.setKind("AtomVersion");
        v.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(version).withNamespace(ns).build());
        v.setAdditionalProperty("spec", Map.of("release", release, "template", java.util.Base64.getEncoder()
                .encodeToString(template.getBytes(StandardCharsets.UTF_8))));
        client.genericKubernetesResources(dev.rackside.services.kube.ConvoxCrds.ATOM_VERSIONS).inNamespace(ns)
                .resource(v).create();
        client.genericKubernetesResources(dev.rackside.services.kube.ConvoxCrds.ATOMS).inNamespace(ns).withName("app")
                .edit(a -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> spec = new java.util.HashMap<>((Map<String, Object>) a.getAdditionalProperties()
                            .get("spec"));
                    spec.put("previousVersion", spec.get("currentVersion"));
                    spec.put("currentVersion", version);
                    spec.put("progressDeadlineSeconds", deadlineSeconds);
                    spec.put("releaseCache", version + "|" + release);
                    a.getAdditionalProperties().put("spec", spec);
                    a.getAdditionalProperties().put("status", "Pending");
                    a.getAdditionalProperties().put("started", java.time.Instant.now().toString());
                    return a;
                });
    }

    static List<String> atomEvents(String app) {
        return sandbox.client().v1().events().inNamespace("sandbox-" + app).list().getItems().stream()
                .filter(e -> "Atom".equals(e.getInvolvedObject().getKind())).map(e -> e.getMessage()).toList();
    }

    @Test
    void aGoodPromoteEndsRunning() throws Exception {
        promote("payments", "RGOODRELEAS", false, 30);
        List<App> apps = await(() -> reader.apps().current(), rows -> rows.stream()
                .anyMatch(a -> a.name().equals("payments") && "Running".equals(a.rawStatus().orElse(""))
                        && a.release().equals(Optional.of("RGOODRELEAS"))));
        App payments = apps.stream().filter(a -> a.name().equals("payments")).findFirst().orElseThrow();
        assertEquals("running", payments.status());
        assertEquals(List.of(), payments.problems());
        assertTrue(atomEvents("payments").containsAll(List.of("Pending => Updating", "Updating => Running")),
                atomEvents("payments").toString());
    }

    @Test
    void aPromoteWhosePodsNeverBecomeReadyRevertsByItself() throws Exception {
        String before = await(() -> reader.apps().current(), rows -> rows.stream()
                .anyMatch(a -> a.name().equals("storefront"))).stream().filter(a -> a.name().equals("storefront"))
                .findFirst().orElseThrow().release().orElseThrow();
        promote("storefront", "RBADRELEASE", true, 6);
        await(() -> reader.apps().current(), rows -> rows.stream().anyMatch(a -> a.name().equals("storefront")
                && "Reverted".equals(a.rawStatus().orElse(""))));
        App after = reader.apps().current().rows().stream().filter(a -> a.name().equals("storefront")).findFirst()
                .orElseThrow();
        assertEquals(Optional.of(before), after.release(), "the previous release is active again");
        assertEquals("running", after.status(), "Convox shows a reverted app as running");
        assertTrue(atomEvents("storefront").containsAll(List.of("Pending => Updating", "Updating => Deadline",
                "Deadline => Rollback", "Rollback => Reverted")), atomEvents("storefront").toString());
    }

    @Test
    void podsWriteLogsThatResumeWithoutGapOrDuplicate() throws Exception {
        var pods = sandbox.client().pods().inNamespace("sandbox-backoffice").withLabel("service", "web")
                .withLabel("type", "service");
        String pod = pods.list().getItems().get(0).getMetadata().getName();
        Thread.sleep(1500);
        String first = sandbox.client().pods().inNamespace("sandbox-backoffice").withName(pod).usingTimestamps().getLog();
        List<String> a = first.lines().toList();
        assertTrue(!a.isEmpty() && a.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z .+"), first);
        Thread.sleep(1500);
        String lastStamp = a.get(a.size() - 1).substring(0, a.get(a.size() - 1).indexOf(' '));
        List<String> resumed = sandbox.client().pods().inNamespace("sandbox-backoffice").withName(pod)
                .usingTimestamps().sinceTime(lastStamp).getLog().lines()
                .filter(l -> l.substring(0, l.indexOf(' ')).compareTo(lastStamp) > 0).toList();
        List<String> all = sandbox.client().pods().inNamespace("sandbox-backoffice").withName(pod).usingTimestamps()
                .getLog().lines().toList();
        List<String> joined = new java.util.ArrayList<>(a);
        joined.addAll(resumed);
        assertEquals(all.subList(0, joined.size()), joined, "resuming from the last timestamp: no gap, no duplicate");
        assertEquals(3, sandbox.client().pods().inNamespace("sandbox-backoffice").withName(pod).tailingLines(3)
                .getLog().lines().count());
        var crashing = sandbox.client().pods().inNamespace("sandbox-payments").withLabel("service", "worker")
                .withLabel("type", "service").list()
                .getItems().get(0).getMetadata().getName();
        String previous = sandbox.client().pods().inNamespace("sandbox-payments").withName(crashing).terminated()
                .getLog();
        assertTrue(previous.contains("FATAL"), previous);
        Optional<String> kubectl = onPath("kubectl");
        if (kubectl.isPresent()) {
            String viaKubectl = run(kubectl.get(), "--kubeconfig", kubeconfig.toString(), "logs", "-n",
                    "sandbox-backoffice", pod, "--tail", "2");
            assertEquals(2, viaKubectl.lines().count(), viaKubectl);
        }
    }

    @Test
    void sameSeedSameRack() {
        try (SandboxServer one = SandboxServer.start(11, Duration.ofMillis(300));
                SandboxServer two = SandboxServer.start(11, Duration.ofMillis(300))) {
            List<String> a = releaseNames(one);
            List<String> b = releaseNames(two);
            assertEquals(a, b);
            assertTrue(a.size() >= 20, a.toString());
        }
    }

    static List<String> releaseNames(SandboxServer s) {
        return s.client().genericKubernetesResources(dev.rackside.services.kube.ConvoxCrds.RELEASES).inAnyNamespace()
                .list().getItems().stream().map(r -> r.getMetadata().getName()).sorted().toList();
    }

    @Test
    void kubectlSeesTheSameRackThroughTheWrittenKubeconfig() throws Exception {
        Optional<String> kubectl = onPath("kubectl");
        org.junit.jupiter.api.Assumptions.assumeTrue(kubectl.isPresent(), "kubectl is not on PATH");
        String ns = run(kubectl.get(), "--kubeconfig", kubeconfig.toString(), "get", "ns", "-l", "system=convox");
        assertTrue(ns.contains("sandbox-system") && ns.contains("sandbox-storefront"), ns);
        String releases = run(kubectl.get(), "--kubeconfig", kubeconfig.toString(), "get", "releases.convox.com", "-A");
        for (String name : releaseNames(sandbox)) {
            assertTrue(releases.contains(name), name + " missing in\n" + releases);
        }
        String deploy = run(kubectl.get(), "--kubeconfig", kubeconfig.toString(), "get", "deploy", "-n",
                "sandbox-payments");
        assertTrue(deploy.contains("worker"), deploy);
    }

    static Optional<String> onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (java.nio.file.Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }

    static String run(String... command) throws Exception {
        java.lang.Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
        return out;
    }
}
