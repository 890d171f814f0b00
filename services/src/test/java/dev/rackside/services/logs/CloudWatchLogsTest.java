package dev.rackside.services.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.api.LogQuery;
import dev.rackside.services.api.LogSession;
import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.model.LogLine;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.RackStatus;
import dev.rackside.services.model.Tier;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.testing.MotoServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/** The CloudWatch source against moto_server on loopback, through the same AWS clients a rack gets. */
class CloudWatchLogsTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    private static final String GROUP = "/convox/prod/api";

    @TempDir
    Path home;
    AwsClients aws;
    Rack rack;
    CloudWatchLogsClient cw;
    final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void setUp() {
        aws = new AwsClients(MOTO.env());
        rack = new Rack("prod", "prod", Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("us-east-1"),
                List.of(), Tier.PRODUCTION, false, Optional.empty(), RackStatus.RUNNING, Optional.empty(), List.of());
        cw = aws.logs(rack);
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    private void put(String stream, Instant at, String... messages) {
        cw.createLogStream(b -> b.logGroupName(GROUP).logStreamName(stream));
        List<InputLogEvent> events = new ArrayList<>();
        for (int i = 0; i < messages.length; i++) {
            events.add(InputLogEvent.builder().timestamp(at.plusMillis(i * 10L).toEpochMilli()).message(messages[i])
                    .build());
        }
        cw.putLogEvents(b -> b.logGroupName(GROUP).logStreamName(stream).logEvents(events));
    }

    private static LogQuery query(boolean follow) {
        return new LogQuery("api", Optional.empty(), Optional.empty(), Optional.of(Duration.ofMinutes(10)),
                OptionalInt.empty(), follow, LogQuery.Source.CLOUDWATCH, false, Duration.ofMillis(100));
    }

    @Test
    void historyOfLiveAndGonePodsComesBackInOrder() throws Exception {
        cw.createLogGroup(b -> b.logGroupName(GROUP));
        put("service/web/web-1", now.minusSeconds(120), "GET / 200", "GET /cart 200\n");
        put("service/web/web-gone", now.minusSeconds(121), "booting", "ERROR out of memory");
        put("service/worker/worker-1", now.minusSeconds(119), "job done");
        put("service/web/web-old", now.minusSeconds(3600), "before the window");
        dev.rackside.services.testing.CollectingSink sink = new dev.rackside.services.testing.CollectingSink();
        try (LogSession s = new RackLogs(new Environment(MOTO.env(), home), aws, Clock.systemUTC())
                .open(rack, query(false), sink)) {
            assertTrue(sink.ended.await(20, TimeUnit.SECONDS));
            assertEquals(List.of(), s.status().problems());
        }
        assertEquals(List.of("service/web/web-gone booting", "service/web/web-gone ERROR out of memory",
                "service/web/web-1 GET / 200", "service/web/web-1 GET /cart 200", "service/worker/worker-1 job done"),
                sink.lines.stream().map(l -> l.source() + " " + l.text()).toList());
        assertTrue(sink.lines.stream().allMatch(l -> l.origin() == LogLine.Origin.CLOUDWATCH));
    }

    @Test
    void pagesAreFollowedAndPollingDeliversEachEventOnce() throws Exception {
        cw.createLogGroup(b -> b.logGroupName(GROUP));
        String[] many = new String[25];
        for (int i = 0; i < many.length; i++) {
            many[i] = "line " + i;
        }
        put("service/web/web-1", now.minusSeconds(20), many);
        dev.rackside.services.testing.CollectingSink sink = new dev.rackside.services.testing.CollectingSink();
        var scheduler = LogPump.scheduler();
        CloudWatchLogSource source = new CloudWatchLogSource(() -> cw, "prod", query(true), now.minusSeconds(600),
                scheduler, l -> false, 10);
        try (LogSession s = new LogPump(List.of(source), query(true), sink, () -> { }, scheduler).start()) {
            sink.await(l -> l.size() == 25, "all three pages of 10");
            cw.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("service/web/web-1").logEvents(
                    InputLogEvent.builder().timestamp(now.toEpochMilli()).message("new one").build()));
            sink.await(l -> l.size() == 26, "a new event arrives at the next poll");
            Thread.sleep(CloudWatchLogSource.POLL.toMillis() * 2 + 500); // two more polls look back over them all
        }
        assertEquals(26, sink.lines.size(), "every poll looks back 30 s; nothing is delivered twice");
        assertEquals("new one", sink.lines.get(25).text());
    }

    @Test
    void linesALivePodStreamShowsAreNotRepeated() throws Exception {
        cw.createLogGroup(b -> b.logGroupName(GROUP));
        put("service/web/web-1", now.minusSeconds(30), "live pod line");
        put("service/web/web-gone", now.minusSeconds(30), "gone pod line");
        dev.rackside.services.testing.CollectingSink sink = new dev.rackside.services.testing.CollectingSink();
        var scheduler = LogPump.scheduler();
        CloudWatchLogSource source = new CloudWatchLogSource(() -> cw, "prod", query(false), now.minusSeconds(600),
                scheduler, l -> l.source().endsWith("/web-1"), null);
        try (LogSession s = new LogPump(List.of(source), query(false), sink, () -> { }, scheduler).start()) {
            assertTrue(sink.ended.await(20, TimeUnit.SECONDS));
        }
        assertEquals(List.of("gone pod line"), sink.lines.stream().map(LogLine::text).toList());
    }

    @Test
    void aMissingLogGroupIsSaidPlainly() throws Exception {
        dev.rackside.services.testing.CollectingSink sink = new dev.rackside.services.testing.CollectingSink();
        try (LogSession s = new RackLogs(new Environment(MOTO.env(), home), aws, Clock.systemUTC())
                .open(rack, query(false), sink)) {
            assertTrue(sink.ended.await(20, TimeUnit.SECONDS));
            assertEquals(List.of("cloudwatch: log group /convox/prod/api not found"), s.status().problems());
        }
    }

    @Test
    void govCloudUsesTheFipsEndpointUnlessToldOtherwise() {
        Rack gov = new Rack("gov", "gov", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("us-gov-west-1"), List.of(), Tier.PRODUCTION, false, Optional.empty(), RackStatus.RUNNING,
                Optional.empty(), List.of());
        assertTrue(new AwsClients(java.util.Map.of()).fips(gov));
        assertTrue(!new AwsClients(java.util.Map.of("AWS_USE_FIPS_ENDPOINT", "false")).fips(gov));
        assertTrue(!new AwsClients(java.util.Map.of()).fips(rack));
        // What the SDK then resolves for CloudWatch Logs (platform-notes C): GovCloud's standard host is FIPS.
        var resolved = software.amazon.awssdk.services.cloudwatchlogs.endpoints.CloudWatchLogsEndpointProvider
                .defaultProvider().resolveEndpoint(b -> b.region(software.amazon.awssdk.regions.Region.US_GOV_WEST_1)
                        .useFips(new AwsClients(java.util.Map.of()).fips(gov))).join().url();
        assertEquals("https://logs.us-gov-west-1.amazonaws.com", resolved.toString());
    }

    @Test
    void theJournalLearnsWhoTheAwsCredentialsAreOnlyWhenSomeAreConfigured() {
        assertTrue(aws.callerArn(rack).orElseThrow().matches("arn:aws:sts::\\d{12}:user/.+"),
                aws.callerArn(rack).toString());
        try (AwsClients none = new AwsClients(java.util.Map.of("AWS_ENDPOINT_URL", MOTO.endpoint()))) {
            assertEquals(Optional.empty(), none.callerArn(rack), "no credentials configured: not even asked");
        }
    }
}
