package dev.rackside.services.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.api.DiagnosisText;
import dev.rackside.services.kube.ConvoxObjects;
import dev.rackside.services.kube.ConvoxObjects.PodState;
import dev.rackside.services.model.diagnose.DiagnosticReport;
import dev.rackside.services.testing.MockApi;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code convox deploy-debug}'s report computed from the Kubernetes API: every classification with the
 * state detail and the hint Convox 3.24.9 gives it, a stalled service, the Warning events of the last 30
 * minutes with their hints, stuck init containers, and the summary.
 */
class DiagnosisTest {
    /** Two hours after the pods were made (the mock stamps creationTimestamp itself). */
    private static final Instant NOW = Instant.now().plus(Duration.ofHours(2)).plusSeconds(60);
    private static MockApi api;
    private static ExecutorService pool;
    private static DiagnosticReport report;

    @BeforeAll
    static void seed() {
        api = new MockApi();
        pool = Executors.newFixedThreadPool(2);
        ConvoxObjects o = new ConvoxObjects(api.client());
        o.rack("prod", "3.24.9", "us-east-1", "prod.example.org");
        String ns = o.app("prod", "shop", "Updating", "RNEW", false, null);
        o.deployment(ns, "prod", "shop", "web", 3, 3000, "256m", "512Mi", "RNEW");
        o.deployment(ns, "prod", "shop", "worker", 2, null, "250m", "1Gi", "RNEW");
        o.deployment(ns, "prod", "shop", "idle", 0, null, "250m", "512Mi", "RNEW");
        api.client().apps().deployments().inNamespace(ns).withName("web").editStatus(d -> {
            d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(3)
                    .withReadyReplicas(1).withUpdatedReplicas(2).addNewCondition().withType("Progressing")
                    .withStatus("False").withReason("ProgressDeadlineExceeded").withMessage(
                            "ReplicaSet \"web-7d9f8b6c5\" has timed out progressing.").endCondition().build());
            return d;
        });
        api.client().apps().deployments().inNamespace(ns).withName("worker").editStatus(d -> {
            d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(2)
                    .withReadyReplicas(2).withUpdatedReplicas(2).build());
            return d;
        });
        Instant old = NOW.minus(Duration.ofHours(2));
        o.pod(ns, "prod", "shop", "web", "service", "web-7d9f8b6c5-crash", PodState.CRASHED, "RNEW", old, List.of());
        o.pod(ns, "prod", "shop", "web", "service", "web-7d9f8b6c5-pendng", PodState.PENDING, "RNEW",
                NOW.minusSeconds(600), List.of());
        o.pod(ns, "prod", "shop", "web", "service", "web-5c4b3a291-okay1", PodState.RUNNING, "RCUR", old, List.of());
        o.pod(ns, "prod", "shop", "worker", "service", "worker-6f5e4d3c2-strt", PodState.STARTING, "RNEW",
                NOW.minusSeconds(90), List.of());
        o.pod(ns, "prod", "shop", "worker", "service", "worker-6f5e4d3c2-fresh", PodState.RUNNING, "RNEW",
                NOW.minusSeconds(120), List.of());
        // As the kubelet reports them: an image that cannot be pulled, a container killed for memory, an init
        // container that keeps failing.
        create(ns, """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-7d9f8b6c5-image","namespace":"%s",
                 "creationTimestamp":"2026-12-01T02:50:00Z","labels":{"system":"convox","rack":"prod","app":"shop",
                 "service":"web","type":"service","release":"RNEW"}},
                 "spec":{"containers":[{"name":"shop","image":"registry/shop:web.BNOPE"}]},
                 "status":{"phase":"Pending","conditions":[{"type":"Ready","status":"False",
                 "reason":"ContainersNotReady","message":"containers with unready status: [shop]"}],
                 "containerStatuses":[{"name":"shop","ready":false,"restartCount":0,"image":"registry/shop:web.BNOPE",
                 "imageID":"","started":false,"state":{"waiting":{"reason":"ImagePullBackOff",
                 "message":"Back-off pulling image \\"registry/shop:web.BNOPE\\""}}}]}}""".formatted(ns));
        create(ns, """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"worker-6f5e4d3c2-oomkd","namespace":"%s",
                 "creationTimestamp":"2026-12-01T01:00:00Z","labels":{"system":"convox","rack":"prod","app":"shop",
                 "service":"worker","type":"service","release":"RNEW"}},
                 "spec":{"containers":[{"name":"shop","image":"registry/shop:worker.BNEW"}]},
                 "status":{"phase":"Running","containerStatuses":[{"name":"shop","ready":false,"restartCount":4,
                 "image":"registry/shop:worker.BNEW","imageID":"","started":false,"state":{"terminated":{
                 "exitCode":137,"reason":"OOMKilled","startedAt":"2026-12-01T02:58:00Z",
                 "finishedAt":"2026-12-01T02:59:30Z"}}}]}}""".formatted(ns));
        create(ns, """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-7d9f8b6c5-initx","namespace":"%s",
                 "creationTimestamp":"2026-12-01T02:30:00Z","labels":{"system":"convox","rack":"prod","app":"shop",
                 "service":"web","type":"service","release":"RNEW"}},
                 "spec":{"initContainers":[{"name":"init","image":"registry/shop:web.BNEW"}],
                  "containers":[{"name":"shop","image":"registry/shop:web.BNEW"}]},
                 "status":{"phase":"Pending","initContainerStatuses":[{"name":"init","ready":false,"restartCount":3,
                 "image":"registry/shop:web.BNEW","imageID":"","state":{"terminated":{"exitCode":2,"reason":"Error",
                 "startedAt":"2026-12-01T02:59:00Z","finishedAt":"2026-12-01T02:59:01Z"}}}],
                 "containerStatuses":[{"name":"shop","ready":false,"restartCount":0,"image":"registry/shop:web.BNEW",
                 "imageID":"","started":false,"state":{"waiting":{"reason":"PodInitializing"}}}]}}""".formatted(ns));
        event(ns, "ev-sched", "Warning", "FailedScheduling", "Pod", "web-7d9f8b6c5-pendng",
                "0/3 nodes are available: 3 Insufficient cpu.", NOW.minusSeconds(120));
        event(ns, "ev-backoff", "Warning", "BackOff", "Pod", "web-7d9f8b6c5-crash",
                "Back-off restarting failed container shop in pod web-7d9f8b6c5-crash", NOW.minusSeconds(30));
        event(ns, "ev-old", "Warning", "BackOff", "Pod", "web-5c4b3a291-okay1", "long ago", NOW.minus(
                Duration.ofHours(1)));
        event(ns, "ev-normal", "Normal", "Scheduled", "Pod", "web-7d9f8b6c5-crash", "Successfully assigned",
                NOW.minusSeconds(60));
        api.log(ns, "web-7d9f8b6c5-crash", "shop", false, "booting\n");
        api.log(ns, "web-7d9f8b6c5-crash", "shop", true, String.join("\n", "Puma starting in single mode...",
                "bundler: failed to load command: puma", "/app/config/puma.rb:12: undefined method `workerz'", ""));
        Diagnosis d = new Diagnosis(api.client(), "prod", Clock.fixed(NOW, ZoneOffset.UTC), pool);
        report = d.diagnose("shop", DiagnosticReport.Options.DEFAULT);
    }

    private static void create(String ns, String json) {
        api.client().pods().inNamespace(ns).resource(Serialization.unmarshal(json, Pod.class)).create();
    }

    private static void event(String ns, String name, String type, String reason, String kind, String object,
            String message, Instant at) {
        api.client().v1().events().inNamespace(ns).resource(new EventBuilder().withNewMetadata().withName(name)
                .withCreationTimestamp(at.toString()).endMetadata().withType(type).withReason(reason)
                .withMessage(message).withLastTimestamp(at.toString()).withNewInvolvedObject().withKind(kind)
                .withName(object).withNamespace(ns).endInvolvedObject().build()).create();
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        api.close();
    }

    private static DiagnosticReport.Pod pod(String name) {
        return report.pods().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() ->
                new AssertionError(name + " not in " + report.pods()));
    }

    @Test
    void servicesAreRunningDeployingStalledOrScaledDown() {
        var s = report.overview().orElseThrow().services();
        assertEquals(List.of("idle", "web", "worker"), s.stream().map(DiagnosticReport.ServiceStatus::name).toList());
        assertEquals("scaled-down", s.get(0).status());
        assertEquals("stalled", s.get(1).status());
        assertEquals(Optional.of("Deploy timed out -- processes did not become healthy in time"), s.get(1)
                .stallReason());
        assertEquals(3, s.get(1).desiredReplicas());
        assertEquals(1, s.get(1).readyReplicas());
        assertEquals("running", s.get(2).status());
    }

    @Test
    void eachPodIsClassifiedWithConvoxsDetailAndHint() {
        var crash = pod("web-7d9f8b6c5-crash");
        assertEquals("not-ready", crash.classification());
        assertEquals(Optional.of("CrashLoopBackOff"), crash.stateDetail());
        assertEquals(Optional.of("Process is crash-looping on startup -- check the logs below for the error"),
                crash.hint());
        assertEquals(7, crash.restarts());
        assertEquals(Optional.of("booting\n"), crash.logs());
        assertTrue(crash.previousLogs().orElseThrow().contains("undefined method `workerz'"), "the crash's last words");
        assertEquals(Optional.empty(), pod("web-7d9f8b6c5-pendng").logs(), "a container that never ran has none");
        assertEquals("0/1", crash.ready());
        var pending = pod("web-7d9f8b6c5-pendng");
        assertEquals("unhealthy", pending.classification());
        assertEquals(Optional.empty(), pending.stateDetail());
        assertEquals(Optional.of("Process is waiting to be scheduled -- this usually means the cluster is low on "
                + "resources"), pending.hint());
        var image = pod("web-7d9f8b6c5-image");
        assertEquals("unhealthy", image.classification());
        assertEquals(Optional.of("ImagePullBackOff"), image.stateDetail());
        assertEquals(Optional.of("Failed to pull the container image -- check that the build succeeded and the image "
                + "tag exists"), image.hint());
        var oom = pod("worker-6f5e4d3c2-oomkd");
        assertEquals(Optional.of("Terminated:OOMKilled"), oom.stateDetail());
        assertEquals(Optional.of("Process ran out of memory and was killed -- increase scale.memory in convox.yml"),
                oom.hint());
        assertEquals("not-ready", oom.classification());
        var starting = pod("worker-6f5e4d3c2-strt");
        assertEquals("not-ready", starting.classification());
        assertTrue(report.pods().stream().noneMatch(p -> p.name().equals("web-5c4b3a291-okay1")),
                "healthy pods are listed only with --all");
        // The same rack a minute after the pods started: the ready ones are new, not yet healthy.
        Diagnosis early = new Diagnosis(api.client(), "prod", Clock.fixed(NOW.minus(Duration.ofHours(2)),
                ZoneOffset.UTC), pool);
        var soon = early.diagnose("shop", new DiagnosticReport.Options(List.of("worker"), 300, true, 10, false,
                false));
        assertEquals("new", soon.pods().stream().filter(p -> p.name().equals("worker-6f5e4d3c2-fresh")).findFirst()
                .orElseThrow().classification(), "ready but younger than five minutes");
        assertEquals(List.of("worker"), soon.overview().orElseThrow().services().stream()
                .map(DiagnosticReport.ServiceStatus::name).toList(), "only the services asked for");
    }

    @Test
    void podsAreOrderedUnhealthyFirstAndCounted() {
        List<String> classes = report.pods().stream().map(DiagnosticReport.Pod::classification).toList();
        assertEquals(List.of("unhealthy", "unhealthy", "unhealthy", "not-ready", "not-ready", "not-ready"), classes);
        var s = report.summary().orElseThrow();
        assertEquals(8, s.total());
        assertEquals(3, s.unhealthy());
        assertEquals(3, s.notReady());
        assertEquals(0, s.fresh());
        assertEquals(2, s.healthy());
        assertEquals("Summary: 8 total  3 unhealthy  3 not-ready  2 healthy", DiagnosisText.summary(s));
    }

    @Test
    void warningEventsOfTheLastHalfHourCarryHints() {
        var events = report.overview().orElseThrow().events();
        assertEquals(List.of("BackOff", "FailedScheduling"), events.stream().map(DiagnosticReport.Event::reason)
                .toList(), "Warning only, newest first, an hour-old one left out");
        assertEquals("pod/web-7d9f8b6c5-crash", events.get(0).object());
        assertEquals(Optional.of("Container is in back-off -- restarting failed container"), events.get(0).hint());
        assertEquals(Optional.of("Could not place process -- not enough capacity in the cluster"), events.get(1).hint());
        assertEquals(List.of("BackOff", "Scheduled"), pod("web-7d9f8b6c5-crash").events().stream()
                .map(DiagnosticReport.Event::reason).toList(), "a pod's own events, every type");
    }

    @Test
    void stuckInitContainersAreTheirOwnSection() {
        assertEquals(1, report.initPods().size());
        var ip = report.initPods().get(0);
        assertEquals("web-7d9f8b6c5-initx", ip.name());
        assertEquals("Terminated:Error(exit=2)", ip.initContainers().get(0).state());
        var p = pod("web-7d9f8b6c5-initx");
        assertEquals(Optional.of("PodInitializing"), p.stateDetail());
        assertEquals(Optional.of("Pod is still initializing -- init containers may still be running"), p.hint());
    }

    @Test
    void theTerminalTextReadsAsConvoxDeployDebug() {
        List<String> lines = DiagnosisText.terminal(report, NOW).stream().map(DiagnosisText.Line::text).toList();
        assertEquals("Deploy Diagnostics: shop on prod", lines.get(0));
        assertTrue(lines.contains("  ● web  1/3 processes ready  STALLED"), lines.toString());
        assertTrue(lines.contains("  ○ idle  0/0 processes ready  SCALED DOWN"), lines.toString());
        assertTrue(lines.contains("    [30s ago] BackOff on pod/web-7d9f8b6c5-crash: Back-off restarting failed "
                + "container shop in pod web-7d9f8b6c5-crash"), lines.toString());
        assertTrue(lines.contains("    state: Running    ready: 0/1    age: 2h    restarts: 7"), lines.toString());
        assertTrue(lines.contains("    --- Previous Container Logs ---"), lines.toString());
        assertTrue(lines.contains("    bundler: failed to load command: puma"), lines.toString());
        assertTrue(lines.contains("    hint:    Process is crash-looping on startup -- check the logs below for the "
                + "error"), lines.toString());
    }

    @Test
    void anAppThatIsNotThereIsSaidAsConvoxSaysIt() {
        Diagnosis d = new Diagnosis(api.client(), "prod", Clock.fixed(NOW, ZoneOffset.UTC), pool);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.diagnose("nope",
                DiagnosticReport.Options.DEFAULT));
        assertEquals("namespace prod-nope not found -- verify rack and app names", e.getMessage());
    }

    @Test
    void hintsAreLookedUpExactlyThenByWhatTheDetailContains() {
        assertEquals(Optional.of("Process ran out of memory and was killed -- increase scale.memory in convox.yml"),
                Hints.forState("Terminated:OOMKilled"));
        assertEquals(Optional.of("Process exited with an error -- check the logs below"),
                Hints.forState("Terminated:Error"));
        assertEquals(Optional.empty(), Hints.forState("Running"));
    }
}
