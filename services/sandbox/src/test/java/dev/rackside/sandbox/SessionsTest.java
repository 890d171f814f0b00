package dev.rackside.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.api.Services;
import dev.rackside.services.api.Terminal;
import dev.rackside.services.audit.FileJournal;
import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.model.Rack;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.session.SessionBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * exec and run on the sandbox, through rackside's operations: by the rack API's exec socket and ProcessRun on
 * the full sandbox, and by Kubernetes' pods/exec on a bare one; the command's output and exit code come back,
 * a one-off is stopped at the end, read-only refuses, the journal names the command.
 */
class SessionsTest {
    @TempDir
    static Path home;

    private static SandboxServer full;
    private static SandboxServer bare;
    private static Services api;
    private static Services kube;
    private static Services readOnly;
    private static ExecutorService pool;

    @BeforeAll
    static void start() throws Exception {
        pool = Executors.newFixedThreadPool(4);
        full = SandboxServer.start(21, Duration.ofMillis(200));
        bare = SandboxServer.start(22, Duration.ofMillis(200), new SandboxServer.Options(true, false));
        api = session(full, "full", false);
        kube = session(bare, "bare", false);
        readOnly = session(full, "ro", true);
        awaitReady(full, "sandbox-system", "api");
        awaitReady(full, "sandbox-backoffice", "web");
        awaitReady(bare, "sandbox-backoffice", "web");
    }

    private static Services session(SandboxServer s, String name, boolean ro) throws Exception {
        Path dir = Files.createDirectories(home.resolve(name));
        Path kubeconfig = s.writeKubeconfig(dir.resolve("sandbox.kubeconfig"));
        Environment env = new Environment(Map.of(), dir).onlyKubeconfig(kubeconfig);
        return SessionBuilder.of(env).io(pool).journal(new FileJournal(dir.resolve("journal.jsonl")))
                .aws(new AwsClients(Map.of())).readOnly(ro).build();
    }

