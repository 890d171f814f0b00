package dev.rackside.services.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A signed JSON call to an AWS service the Maven mirror serves no SDK v2 module for (Resource Groups
 * Tagging API, AWS Backup). It keeps the SDK's parts: the rack's credentials provider, SigV4 signing, the
 * standard retry strategy, url-connection-client, the same execution interceptors (so tests' loopback guard
 * and stub routing apply), and errors as {@link AwsServiceException} so callers classify them as for any
 * other client. Endpoints follow the partition's pattern, {@code <service>-fips} when FIPS is on.
 */
public final class SignedJsonClient implements SdkClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String signingName;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final URI endpoint;
    private final List<ExecutionInterceptor> interceptors;
    private final SdkHttpClient http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(15)).build();
    private final RetryStrategy retries = AwsRetryStrategy.standardRetryStrategy();

    SignedJsonClient(String signingName, Region region, AwsCredentialsProvider credentials, boolean fips,
            Optional<URI> endpointOverride, List<ExecutionInterceptor> interceptors) {
        this.signingName = signingName;
        this.region = region;
        this.credentials = credentials;
        this.interceptors = List.copyOf(interceptors);
        this.endpoint = endpointOverride.orElseGet(() -> URI.create("https://" + signingName + (fips ? "-fips" : "")
                + "." + region.id() + "." + region.metadata().partition().dnsSuffix()));
    }

    /** A JSON 1.1 call: POST / with {@code X-Amz-Target: <target>}. */
    public JsonNode post(String operation, String target, String body) {
        SdkHttpRequest request = SdkHttpRequest.builder().uri(endpoint).method(SdkHttpMethod.POST)
                .putHeader("Content-Type", "application/x-amz-json-1.1").putHeader("X-Amz-Target", target).build();
        return execute(operation, request, body);
    }

    /** A REST-JSON GET of {@code path} (already encoded), with query parameters. */
    public JsonNode get(String operation, String path, Map<String, String> query) {
        SdkHttpRequest.Builder b = SdkHttpRequest.builder().uri(endpoint).encodedPath(
                endpoint.getRawPath().replaceAll("/$", "") + path).method(SdkHttpMethod.GET);
        query.forEach(b::putRawQueryParameter);
        return execute(operation, b.build(), "");
    }

    private JsonNode execute(String operation, SdkHttpRequest unsigned, String body) {
        RetryToken token = retries.acquireInitialToken(AcquireInitialTokenRequest.create(signingName)).token();
        while (true) {
            try {
                JsonNode out = once(operation, unsigned, body);
                retries.recordSuccess(RecordSuccessRequest.create(token));
                return out;
            } catch (AwsServiceException | SdkClientException e) {
                RefreshRetryTokenResponse next;
                try {
                    next = retries.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(e)
                            .build());
                } catch (TokenAcquisitionFailedException notRetryable) {
                    throw e;
                }
                token = next.token();
                sleep(next.delay());
            }
        }
    }

    private JsonNode once(String operation, SdkHttpRequest unsigned, String body) {
        ExecutionAttributes attrs = new ExecutionAttributes();
        attrs.putAttribute(SdkExecutionAttribute.SERVICE_NAME, signingName);
        attrs.putAttribute(SdkExecutionAttribute.OPERATION_NAME, operation);
        SdkHttpRequest request = unsigned;
        for (ExecutionInterceptor i : interceptors) {
            request = i.modifyHttpRequest(new Http(request), attrs);
        }
        ContentStreamProvider payload = ContentStreamProvider.fromUtf8String(body);
        SdkHttpRequest toSign = request;
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials.resolveCredentials())
                .request(toSign).payload(payload)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        for (ExecutionInterceptor i : interceptors) {
            i.beforeTransmission(new Http(signed.request()), attrs);
        }
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(body.isEmpty() ? null : signed.payload().orElse(null))
                    .build()).call();
            String text = response.responseBody().map(SignedJsonClient::read).orElse("");
            int status = response.httpResponse().statusCode();
            if (status / 100 == 2) {
                return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            }
            throw error(status, text, response.httpResponse().firstMatchingHeader("x-amzn-ErrorType"));
        } catch (IOException e) {
            throw SdkClientException.builder().message("cannot reach " + request.host() + ": " + e).cause(e).build();
        }
    }

    /** The interceptor view of a hand-made request: no SDK request object, the HTTP request only. */
    private record Http(SdkHttpRequest httpRequest) implements Context.BeforeTransmission {
        @Override
        public SdkRequest request() {
            return null;
        }

        @Override
        public Optional<RequestBody> requestBody() {
            return Optional.empty();
        }

        @Override
        public Optional<AsyncRequestBody> asyncRequestBody() {
            return Optional.empty();
        }
    }

    private AwsServiceException error(int status, String text, Optional<String> typeHeader) {
        String code = typeHeader.map(t -> t.split(":")[0]).orElse("");
        String message = text;
        try {
            JsonNode n = JSON.readTree(text);
            if (code.isEmpty()) {
                code = n.path("__type").asString(n.path("code").asString(""));
            }
            message = n.path("message").asString(n.path("Message").asString(text));
        } catch (RuntimeException notJson) {
            // the body is kept as the message
        }
        code = code.substring(code.lastIndexOf('#') + 1);
        return AwsServiceException.builder().statusCode(status).message(code + ": " + message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code.isEmpty() ? "HTTP " + status : code)
                        .errorMessage(message).serviceName(signingName).build()).build();
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.create("interrupted");
        }
    }

    /** Where the calls go (the FIPS host in GovCloud unless an endpoint is set). */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public String serviceName() {
        return signingName;
    }

    @Override
    public void close() {
        http.close();
    }
}
