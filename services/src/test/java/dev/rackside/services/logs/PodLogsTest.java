package dev.rackside.services.logs;

import dev.rackside.services.testing.CollectingSink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.api.LogQuery;
import dev.rackside.services.api.LogSession;
import dev.rackside.services.api.LogSink;
import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.model.LogLine;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.RackStatus;
import dev.rackside.services.model.Tier;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.kube.ConvoxObjects;
import dev.rackside.services.testing.MockApi;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pod log streams against the mock API: chunked bodies, merge order, a cut stream resumed, errors. */
class PodLogsTest {
    private static final String NS = "prod-api";
    private static final String LOG = "/api/v1/namespaces/" + NS + "/pods/";

    @TempDir
    Path home;
    MockApi api;
    Rack rack;
    RackLogs logs;
    AwsClients aws = new AwsClients(Map.of());

    @BeforeEach
    void start() throws Exception {
        api = new MockApi();
        Path kubeconfig = api.writeKubeconfig(home, "prod");
        rack = new Rack("prod", "prod", Optional.of("prod"), Optional.of(kubeconfig.toString()), Optional.empty(),
                Optional.of("us-east-1"), List.of(), Tier.PRODUCTION, false, Optional.empty(), RackStatus.RUNNING,
                Optional.empty(), List.of());
        logs = new RackLogs(new Environment(Map.of(), home), aws, Clock.systemUTC());
        api.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata()
                .build()).create();
    }

    @AfterEach
    void stop() {
        aws.close();
        api.close();
    }

    private void pod(String name, String service) {
        api.client().pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name)
                .withNamespace(NS).withLabels(Map.of("service", service, "app", "api", "type", "service"))
                .endMetadata().withNewSpec().addNewContainer().withName("api").withImage("api").endContainer()
                .endSpec().withStatus(ConvoxObjects.status("api", ConvoxObjects.PodState.RUNNING, 0,
                        Instant.parse("2026-11-26T09:00:00Z"))).build()).create();
    }

    private static LogQuery query(boolean follow) {
        return new LogQuery("api", Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), follow,
                LogQuery.Source.PODS, false, Duration.ofMillis(250));
    }

    /**
     * The mock API cannot send HTTP chunked encoding (in 8.0.0 its {@code andReturnChunked} writes the chunk
     * framing into the body), so the stream is made long instead: HTTP/2 splits a 300 KB body into 16 KB
     * frames that end mid-line and mid-character, which is what chunks from a kubelet look like to a reader.
     */
    @Test
    void longStreamsOfTwoPodsArriveSplitAnywhereAndAreMergedByTime() throws Exception {
        pod("web-1", "web");
        pod("worker-1", "worker");
        StringBuilder web = new StringBuilder();
        StringBuilder worker = new StringBuilder();
        Instant t = Instant.parse("2026-11-26T10:00:00Z");
        int n = 3000;
        for (int i = 0; i < n; i++) {
            // Even milliseconds from web, odd from the worker; multi-byte text so frames split characters.
            web.append(t.plusMillis(2L * i)).append(" GET /caf\u00e9/").append(i).append(" 200 \u2713 ")
                    .append("x".repeat(40)).append('\n');
            worker.append(t.plusMillis(2L * i + 1)).append(" job ").append(i).append(" \u00fcberweisung done ")
                    .append("y".repeat(40)).append('\n');
        }
        api.server().expect().get().withPath(LOG + "web-1/log?container=api&timestamps=true")
                .andReturn(200, web.toString()).once();
        api.server().expect().get().withPath(LOG + "worker-1/log?container=api&timestamps=true")
                .andReturn(200, worker.toString()).once();
        CollectingSink sink = new CollectingSink();
        try (LogSession s = logs.open(rack, query(false), sink)) {
            assertTrue(sink.ended.await(20, TimeUnit.SECONDS), "a session that does not follow ends");
        }
        List<LogLine> pods = sink.lines.stream().filter(l -> l.origin() == LogLine.Origin.POD).toList();
        assertEquals(2 * n, pods.size());
        for (int i = 0; i < pods.size(); i++) {
            LogLine l = pods.get(i);
            assertEquals(t.plusMillis(i), l.at(), "line " + i + " in time order");
            int k = i / 2;
            assertEquals(i % 2 == 0 ? "GET /caf\u00e9/" + k + " 200 \u2713 " + "x".repeat(40)
                    : "job " + k + " \u00fcberweisung done " + "y".repeat(40), l.text());
            assertEquals(i % 2 == 0 ? "service/web/web-1" : "service/worker/worker-1", l.source());
        }
    }

    @Test
    void aCutStreamResumesFromItsLastLineWithNoGapAndNoDuplicate() throws Exception {
        pod("web-1", "web");
        api.server().expect().get().withPath(LOG + "web-1/log?container=api&follow=true&timestamps=true")
                .andReturn(200, "2026-11-26T10:00:01.100Z one\n2026-11-26T10:00:02.100Z two\n"
                        + "2026-11-26T10:00:02.500Z three\n").once();
        // The API takes sinceTime in whole seconds: the reconnect gets all of 10:00:02 again, and the second
        // line stamped exactly like "three" is new.
        api.server().expect().get().withPath(LOG + "web-1/log?container=api&follow=true"
                + "&sinceTime=2026-11-26T10%3A00%3A02Z&timestamps=true")
                .andReturn(200, "2026-11-26T10:00:02.100Z two\n2026-11-26T10:00:02.500Z three\n"
                        + "2026-11-26T10:00:02.500Z three again, same nanosecond\n2026-11-26T10:00:03.000Z four\n")
                .once();
        // Then nothing new: the stream is asked again less and less often.
        api.server().expect().get().withPath(LOG + "web-1/log?container=api&follow=true"
                + "&sinceTime=2026-11-26T10%3A00%3A03Z&timestamps=true").andReturn(200, "").always();
        CollectingSink sink = new CollectingSink();
        try (LogSession s = logs.open(rack, query(true), sink)) {
            sink.await(l -> l.stream().anyMatch(x -> x.text().equals("four")), "four arrives after the reconnect");
            Thread.sleep(400); // anything duplicated would arrive within the merge window
            assertEquals(1, s.status().streams(), "the pod is still followed between connections");
        }
        assertEquals(List.of("one", "two", "three", "three again, same nanosecond", "four"),
                sink.lines.stream().filter(l -> l.origin() == LogLine.Origin.POD).map(LogLine::text).toList());
    }

    @Test
    void aForbiddenStreamIsAProblemNotASilence() throws Exception {
        pod("web-1", "web");
        api.server().expect().get().withPath(LOG + "web-1/log?container=api&timestamps=true")
                .andReturn(403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
                        + "\"pods \\\"web-1\\\" is forbidden: User \\\"dev\\\" cannot get resource \\\"pods/log\\\"\","
                        + "\"reason\":\"Forbidden\",\"code\":403}").once();
        CollectingSink sink = new CollectingSink();
        try (LogSession s = logs.open(rack, query(false), sink)) {
            assertTrue(sink.ended.await(20, TimeUnit.SECONDS));
            assertEquals(List.of("web-1: 403 pods \"web-1\" is forbidden: User \"dev\" cannot get resource "
                    + "\"pods/log\""), s.status().problems());
        }
    }

    @Test
    void tailAndPreviousAskForWhatTheySay() throws Exception {
        pod("web-1", "web");
        api.server().expect().get().withPath(LOG + "web-1/log?container=api&previous=true&tailLines=2&timestamps=true")
                .andReturn(200, "2026-11-26T09:59:58Z panic: boom\n2026-11-26T09:59:59Z exit 2\n").once();
        CollectingSink sink = new CollectingSink();
        LogQuery q = new LogQuery("api", Optional.empty(), Optional.of("web-1"), Optional.empty(), OptionalInt.of(2),
                false, LogQuery.Source.PODS, true, Duration.ofMillis(250));
        try (LogSession s = logs.open(rack, q, sink)) {
            assertTrue(sink.ended.await(20, TimeUnit.SECONDS));
        }
        assertEquals(List.of("panic: boom", "exit 2"), sink.lines.stream().map(LogLine::text).toList());
    }

    @Test
    void thePreviousContainersLogIsShownWholeNotCutAtSince() throws Exception {
        pod("web-1", "web");
        // The crash five minutes ago: outside --since 2m, inside what kubectl logs -p shows.
        String fiveAgo = java.time.Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS).toString();
        api.server().expect().get().withPath(LOG + "web-1/log?container=api&previous=true&timestamps=true")
                .andReturn(200, fiveAgo + " FATAL: could not connect to redis\n").once();
        CollectingSink sink = new CollectingSink();
        LogQuery q = new LogQuery("api", Optional.empty(), Optional.of("web-1"), Optional.of(Duration.ofMinutes(2)),
                OptionalInt.empty(), false, LogQuery.Source.PODS, true, Duration.ofMillis(250));
        try (LogSession s = logs.open(rack, q, sink)) {
            assertTrue(sink.ended.await(20, TimeUnit.SECONDS));
        }
        assertEquals(List.of("FATAL: could not connect to redis"), sink.lines.stream().map(LogLine::text).toList());
    }

    @Test
    void aContainerThatNeverRestartedSaysSoForPrevious() throws Exception {
        pod("web-2", "web");
        // The kubelet has its current log, and no previous one: it answers 400 for previous=true.
        api.log(NS, "web-2", "api", false, "2026-11-26T09:00:01Z listening\n");
        CollectingSink sink = new CollectingSink();
        LogQuery q = new LogQuery("api", Optional.empty(), Optional.of("web-2"), Optional.of(Duration.ofMinutes(2)),
                OptionalInt.empty(), false, LogQuery.Source.PODS, true, Duration.ofMillis(250));
        try (LogSession s = logs.open(rack, q, sink)) {
            assertTrue(sink.ended.await(20, TimeUnit.SECONDS));
            assertEquals(List.of("web-2: no previous container (restarts 0)"), s.status().problems());
        }
        assertEquals(List.of(), sink.lines);
    }
}