    private static void awaitReady(SandboxServer s, String ns, String service) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until && s.client().pods().inNamespace(ns).withLabel("service", service).list()
                .getItems().stream().noneMatch(PodSimulator::ready)) {
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() {
        api.close();
        kube.close();
        readOnly.close();
        full.close();
        bare.close();
        pool.shutdownNow();
    }

    /** A terminal that is not one: typed bytes from a string, output collected. */
    record Piped(InputStream input, ByteArrayOutputStream bytes) implements Terminal {
        static Piped of(String typed) {
            return new Piped(new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream());
        }

        @Override
        public OutputStream output() {
            return bytes;
        }

        @Override
        public boolean tty() {
            return false;
        }

        @Override
        public Size size() {
            return Size.DEFAULT;
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private static Rack rack(Services s) {
        return s.racks().resolve(Optional.of("sandbox"));
    }

    private static String webPod(SandboxServer s) {
        return s.client().pods().inNamespace("sandbox-backoffice").withLabel("service", "web").list().getItems()
                .stream().filter(PodSimulator::ready).findFirst().orElseThrow().getMetadata().getName();
    }

    @Test
    void execThroughTheRackApiReturnsTheOutputAndTheExitCode() {
        Piped t = Piped.of("");
        Operations.Session s = api.operations().exec(rack(api), "backoffice", webPod(full),
                Optional.of("echo hello from $SERVICE"), t);
        assertTrue(s.outcome().ok(), s.outcome().message());
        assertEquals(Optional.of("rack API (kubernetes tunnel)"), s.outcome().path());
        assertEquals("hello from web\n", t.text());
        assertEquals(OptionalInt.of(0), s.exitCode());
    }

    @Test
    void theDefaultShellTakesWhatIsTypedUntilExit() {
        Piped t = Piped.of("echo first\nls\nexit 3\n");
        Operations.Session s = api.operations().exec(rack(api), "backoffice", "web", Optional.empty(), t);
        assertTrue(s.outcome().ok(), s.outcome().message());
        assertTrue(t.text().contains("first\n"), t.text());
        assertTrue(t.text().contains("Gemfile  Procfile"), t.text());
        assertEquals(OptionalInt.of(3), s.exitCode(), "the shell's exit code passes through");
    }

    @Test
    void execThroughKubernetesOnABareCluster() {
        Piped t = Piped.of("");
        Operations.Session s = kube.operations().exec(rack(kube), "backoffice", webPod(bare),
                Optional.of("sh -c 'exit 7'"), t);
        assertTrue(s.outcome().ok(), s.outcome().message());
        assertEquals(Optional.of("kubernetes"), s.outcome().path());
        assertEquals(OptionalInt.of(7), s.exitCode());
        Piped echo = Piped.of("");
        Operations.Session e = kube.operations().exec(rack(kube), "backoffice", webPod(bare),
                Optional.of("echo via pods/exec"), echo);
        assertEquals("via pods/exec\n", echo.text());
        assertEquals(OptionalInt.of(0), e.exitCode());
    }

    @Test
    void runAttachedRunsInANewProcessThatIsStoppedAfter() throws Exception {
        for (Services s : new Services[] {api, kube}) {
            SandboxServer server = s == api ? full : bare;
            Piped t = Piped.of("");
            Operations.Session r = s.operations().run(rack(s), "backoffice", "web", "echo one-off", new Operations.Run(
                    Optional.empty(), false), t);
            assertTrue(r.outcome().ok(), r.outcome().message());
            assertEquals("one-off\n", t.text());
            assertEquals(OptionalInt.of(0), r.exitCode());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("run (\\S+) exited 0; the process was stopped")
                    .matcher(r.outcome().message());
            assertTrue(m.matches(), r.outcome().message());
            String pod = m.group(1);
            assertTrue(pod.startsWith("web-"), pod);
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < until && server.client().pods().inNamespace("sandbox-backoffice").withName(pod)
                    .get() != null) {
                Thread.sleep(50);
            }
            assertEquals(null, server.client().pods().inNamespace("sandbox-backoffice").withName(pod).get(),
                    "the one-off was stopped");
        }
    }

    @Test
    void runDetachedLeavesAProcessAndSaysItsId() {
        Operations.Session r = api.operations().run(rack(api), "backoffice", "worker", "bin/rails db:migrate",
                new Operations.Run(Optional.empty(), true), Piped.of(""));
        assertTrue(r.outcome().ok(), r.outcome().message());
        String id = r.outcome().message();
        var pod = full.client().pods().inNamespace("sandbox-backoffice").withName(id).get();
        assertEquals("process", pod.getMetadata().getLabels().get("type"), "labelled as Convox's one-offs are");
        assertEquals(java.util.List.of("bin/rails", "db:migrate"), pod.getSpec().getContainers().get(0).getArgs());
        assertTrue(full.apiRequests().stream().anyMatch(l -> l.contains("method=POST path=/apps/backoffice/"
                + "services/worker/processes")), full.apiRequests().toString());
    }

    @Test
    void readOnlyRefusesBeforeAnythingRuns() {
        Piped t = Piped.of("");
        Operations.Session s = readOnly.operations().exec(rack(readOnly), "backoffice", "web", Optional.of("echo x"), t);
        assertEquals(Outcome.Kind.REFUSED, s.outcome().kind());
        assertEquals("", t.text());
        assertEquals(OptionalInt.empty(), s.exitCode());
    }

    @Test
    void theJournalNamesWhoRanWhatWhereButNotTheSession() throws Exception {
        Piped t = Piped.of("");
        api.operations().exec(rack(api), "backoffice", "web", Optional.of("echo secret-output"), t);
        String journal = Files.readString(home.resolve("full/journal.jsonl"));
        assertTrue(journal.contains("\"action\":\"exec\""), journal);
        assertTrue(journal.contains("echo secret-output"), "the command is recorded");
        assertTrue(!journal.contains("secret-output\\n"), "the session's output is not");
    }
}
