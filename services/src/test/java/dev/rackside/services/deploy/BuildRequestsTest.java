package dev.rackside.services.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.api.BuildProgress;
import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.api.Services;
import dev.rackside.services.audit.FileJournal;
import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.kube.ConvoxObjects;
import dev.rackside.services.model.JournalRecord;
import dev.rackside.services.model.Rack;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.session.SessionBuilder;
import dev.rackside.services.testing.MockApi;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rackside build} against a recording rack API: the requests are those of the Convox 3.24.9 CLI
 * (pkg/cli/builds.go build; sdk/methods.go ObjectStore, BuildCreate, BuildLogs, BuildGet; stdsdk's form
 * encoding): the tarball as the body of {@code POST /apps/{app}/objects/tmp/<30 hex>.tgz}, then
 * {@code POST /apps/{app}/builds} with {@code url=object://...} and the options, the log socket, the status
 * polled until the build ends. A multi-megabyte source, a dropped upload and a failed build are told as they are.
 */
class BuildRequestsTest {
    @TempDir
    Path home;

    private static MockApi kube;

    @BeforeAll
    static void kube() {
        kube = new MockApi();
        ConvoxObjects o = new ConvoxObjects(kube.client());
        o.rack("shop-rack", "3.24.9", "us-east-1", "shop.example.org");
        o.app("shop-rack", "shop", "Running", "RCUR", false, null);
    }

    @AfterAll
    static void closeKube() {
        kube.close();
    }

    /** One request as the rack saw it. */
    record Seen(String method, String path, Map<String, String> headers, byte[] body) {
        String line() {
            return method + " " + path;
        }
    }

    /** A rack API whose builds end {@code finalStatus}, their log the lines given. */
    private static final class RecordingRack implements AutoCloseable {
        final MockWebServer server = new MockWebServer();
        final List<Seen> seen = new CopyOnWriteArrayList<>();
        final AtomicInteger gets = new AtomicInteger();

        RecordingRack(String finalStatus, List<String> log) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest r) {
                    Map<String, String> h = new java.util.TreeMap<>();
                    r.getHeaders().toMultimap().forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT),
                            String.join(",", v)));
                    seen.add(new Seen(r.getMethod(), r.getPath(), h, r.getBody() == null ? new byte[0]
                            : r.getBody().getBytes()));
                    String path = r.getPath();
                    if (path.startsWith("/apps/shop/objects/")) {
                        return json("{\"Url\":\"object://shop/" + path.substring("/apps/shop/objects/".length())
                                + "\"}");
                    }
                    if (path.equals("/apps/shop/builds") && r.getMethod().equals("POST")) {
                        return json(build("created", ""));
                    }
                    if (path.equals("/apps/shop/builds/BQWERTYUIOP/logs")) {
                        return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
                            @Override
                            public void onOpen(WebSocket ws, io.fabric8.mockwebserver.http.Response res) {
                                Thread t = new Thread(() -> {
                                    for (String l : log) {
                                        ws.send(l + "\n");
                                    }
                                    ws.send(new byte[0]);
                                    ws.close(1000, "");
                                });
                                t.setDaemon(true);
                                t.start();
                            }
                        });
                    }
                    if (path.equals("/apps/shop/builds/BQWERTYUIOP")) {
                        return json(gets.getAndIncrement() == 0 ? build("running", "")
                                : build(finalStatus, finalStatus.equals("complete") ? "RNEWRELEASE" : ""));
                    }
                    return new MockResponse().setResponseCode(404).setBody("not found\n");
                }
            });
            server.start(InetAddress.getLoopbackAddress(), 0);
        }

        /** structs.Build as the rack marshals it. */
        static String build(String status, String release) {
            return "{\"id\":\"BQWERTYUIOP\",\"app\":\"shop\",\"description\":\"\",\"entrypoint\":\"\",\"git-sha\":\"\","
                    + "\"logs\":\"\",\"manifest\":\"\",\"process\":\"build-abcde\",\"release\":\"" + release + "\","
                    + "\"reason\":\"\",\"repository\":\"\",\"status\":\"" + status + "\","
                    + "\"started\":\"2026-12-02T10:00:00Z\",\"ended\":\"0001-01-01T00:00:00Z\"}";
        }

        static MockResponse json(String body) {
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                    .setBody(body + "\n");
        }

        String url() {
            return "http://convox:pw@127.0.0.1:" + server.getPort();
        }

        @Override
        public void close() {
            server.shutdown();
        }
    }

    /** What the operator's screen would get. */
    private static final class Seeing implements BuildProgress {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<String> log = new CopyOnWriteArrayList<>();
        final List<Long> sent = new CopyOnWriteArrayList<>();

        @Override
        public void line(String text) {
            lines.add(text);
        }

        @Override
        public void log(String text) {
            log.add(text);
        }

        @Override
        public void uploaded(long bytes, long total) {
            sent.add(bytes);
        }
    }

    private Services services(String apiUrl, boolean readOnly) throws IOException {
        Path racks = home.resolve("racks.yaml");
        Files.writeString(racks, String.join("\n", "racks:", "  - name: shop-rack", "    context: ops",
                "    kubeconfig: " + kube.writeKubeconfig(home, "ops"), "    api: " + apiUrl, ""));
        Environment env = new Environment(Map.of("RACKSIDE_RACKS_FILE", racks.toString(), "KUBECONFIG",
                home.resolve("none").toString(), "CONVOX_CONFIG", home.resolve("convox").toString()), home);
        return SessionBuilder.of(env).io(pool).journal(new FileJournal(home.resolve("journal.jsonl")))
                .aws(new AwsClients(Map.of())).version("9.9.9").readOnly(readOnly).build();
    }

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    /** A git checkout with a convox.yml, a Dockerfile, an ignored log directory, and {@code extra} bytes. */
    private Path source(int extraBytes) throws Exception {
        Path dir = Files.createDirectories(home.resolve("src"));
        Files.writeString(dir.resolve("convox.prod.yml"), "services:\n  web:\n    build: .\n    port: 3000\n");
        Files.writeString(dir.resolve("Dockerfile"), "FROM alpine\nRUN false\n");
        Files.createDirectories(dir.resolve("log"));
        Files.writeString(dir.resolve("log/app.log"), "not shipped");
        Files.writeString(dir.resolve(".dockerignore"), "log\n");
        if (extraBytes > 0) {
            byte[] noise = new byte[extraBytes];
            new java.util.Random(7).nextBytes(noise);
            Files.write(dir.resolve("assets.bin"), noise);
        }
        git(dir, "init", "-q");
        git(dir, "add", ".");
        git(dir, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "first");
        return dir;
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.strip();
    }

    private static List<String> names(byte[] tgz) throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tgz));
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                out.add(e.getName());
            }
        }
        return out;
    }

    @Test
    void theRequestsAreTheConvoxClisAndTheLogReachesTheOperator() throws Exception {
        Path src = source(3 * 1024 * 1024);
        String sha = git(src, "rev-parse", "HEAD");
        try (RecordingRack api = new RecordingRack("complete", List.of("Building: .", "Step 1/2 : FROM alpine",
                " ---> 1a2b3c", "Step 2/2 : CMD x", "Successfully built 4d5e6f"));
                Services s = services(api.url(), false)) {
            Rack rack = s.racks().resolve(Optional.of("shop-rack"));
            Seeing seeing = new Seeing();
            Operations.Built b = s.operations().build(rack, "shop", new Operations.Source(src,
                    Optional.of("convox.prod.yml"), Optional.of("hotfix: refunds"), true, List.of("A=1", "B=2"),
                    seeing));
            assertTrue(b.outcome().ok(), b.outcome().message());
            assertEquals("Build:   BQWERTYUIOP\nRelease: RNEWRELEASE", b.outcome().message());
            assertEquals(Optional.of("BQWERTYUIOP"), b.build());
            assertEquals(Optional.of("RNEWRELEASE"), b.release());

            List<Seen> seen = api.seen;
            assertEquals("POST", seen.get(0).method());
            assertTrue(seen.get(0).path().matches("/apps/shop/objects/tmp/[0-9a-f]{30}\\.tgz"), seen.get(0).path());
            Seen upload = seen.get(0);
            assertEquals("application/octet-stream", upload.headers().get("content-type"));
            assertEquals(String.valueOf(upload.body().length), upload.headers().get("content-length"));
            assertTrue(upload.body().length > 3 * 1024 * 1024, "a multi-megabyte source arrives whole");
            assertEquals(List.of(".dockerignore", ".git/"), names(upload.body()).subList(0, 2));
            assertFalse(names(upload.body()).stream().anyMatch(n -> n.startsWith("log")), ".dockerignore honoured");
            assertTrue(names(upload.body()).contains("assets.bin"));
            assertEquals("convox:pw", new String(java.util.Base64.getDecoder().decode(upload.headers()
                    .get("authorization").substring(6)), StandardCharsets.UTF_8));

            Seen create = seen.get(1);
            assertEquals("POST /apps/shop/builds", create.line());
            String key = upload.path().substring("/apps/shop/objects/".length());
            assertEquals("build-args=A%3D1%2CB%3D2&description=hotfix%3A+refunds&git-sha=" + sha
                    + "&manifest=convox.prod.yml&no-cache=true&url=object%3A%2F%2Fshop%2F" + key.replace("/", "%2F"),
                    new String(create.body(), StandardCharsets.UTF_8), "url.Values.Encode: sorted, query-escaped");
            assertEquals("application/x-www-form-urlencoded", create.headers().get("content-type"));
            assertEquals("GET /apps/shop/builds/BQWERTYUIOP/logs", seen.get(2).line());
            assertEquals("websocket", seen.get(2).headers().get("upgrade"));
            assertTrue(seen.stream().skip(3).allMatch(r -> r.line().equals("GET /apps/shop/builds/BQWERTYUIOP")
                    || r.line().equals("GET /apps/shop/builds/BQWERTYUIOP/logs")), seen.toString());

            assertEquals(List.of("Building: .", "Step 1/2 : FROM alpine", " ---> 1a2b3c", "Step 2/2 : CMD x",
                    "Successfully built 4d5e6f"), seeing.log, "the log once, in order, though read twice");
            assertTrue(seeing.sent.size() >= 2 && seeing.sent.get(seeing.sent.size() - 1) == upload.body().length,
                    "the upload's progress reaches its size: " + seeing.sent);
            assertTrue(seeing.lines.get(0).startsWith("Packaging source... OK ("), seeing.lines.toString());

            var journal = new FileJournal(home.resolve("journal.jsonl")).entries();
            JournalRecord intent = journal.get(journal.size() - 2).record();
            JournalRecord outcome = journal.get(journal.size() - 1).record();
            assertEquals("build", intent.action());
            assertEquals(sha, intent.params().get("git-sha"));
            assertTrue(intent.params().get("tree").startsWith("sha256:"));
            assertEquals("BQWERTYUIOP", outcome.params().get("build"));
            assertEquals("RNEWRELEASE", outcome.params().get("release"));
            assertEquals(Optional.of("ok"), outcome.result());
        }
    }

    @Test
    void theBuildsLogIsALogSessionThatEndsWithTheBuild() throws Exception {
        try (RecordingRack api = new RecordingRack("complete", List.of("Building: .", "Step 1/1 : FROM alpine",
                "\u001b]0;title\u0007done"));
                Services s = services(api.url(), false)) {
            List<dev.rackside.services.model.LogLine> got = new CopyOnWriteArrayList<>();
            java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
            try (var session = s.logs().open(s.racks().resolve(Optional.of("shop-rack")),
                    dev.rackside.services.api.LogQuery.ofBuild("shop", "BQWERTYUIOP"),
                    new dev.rackside.services.api.LogSink() {
                        @Override
                        public void accept(List<dev.rackside.services.model.LogLine> lines) {
                            got.addAll(lines);
                        }

                        @Override
                        public void ended() {
                            ended.countDown();
                        }
                    })) {
                assertTrue(ended.await(20, java.util.concurrent.TimeUnit.SECONDS), "the session ends with the build");
                assertEquals(List.of("Building: .", "Step 1/1 : FROM alpine", "\u001b]0;title\u0007done"),
                        got.stream().map(dev.rackside.services.model.LogLine::text).toList(),
                        "the lines as sent; the terminal boundary makes them visible");
                assertTrue(got.stream().allMatch(l -> l.source().equals("build/BQWERTYUIOP")
                        && l.origin() == dev.rackside.services.model.LogLine.Origin.BUILD));
                assertEquals("GET /apps/shop/builds/BQWERTYUIOP/logs", api.seen.get(0).line());
            }
        }
    }

    @Test
    void aFailedBuildIsAFailureNamingItsStep() throws Exception {
        Path src = source(0);
        try (RecordingRack api = new RecordingRack("failed", List.of("Building: .", "Step 1/2 : FROM alpine",
                "Step 2/2 : RUN false", "The command '/bin/sh -c false' returned a non-zero code: 1",
                "ERROR: exit status 1"));
                Services s = services(api.url(), false)) {
            Operations.Built b = s.operations().build(s.racks().resolve(Optional.of("shop-rack")), "shop",
                    new Operations.Source(src, Optional.empty(), Optional.empty(), false, List.of(), new Seeing()));
            assertEquals(Outcome.Kind.FAILED, b.outcome().kind());
            assertEquals("build BQWERTYUIOP failed at Step 2/2 : RUN false (ERROR: exit status 1)",
                    b.outcome().message());
            assertEquals(Optional.of("BQWERTYUIOP"), b.build());
            assertEquals(Optional.empty(), b.release());
            String form = new String(api.seen.get(1).body(), StandardCharsets.UTF_8);
            assertTrue(form.startsWith("description=build+"), "the description from git, as the CLI makes it: "
                    + form);
            assertFalse(form.contains("no-cache") || form.contains("manifest") || form.contains("build-args"),
                    "options not given are not sent: " + form);
        }
    }

    @Test
    void aDroppedUploadStartsNoBuildAndSaysHowFarItGot() throws Exception {
        Path src = source(2 * 1024 * 1024);
        List<String> requests = new CopyOnWriteArrayList<>();
        try (ServerSocket raw = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (!raw.isClosed()) {
                    try (Socket c = raw.accept()) {
                        InputStream in = c.getInputStream();
                        byte[] head = in.readNBytes(256 * 1024);
                        requests.add(new String(head, 0, Math.min(head.length, 80), StandardCharsets.ISO_8859_1)
                                .lines().findFirst().orElse(""));
                        c.setSoLinger(true, 0); // a reset, as a proxy that gave up sends one
                    } catch (IOException e) {
                        // closed
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            try (Services s = services("http://convox:pw@127.0.0.1:" + raw.getLocalPort(), false)) {
                Operations.Built b = s.operations().build(s.racks().resolve(Optional.of("shop-rack")), "shop",
                        new Operations.Source(src, Optional.empty(), Optional.empty(), false, List.of(), new Seeing()));
                assertFalse(b.outcome().ok());
                assertTrue(b.outcome().message().contains("upload to the rack API failed after"),
                        b.outcome().message());
                assertEquals(Optional.empty(), b.build());
            }
        }
        assertTrue(requests.stream().allMatch(r -> r.startsWith("POST /apps/shop/objects/tmp/")), requests.toString());
        assertFalse(requests.isEmpty());
    }

    @Test
    void aReadOnlySessionPacksNothingAndSendsNothing() throws Exception {
        Path src = source(0);
        try (RecordingRack api = new RecordingRack("complete", List.of());
                Services s = services(api.url(), true)) {
            Seeing seeing = new Seeing();
            Operations.Built b = s.operations().deploy(s.racks().resolve(Optional.of("shop-rack")), "shop",
                    new Operations.Source(src, Optional.empty(), Optional.empty(), false, List.of(), seeing),
                    Operations.Deploy.of(seeing));
            assertEquals(Outcome.Kind.REFUSED, b.outcome().kind());
            assertEquals("deploy refused: this session is read-only (--read-only); nothing was changed",
                    b.outcome().message());
            assertTrue(api.seen.isEmpty());
            assertTrue(seeing.lines.isEmpty());
        }
    }
}
