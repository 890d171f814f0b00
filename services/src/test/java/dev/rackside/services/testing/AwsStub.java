package dev.rackside.services.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The stub for what moto lacks (compliance-catalog.md section 6), and the tests' loopback guard. A JDK
 * HttpServer on 127.0.0.1 answers the operations a test (or the defaults) registered with wire-format
 * fixtures; an SDK interceptor sends exactly those operations there and everything else to moto. The guard
 * records any request to a host outside 127.0.0.0/8 and fails the test after it ran, even when the code
 * under test swallowed the error.
 *
 * <p>Defaults, each a gap of moto 5.2.1: EKS ListAddons/DescribeAddon (no add-ons), EC2
 * GetEbsDefaultKmsKeyId ({@code alias/aws/ebs}), S3 Control GetPublicAccessBlock (not set: its
 * {@code <account>.} host prefix cannot reach moto), Tagging GetResources (HTTP 500 in GovCloud).
 */
public final class AwsStub implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    /** A canned answer. */
    public record Answer(int status, String contentType, String body, Map<String, String> headers) {
    }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final Map<String, java.util.Deque<Answer>> sequences = new ConcurrentHashMap<>();
    private final List<String> leaks = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String op = exchange.getRequestHeaders().getFirst("x-rackside-stub");
            requests.add(op);
            bodies.add(op + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            java.util.Deque<Answer> seq = op == null ? null : sequences.get(op);
            Answer a = seq != null && !seq.isEmpty() ? (seq.size() > 1 ? seq.poll() : seq.peek())
                    : op == null ? null : answers.get(op);
            if (a == null) {
                a = new Answer(500, "text/plain", "no stub answer for " + op, Map.of());
            }
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", a.contentType());
            exchange.getResponseHeaders().add("x-amzn-RequestId", "stub-request");
            a.headers().forEach(exchange.getResponseHeaders()::add);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(a.status(), head || body.length == 0 ? -1 : body.length);
            if (!head && body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        answers.clear();
        sequences.clear();
        requests.clear();
        bodies.clear();
        leaks.clear();
        answer("eks", "ListAddons", 200, "{\"addons\":[]}");
        error("eks", "DescribeAddon", 404, "ResourceNotFoundException", "No addon: vpc-cni found in cluster");
        answerFile("ec2", "GetEbsDefaultKmsKeyId", 200, "fixtures/key-ebs-encryption/default-key-aws-managed.xml",
                software.amazon.awssdk.services.ec2.model.GetEbsDefaultKmsKeyIdResponse.class);
        error("s3control", "GetPublicAccessBlock", 404, "NoSuchPublicAccessBlockConfiguration",
                "The public access block configuration was not found");
        answer("tagging", "GetResources", 200, "{\"ResourceTagMappingList\":[],\"PaginationToken\":\"\"}");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!leaks.isEmpty()) {
            throw new AssertionError("requests left 127.0.0.0/8: " + leaks);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Answers {@code service:operation} with a JSON or XML body (told apart by its first character). */
    public void answer(String service, String operation, int status, String body) {
        String type = body.startsWith("<") ? "text/xml" : "application/x-amz-json-1.1";
        answers.put(key(service, operation), new Answer(status, type, body, Map.of()));
    }

    /** Answers from a fixture file on the test classpath, after checking its keys against the SDK's shape. */
    public void answerFile(String service, String operation, int status, String resource, Class<?> responseClass) {
        answerFile(service, operation, status, resource, responseClass, Map.of());
    }

    /** The same, with placeholders in the fixture (times relative to now, ids moto made up) filled in. */
    public void answerFile(String service, String operation, int status, String resource, Class<?> responseClass,
            Map<String, String> values) {
        String body = fixture(resource);
        for (Map.Entry<String, String> v : values.entrySet()) {
            body = body.replace(v.getKey(), v.getValue());
        }
        WireShape.check(resource, body, responseClass);
        answer(service, operation, status, body);
    }

    /** Answers with the service's error wire format: JSON, REST-JSON (EKS, Backup), EC2, S3, AWS query (RDS, STS). */
    public void error(String service, String operation, int status, String code, String message) {
        String body;
        Map<String, String> headers = Map.of();
        String type;
        switch (service) {
            case "ec2" -> {
                type = "text/xml";
                body = "<Response><Errors><Error><Code>" + code + "</Code><Message>" + message
                        + "</Message></Error></Errors><RequestID>stub</RequestID></Response>";
            }
            case "s3control" -> {
                type = "application/xml";
                body = "<ErrorResponse><Error><Code>" + code + "</Code><Message>" + message
                        + "</Message></Error><RequestId>stub</RequestId></ErrorResponse>";
            }
            case "s3" -> {
                type = "application/xml";
                body = "<Error><Code>" + code + "</Code><Message>" + message + "</Message></Error>";
            }
            case "rds", "sts" -> {
                type = "text/xml";
                body = "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message
                        + "</Message></Error><RequestId>stub</RequestId></ErrorResponse>";
            }
            case "eks", "backup" -> {
                type = "application/json";
                headers = Map.of("x-amzn-ErrorType", code);
                body = "{\"message\":\"" + message + "\"}";
            }
            default -> {
                type = "application/x-amz-json-1.1";
                body = "{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}";
            }
        }
        answers.put(key(service, operation), new Answer(status, type, body, headers));
    }

    /**
     * Answers {@code service:operation} with each of {@code answers} in turn, the last one from then on (pages, or
     * a throttled answer before the real one).
     */
    public void answerSequence(String service, String operation, List<Answer> answers) {
        sequences.put(key(service, operation), new java.util.concurrent.ConcurrentLinkedDeque<>(answers));
        this.answers.put(key(service, operation), answers.get(answers.size() - 1));
    }

    /** A JSON-protocol answer from a fixture file, its keys checked against the SDK's shape. */
    public Answer jsonFile(String resource, Class<?> responseClass, Map<String, String> values) {
        String body = fixture(resource);
        for (Map.Entry<String, String> v : values.entrySet()) {
            body = body.replace(v.getKey(), v.getValue());
        }
        WireShape.check(resource, body, responseClass);
        return new Answer(200, "application/x-amz-json-1.1", body, Map.of());
    }

    /** A JSON-protocol error answer ({@code __type}), as CloudTrail, KMS and Secrets Manager send them. */
    public static Answer jsonError(int status, String code, String message) {
        return new Answer(status, "application/x-amz-json-1.1", "{\"__type\":\"" + code + "\",\"message\":\""
                + message + "\"}", Map.of());
    }

    /** Stops answering {@code service:operation}: it goes to moto again (an outage that ends). */
    public void forget(String service, String operation) {
        answers.remove(key(service, operation));
        sequences.remove(key(service, operation));
    }

    /** Each stubbed request as "service:Operation body", in order. */
    public List<String> bodies() {
        return List.copyOf(bodies);
    }

    /** Requests the guard refused (hosts outside 127.0.0.0/8), for a test of the guard itself. */
    public List<String> leaks() {
        return List.copyOf(leaks);
    }

    /** Forgets refused requests: only a test of the guard itself, after asserting them. */
    public void forgiveLeaks() {
        leaks.clear();
    }

    /** The stubbed operations that were asked, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public static String fixture(String resource) {
        try (InputStream in = AwsStub.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The interceptors to give every AWS client under test: stub routing, then the loopback guard. */
    public List<ExecutionInterceptor> interceptors() {
        return List.of(new Router(), new Guard());
    }

    static String key(String service, String operation) {
        return service.toLowerCase(Locale.ROOT).replace(" ", "") + ":" + operation;
    }

    private final class Router implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attrs) {
            String service = attrs.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
            String op = attrs.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            String key = key(service == null ? "" : service, op == null ? "" : op);
            if (!answers.containsKey(key)) {
                return context.httpRequest();
            }
            return context.httpRequest().toBuilder().protocol("http").host("127.0.0.1")
                    .port(server.getAddress().getPort()).putHeader("x-rackside-stub", key).build();
        }
    }

    private final class Guard implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attrs) {
            String host = context.httpRequest().host();
            if (!loopback(host)) {
                leaks.add(host + " (" + attrs.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + ")");
                throw new IllegalStateException("test request to " + host + " refused: only 127.0.0.0/8");
            }
        }
    }

    static boolean loopback(String host) {
        return host.matches("127(\\.\\d{1,3}){3}");
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }
}
