package dev.rackside.services.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.api.Services;
import dev.rackside.services.audit.FileJournal;
import dev.rackside.services.audit.RemoteJournal;
import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.kube.ConvoxObjects;
import dev.rackside.services.model.Rack;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.session.SessionBuilder;
import dev.rackside.services.testing.AwsStub;
import dev.rackside.services.testing.FakeRackApi;
import dev.rackside.services.testing.MockApi;
import dev.rackside.services.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/**
 * A change on a rack with {@code journal: {cloudwatch: GROUP}}: its journal records are in the rack's CloudWatch
 * Logs (moto) once the change has answered, and {@code audit verify --remote}'s check finds the copy whole.
 */
class JournalCopyTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();
    @RegisterExtension
    static final AwsStub STUB = new AwsStub();
    private static MockApi kube;

    @TempDir
    Path home;

    @BeforeAll
    static void kube() {
        kube = new MockApi();
        ConvoxObjects o = new ConvoxObjects(kube.client());
        o.rack("shop-rack", "3.24.9", "us-gov-west-1", "shop.example.org");
        String ns = o.app("shop-rack", "shop", "Running", "RCUR", false, null);
        o.deployment(ns, "shop-rack", "shop", "web", 2, 3000, "256m", "512Mi", "RCUR");
    }

    @AfterAll
    static void closeKube() {
        kube.close();
    }

    @Test
    void everyChangeIsInTheRacksCloudWatchWhenItAnswers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (FakeRackApi api = new FakeRackApi(); AwsClients aws = new AwsClients(MOTO.env(), STUB.interceptors())) {
            api.on("PUT /apps/shop/services/web", FakeRackApi.Answer.ok());
            Path racks = home.resolve("racks.yaml");
            Files.writeString(racks, String.join("\n", "racks:",
                    "  - name: shop-rack",
                    "    context: ops",
                    "    kubeconfig: " + kube.writeKubeconfig(home, "ops"),
                    "    api: " + api.url().replace("http://", "http://convox:pw@"),
                    "    region: us-gov-west-1",
                    "    journal: {cloudwatch: /rackside/journal}",
                    "  - name: other",
                    "    context: ops",
                    "    kubeconfig: " + kube.writeKubeconfig(home, "ops"),
                    ""));
            Environment env = new Environment(Map.of("RACKSIDE_RACKS_FILE", racks.toString(), "KUBECONFIG",
                    home.resolve("none").toString(), "CONVOX_CONFIG", home.resolve("convox").toString()), home);
            Path journal = home.resolve("journal.jsonl");
            try (Services s = SessionBuilder.of(env).io(pool).journal(new FileJournal(journal)).aws(aws)
                    .version("9.9.9").build()) {
                Rack rack = s.racks().resolve(Optional.of("shop-rack"));
                aws.logs(rack, Region.US_GOV_WEST_1).createLogGroup(c -> c.logGroupName("/rackside/journal"));
                Outcome o = s.operations().scale(rack, "shop", "web", Operations.Scale.count(3));
                assertTrue(o.ok(), o.message());
                List<String> remote = aws.logs(rack, Region.US_GOV_WEST_1).getLogEvents(g -> g
                        .logGroupName("/rackside/journal").logStreamName(new RemoteJournal(journal, RemoteJournal
                                .localHost()).stream()).startFromHead(true)).events().stream()
                        .map(OutputLogEvent::message).toList();
                assertEquals(Files.readAllLines(journal), remote, "the intent and the outcome, as stored");

                Operations.JournalCopy copy = s.operations().journalCopy(rack);
                assertTrue(copy.intact(), copy.problems().toString());
                assertEquals(2, copy.remote());
                assertEquals(0, copy.sent(), "already there: nothing sent twice");
                IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                        () -> s.operations().journalCopy(s.racks().resolve(Optional.of("other"))));
                assertTrue(none.getMessage().contains("has no remote journal"), none.getMessage());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
