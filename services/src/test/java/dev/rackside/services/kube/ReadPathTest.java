package dev.rackside.services.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.rackside.services.api.AppReader;
import dev.rackside.services.api.RackReader;
import dev.rackside.services.model.App;
import dev.rackside.services.model.Build;
import dev.rackside.services.model.Feed;
import dev.rackside.services.model.Process;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.Release;
import dev.rackside.services.model.Resource;
import dev.rackside.services.model.Service;
import dev.rackside.services.model.Snapshot;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.racks.RackRegistry;
import dev.rackside.services.testing.MockApi;
import dev.rackside.services.testing.SampleRack;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Convox v3 read path against the fabric8 mock API in CRUD mode, through a real kubeconfig. */
class ReadPathTest {
    static MockApi api;
    static ExecutorService executor;
    static RackReader prod;
    static Environment env;
    @TempDir
    static Path home;

    @BeforeAll
    static void seed() throws Exception {
        api = new MockApi();
        ConvoxObjects f = new ConvoxObjects(api.client());
        SampleRack.seedTwoRacks(f);
        // 403 for one namespace's releases: only that app's releases table may fail.
        String forbidden = f.app("prod", "secret", "Running", null, false, null);
        api.server().expect().get().withPath("/apis/convox.com/v1/namespaces/" + forbidden + "/releases?resourceVersion=0")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                        .withMessage("releases.convox.com is forbidden: User \"oncall\" cannot list resource "
                                + "\"releases\" in namespace \"prod-secret\"").build())
                .always();
        executor = Executors.newFixedThreadPool(4);
        Path kubeconfig = api.writeKubeconfig(home, "prod-admin");
        env = new Environment(Map.of("KUBECONFIG", kubeconfig.toString()), home);
        Rack rack = new RackRegistry(env, executor).resolve(Optional.of("prod"));
        prod = new KubeRackReaders(env, executor).open(rack);
    }

    @AfterAll
    static void close() {
        prod.close();
        api.close();
        executor.shutdownNow();
    }

    static <T> Snapshot<T> complete(Feed<T> feed) throws Exception {
        return feed.firstComplete().get(20, TimeUnit.SECONDS);
    }

    static <T> Map<String, T> byKey(List<T> rows, Function<T, String> key) {
        return rows.stream().collect(Collectors.toMap(key, r -> r));
    }

    @Test
    void anAppNoPaneShowsStopsItsWatchesAndOpensFilledAgain() throws Exception {
        Rack rack = prod.rack();
        try (KubeRackReader reader = new KubeRackReader(rack, new RackClients(env).of(rack), executor, true,
                Watch.Mode.LIVE, java.time.Duration.ofMillis(800))) {
            complete(reader.apps());
            AppReader api = reader.app("api");
            Feed<dev.rackside.services.model.Process> ps = api.processes();
            java.util.function.Consumer<Snapshot<dev.rackside.services.model.Process>> pane = s -> { };
            ps.subscribe(pane);
            List<String> ids = complete(ps).rows().stream().map(dev.rackside.services.model.Process::id).toList();
            assertFalse(ids.isEmpty());
            int open = Watch.liveWatches();
            Thread.sleep(2_500); // three idle periods with the pane on screen
            assertSame(api, reader.app("api"), "the app a pane shows keeps its reader");
            assertEquals(open, Watch.liveWatches());

            ps.unsubscribe(pane); // the operator went back to Apps
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Watch.liveWatches() > open - 6 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertEquals(open - 6, Watch.liveWatches(), "its six watches (deployments, daemonsets, hpas, releases, "
                    + "builds, resource configmaps) are closed");

            AppReader again = reader.app("api");
            assertNotSame(api, again);
            assertEquals(ids, complete(again.processes()).rows().stream()
                    .map(dev.rackside.services.model.Process::id).toList(), "back to the app: filled as before");
        }
    }

    @Test
    void appsShowStatusReleaseLockAndProblems() throws Exception {
        Snapshot<App> snap = prod.appsComplete(true).get(20, TimeUnit.SECONDS);
        Map<String, App> apps = byKey(snap.rows(), App::name);
        assertEquals(List.of("api", "billing", "broken", "empty", "legacy", "secret"),
                snap.rows().stream().map(App::name).toList(), "sorted by name, staging's app not mixed in");
        assertEquals("running", apps.get("api").status());
        assertEquals(Optional.of(SampleRack.RELEASE_3), apps.get("api").release());
        assertEquals(List.of(), apps.get("api").problems());
        assertEquals("updating", apps.get("billing").status());
        assertTrue(apps.get("billing").locked());
        assertTrue(apps.get("billing").problems().get(0).contains("convox.com/params annotation is not valid JSON"),
                apps.get("billing").problems().toString());
        assertEquals("rollback", apps.get("legacy").status(), "Atom fallback: Deadline maps to rollback");
        assertEquals(Optional.of("RLEGACYAAAA"), apps.get("legacy").release(), "release from spec.releaseCache");
        assertTrue(apps.get("broken").problems().stream().anyMatch(p -> p.contains("release RBROKENAAAA convox.yml:")
                && p.contains("not valid YAML")), apps.get("broken").problems().toString());
        assertTrue(apps.get("empty").problems().contains("release REMPTYAAAAA convox.yml: manifest is empty"),
                apps.get("empty").problems().toString());
    }

    @Test
    void processesCoverEveryConvoxStatus() throws Exception {
        AppReader app = prod.app("api");
        Map<String, Process> ps = byKey(complete(app.processes()).rows(), Process::id);
        assertEquals("running", ps.get("web-5d9c7b-aaaaa").status());
        assertEquals("starting", ps.get("web-5d9c7b-bbbbb").status());
        assertEquals("unhealthy", ps.get("worker-7f6d-ccccc").status());
        assertEquals("crashed", ps.get("worker-7f6d-ddddd").status());
        assertEquals(7, ps.get("worker-7f6d-ddddd").restarts());
        assertEquals("pending", ps.get("worker-7f6d-eeeee").status());
        assertEquals("complete", ps.get("timer-cleanup-fffff").status());
        assertEquals("failed", ps.get("admin-ggggg").status());
        assertEquals("unknown", ps.get("admin-6c5b-hhhhh").status());
        assertEquals("sh -c 'rake db:migrate && echo '\\''done'\\'''", ps.get("admin-ggggg").command());
        assertEquals("bin/web --port 3000", ps.get("web-5d9c7b-aaaaa").command());
        assertEquals(SampleRack.RELEASE_3, ps.get("web-5d9c7b-aaaaa").release());
        assertEquals("web", ps.get("web-5d9c7b-aaaaa").service());
        assertEquals(8, ps.size());
    }

    @Test
    void servicesJoinDeploymentManifestHpaAndProcesses() throws Exception {
        Snapshot<Service> snap = complete(prod.app("api").services());
        Map<String, Service> s = byKey(snap.rows(), Service::name);
        assertEquals(List.of("admin", "web", "worker"), snap.rows().stream().map(Service::name).toList());
        Service web = s.get("web");
        assertEquals("web.api.prod.example.org", web.domain());
        assertEquals(List.of("443:3000"), web.ports());
        assertEquals(2, web.desired());
        assertEquals(2, web.running());
        assertEquals(256, web.cpu());
        assertEquals(512, web.memory());
        assertEquals(Optional.of(2), web.min(), "HPA overlays the manifest's 2-6");
        assertEquals(Optional.of(8), web.max());
        Service worker = s.get("worker");
        assertEquals(List.of(), worker.ports());
        assertEquals(1024, worker.memory());
        assertEquals(Optional.of(3), worker.min());
        assertEquals(Optional.of(3), worker.max());
        assertEquals(4, worker.running(), "every process row of the service counts, as in convox scale");
        Service admin = s.get("admin");
        assertEquals("admin.api.prod.local", admin.domain(), "internal services live in the rack's .local zone");
        assertEquals(List.of("4000"), admin.ports());
        assertEquals(List.of(), snap.problems());
    }

    @Test
    void releasesNewestFirstWithActiveMarked() throws Exception {
        List<Release> rows = complete(prod.app("api").releases()).rows();
        assertEquals(List.of(SampleRack.RELEASE_3, SampleRack.RELEASE_2, SampleRack.RELEASE_1),
                rows.stream().map(Release::id).toList());
        assertEquals("active", rows.get(0).status(), "the apps the active marker comes from: " + prod.apps().current()
                + "; releases: " + rows);
        assertEquals("", rows.get(1).status());
        assertEquals(SampleRack.BUILD_OK, rows.get(0).build());
        assertEquals("build 1a2b3c4 fix login", rows.get(0).description());
    }

    /** The feed's release ids once they are {@code want}, or what they were when 15 s ran out. */
    private static List<String> awaitReleases(Feed<Release> feed, List<String> want) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        List<String> ids = List.of();
        while (System.nanoTime() < end) {
            ids = feed.current().rows().stream().map(Release::id).toList();
            if (ids.equals(want)) {
                break;
            }
            Thread.sleep(50);
        }
        return ids;
    }

    @Test
    void aWatchThatExpiresWith410IsListedAgainAndMissesNothing() throws Exception {
        ConvoxObjects f = new ConvoxObjects(api.client());
        String ns = f.app("prod", "gone", "Running", "RGONEAAAAA1", false, null);
        java.time.Instant t = java.time.Instant.parse("2026-11-30T10:00:00Z");
        f.release(ns, "prod", "gone", "RGONEAAAAA1", "BGONEAAAAA1", t, "first", "", ConvoxObjects.MANIFEST);
        // The releases watch is accepted, says nothing for 1.5 s, then ends 410 Expired (a compacted version).
        api.expireNextWatch("/apis/convox.com/v1/namespaces/" + ns + "/releases", Duration.ofMillis(1500));
        Feed<Release> feed = prod.app("gone").releases();
        assertEquals(List.of("RGONEAAAAA1"), complete(feed).rows().stream().map(Release::id).toList());
        // Written while that watch is silent: no event will carry it, only a new LIST can.
        f.release(ns, "prod", "gone", "RGONEAAAAA2", "BGONEAAAAA2", t.plusSeconds(60), "second", "",
                ConvoxObjects.MANIFEST);
        assertEquals(List.of("RGONEAAAAA2", "RGONEAAAAA1"), awaitReleases(feed, List.of("RGONEAAAAA2",
                "RGONEAAAAA1")), "after 410 Gone the kind is listed again, so what the dead watch missed is shown");
        assertEquals(1, api.expiredWatches(), "the watch did end with 410");
        assertTrue(!feed.current().stale() && feed.current().error().isEmpty(), "and the table is live, not stale: "
                + feed.current());
        // The watch after the relist is a live one: the next release arrives by itself.
        f.release(ns, "prod", "gone", "RGONEAAAAA3", "BGONEAAAAA3", t.plusSeconds(120), "third", "",
                ConvoxObjects.MANIFEST);
        assertEquals(List.of("RGONEAAAAA3", "RGONEAAAAA2", "RGONEAAAAA1"), awaitReleases(feed, List.of(
                "RGONEAAAAA3", "RGONEAAAAA2", "RGONEAAAAA1")));
    }

    @Test
    void buildsWithStatusAndElapsed() throws Exception {
        List<Build> rows = complete(prod.app("api").builds()).rows();
        assertEquals(List.of(SampleRack.BUILD_FAILED, SampleRack.BUILD_OK), rows.stream().map(Build::id).toList());
        assertEquals("failed", rows.get(0).status());
        assertEquals(Optional.of(Duration.ofSeconds(65)), rows.get(1).elapsed());
        assertEquals(SampleRack.RELEASE_1, rows.get(1).release());
    }

    @Test
    void resourcesWithMaskedPasswords() throws Exception {
        List<Resource> rows = complete(prod.app("api").resources()).rows();
        assertEquals(List.of(
                new Resource("cache", "redis", "redis://resource-cache.prod-api.svc.cluster.local:6379/0"),
                new Resource("database", "postgres",
                        "postgres://app:****@resource-database.prod-api.svc.cluster.local:5432/app")), rows);
    }

    @Test
    void servicesOfABrokenManifestStillListWithTheProblem() throws Exception {
        Snapshot<Service> snap = complete(prod.app("broken").services());
        assertEquals(Snapshot.State.READY, snap.state());
        assertTrue(snap.problems().stream().anyMatch(p -> p.contains("RBROKENAAAA")), snap.problems().toString());
    }

    @Test
    void forbiddenNamespaceFailsOnlyThatTable() throws Exception {
        Snapshot<Release> denied = complete(prod.app("secret").releases());
        assertEquals(Snapshot.State.FAILED, denied.state());
        assertTrue(denied.error().orElseThrow().startsWith("releases: forbidden: releases.convox.com is forbidden"),
                denied.error().orElseThrow());
        assertEquals(Snapshot.State.READY, complete(prod.app("secret").builds()).state());
        assertEquals(Snapshot.State.READY, complete(prod.app("api").releases()).state());
    }

    @Test
    void describeShowsTheObjectWithSecretsMasked() throws Exception {
        AppReader app = prod.app("api");
        complete(app.releases());
        complete(app.resources());
        String release = app.describe(AppReader.Kind.RELEASE, SampleRack.RELEASE_3).orElseThrow();
        assertTrue(release.contains("DATABASE_PASSWORD=****"), release);
        assertTrue(release.contains("QUEUE=****"), "every env value is masked: " + release);
        assertTrue(!release.contains("hunter2") && !release.contains("abc123"), release);
        String resource = app.describe(AppReader.Kind.RESOURCE, "database").orElseThrow();
        assertTrue(resource.contains("postgres://app:****@resource-database"), resource);
        assertTrue(!resource.contains("s3cretpass"), resource);
        String service = app.describe(AppReader.Kind.SERVICE, "web").orElseThrow();
        assertTrue(service.contains("kind: \"Deployment\"") || service.contains("kind: Deployment"), service);
        assertTrue(!service.contains(ConvoxLabels.LAST_APPLIED), service);
        assertTrue(app.describe(AppReader.Kind.PROCESS, "web-5d9c7b-aaaaa").isPresent());
        assertTrue(app.describe(AppReader.Kind.PROCESS, "gone").isEmpty());
        assertTrue(prod.describeApp("billing").orElseThrow().contains("convox.com/app-status"));
    }

    @Test
    void slimStoreDropsLastAppliedAndManagedFields() {
        var store = new SlimItemStore<io.fabric8.kubernetes.api.model.apps.Deployment>();
        var d = api.client().apps().deployments().inNamespace("prod-api").withName("web").get();
        assertTrue(d.getMetadata().getAnnotations().containsKey(ConvoxLabels.LAST_APPLIED));
        d.getMetadata().setManagedFields(List.of(new io.fabric8.kubernetes.api.model.ManagedFieldsEntry()));
        store.put("prod-api/web", d);
        var kept = store.get("prod-api/web");
        assertEquals(null, kept.getMetadata().getManagedFields());
        assertTrue(!kept.getMetadata().getAnnotations().containsKey(ConvoxLabels.LAST_APPLIED));
        assertTrue(kept.getMetadata().getAnnotations().containsKey("atom.conditions"));
    }
}
