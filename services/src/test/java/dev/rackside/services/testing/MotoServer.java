package dev.rackside.services.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that runs {@code moto_server} (installed on the build machines) on 127.0.0.1 at a
 * free port for a test class and resets it before each test ({@code POST /moto-api/reset}). Tests seed
 * state through the AWS SDK and point rackside at it with {@link #env()}: the standard endpoint and
 * credential settings, never a real AWS endpoint.
 */
public final class MotoServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private Process process;
    private int port;
    private Path log;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    /** Starts moto_server (what {@link #beforeAll} does; for harnesses outside JUnit). */
    public void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        log = Files.createTempFile("moto", ".log");
        ProcessBuilder pb = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // moto is botocore underneath: an AWS_PROFILE (even an empty one, as the build sets for tests) or real
        // credentials in its environment would change or break how it answers.
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        process = pb.start();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited: " + Files.readString(log));
            }
            try {
                reset();
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("moto_server did not answer on 127.0.0.1:" + port + " within 30 s");
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        reset();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    public void stop() throws Exception {
        if (process != null) {
            process.destroy();
            process.waitFor();
        }
        if (log != null) {
            Files.deleteIfExists(log);
        }
    }

    private void reset() throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(endpoint() + "/moto-api/reset").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setConnectTimeout(500);
        c.setReadTimeout(5000);
        int code = c.getResponseCode();
        c.disconnect();
        if (code != 200) {
            throw new IOException("moto reset answered " + code);
        }
    }

    /** What moto_server printed so far (its request log), for a failing test's message. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The environment that points rackside's AWS clients at this server. */
    public Map<String, String> env() {
        return Map.of("AWS_ENDPOINT_URL", endpoint(), "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY",
                "testing");
    }
}
