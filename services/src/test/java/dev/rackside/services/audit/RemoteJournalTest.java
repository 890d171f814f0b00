package dev.rackside.services.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.model.JournalRecord;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.RackStatus;
import dev.rackside.services.model.Tier;
import dev.rackside.services.testing.AwsStub;
import dev.rackside.services.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/**
 * The journal's copy in the rack's CloudWatch Logs (moto): every record about the rack, as stored, in order, once;
 * an outage in the middle loses nothing and duplicates nothing; a lost answer is not sent twice; an edited remote
 * line is found.
 */
class RemoteJournalTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    @RegisterExtension
    static final AwsStub STUB = new AwsStub();
    private static final String GROUP = "/rackside/journal";

    @TempDir
    Path dir;

    private static void change(FileJournal j, String id, String rack) throws Exception {
        JournalRecord intent = JournalRecord.intent(id, "oncall@prod-admin", rack, Optional.of("api"), "scale",
                Map.of("service", "web", "count", "3"));
        j.append(intent);
        j.append(intent.outcome(Optional.empty(), Optional.of("rack API (kubernetes tunnel)")));
    }

    private static List<String> remote(CloudWatchLogsClient logs, String stream) {
        return logs.getLogEvents(g -> g.logGroupName(GROUP).logStreamName(stream).startFromHead(true)).events()
                .stream().map(OutputLogEvent::message).toList();
    }

    @Test
    void everyRecordOnceInOrderThroughAnOutage() throws Exception {
        Rack rack = new Rack("prod", "prod", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("us-gov-west-1"), List.of("us-gov-west-1"), Tier.PRODUCTION, false, Optional.empty(),
                RackStatus.RUNNING, Optional.empty(), List.of());
        try (AwsClients aws = new AwsClients(MOTO.env(), STUB.interceptors())) {
            CloudWatchLogsClient logs = aws.logs(rack);
            logs.createLogGroup(c -> c.logGroupName(GROUP));
            FileJournal j = new FileJournal(dir.resolve("rackside/journal.jsonl"));
            change(j, "a1", "prod");
            change(j, "s1", "staging");
            change(j, "a2", "prod");
            RemoteJournal copy = new RemoteJournal(j.file(), "bastion-1.gov.example");

            RemoteJournal.Delivery first = copy.deliver("prod", logs, GROUP);
            assertEquals(new RemoteJournal.Delivery(4, 0, Optional.empty()), first);
            List<String> prodLines = Files.readAllLines(j.file()).stream().filter(l -> l.contains("\"rack\":\"prod\""))
                    .toList();
            assertEquals(prodLines, remote(logs, "bastion-1.gov.example"), "the lines as stored, the rack's only");
            assertEquals(0, copy.deliver("prod", logs, GROUP).sent(), "nothing twice");

            // An outage: CloudWatch answers 503 for a while; the records wait, and go in order when it is back.
            STUB.error("cloudwatchlogs", "PutLogEvents", 503, "ServiceUnavailableException", "Service unavailable");
            change(j, "a3", "prod");
            RemoteJournal.Delivery during = copy.deliver("prod", logs, GROUP);
            assertEquals(0, during.sent());
            assertEquals(2, during.waiting());
            assertTrue(during.problem().orElse("").contains("ServiceUnavailableException"), during.toString());
            change(j, "a4", "prod");
            STUB.forget("cloudwatchlogs", "PutLogEvents");
            assertEquals(4, copy.deliver("prod", logs, GROUP).sent());
            prodLines = Files.readAllLines(j.file()).stream().filter(l -> l.contains("\"rack\":\"prod\"")).toList();
            assertEquals(prodLines, remote(logs, "bastion-1.gov.example"), "nothing lost, nothing twice, in order");

            // The answer of a delivery lost (the cursor never written): the stream's own last line says where to go on.
            try (var s = Files.list(dir.resolve("rackside/journal-remote"))) {
                s.forEach(f -> f.toFile().delete());
            }
            assertEquals(0, copy.deliver("prod", logs, GROUP).sent());
            RemoteJournal.Verdict ok = copy.verify("prod", logs, GROUP);
            assertTrue(ok.intact(), ok.problems().toString());
            assertEquals(8, ok.remote());

            // Someone edits the remote copy: an event whose hash is ours but whose text is not.
            String forged = prodLines.get(1).replace("\"count\":\"3\"", "\"count\":\"1\"");
            logs.putLogEvents(p -> p.logGroupName(GROUP).logStreamName("bastion-1.gov.example").logEvents(e -> e
                    .message(forged).timestamp(System.currentTimeMillis())));
            RemoteJournal.Verdict bad = copy.verify("prod", logs, GROUP);
            assertFalse(bad.intact());
            assertTrue(bad.problems().stream().anyMatch(p -> p.contains("event 9 is not a line of the local journal "
                    + "(its hash is, its text differs: edited)")), bad.problems().toString());
        }
    }
}
