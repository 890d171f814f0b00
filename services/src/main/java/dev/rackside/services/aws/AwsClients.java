package dev.rackside.services.aws;

import dev.rackside.services.model.Partition;
import dev.rackside.services.model.Rack;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * The AWS SDK clients of each rack, built on first use and reused until {@link #close()}: the rack's own
 * region (never a default), its profile or the standard credential chain (SSO and assume-role profiles
 * included), url-connection-client, FIPS endpoints in {@code aws-us-gov} unless {@code AWS_USE_FIPS_ENDPOINT}
 * says otherwise, capped retries and call timeouts so a bastion with no route fails in seconds, not minutes.
 * {@code AWS_ENDPOINT_URL} and the per-service endpoint variables are honoured by the SDK itself.
 */
public final class AwsClients implements AutoCloseable {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(8);

    private final Map<String, CloudWatchLogsClient> logs = new ConcurrentHashMap<>();
    private final Map<String, software.amazon.awssdk.services.sts.StsClient> sts = new ConcurrentHashMap<>();
    private final Map<String, java.util.Optional<String>> callers = new ConcurrentHashMap<>();
    private final Map<String, String> env;

    public AwsClients() {
        this(System.getenv());
    }

    public AwsClients(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** @throws IllegalArgumentException when the rack has no region to talk to */
    public CloudWatchLogsClient logs(Rack rack) {
        return logs.computeIfAbsent(rack.name(), n -> {
            var b = CloudWatchLogsClient.builder()
                    .region(region(rack))
                    .credentialsProvider(credentials(rack))
                    .fipsEnabled(fips(rack))
                    .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                            .socketTimeout(Duration.ofSeconds(15)))
                    .overrideConfiguration(overrides());
            endpoint("CLOUDWATCH_LOGS").ifPresent(b::endpointOverride);
            return b.build();
        });
    }

    /**
     * The endpoint settings the SDK reads from the process environment, applied from the map this was made
     * with ({@code AWS_ENDPOINT_URL_<SERVICE>} first, then {@code AWS_ENDPOINT_URL}), so a test or an embedded
     * caller can point one rackside at moto without touching the JVM's environment.
     */
    java.util.Optional<java.net.URI> endpoint(String service) {
        String url = env.getOrDefault("AWS_ENDPOINT_URL_" + service, env.get("AWS_ENDPOINT_URL"));
        return url == null || url.isBlank() ? java.util.Optional.empty()
                : java.util.Optional.of(java.net.URI.create(url.trim()));
    }

    /**
     * Who the rack's AWS credentials are (STS GetCallerIdentity), for the journal; asked once per rack.
     * Only when credentials are configured (the rack's profile, or the standard variables): rackside never
     * wanders into the instance metadata service or a cloud endpoint just to fill in a journal field.
     */
    public java.util.Optional<String> callerArn(Rack rack) {
        boolean configured = rack.awsProfile().isPresent() || env.containsKey("AWS_PROFILE")
                || env.containsKey("AWS_ACCESS_KEY_ID") || env.containsKey("AWS_WEB_IDENTITY_TOKEN_FILE");
        if (!configured || rack.effectiveRegion().isEmpty()) {
            return java.util.Optional.empty();
        }
        return callers.computeIfAbsent(rack.name(), n -> {
            try {
                var client = sts.computeIfAbsent(n, x -> {
                    var b = software.amazon.awssdk.services.sts.StsClient.builder().region(region(rack))
                            .credentialsProvider(credentials(rack)).fipsEnabled(fips(rack))
                            .httpClientBuilder(UrlConnectionHttpClient.builder()
                                    .connectionTimeout(Duration.ofSeconds(3)).socketTimeout(Duration.ofSeconds(5)))
                            .overrideConfiguration(overrides());
                    endpoint("STS").ifPresent(b::endpointOverride);
                    return b.build();
                });
                return java.util.Optional.ofNullable(client.getCallerIdentity().arn());
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                return java.util.Optional.empty();
            }
        });
    }

    static Region region(Rack rack) {
        return Region.of(rack.effectiveRegion().orElseThrow(() -> new IllegalArgumentException("rack " + rack.name()
                + " has no AWS region: set region in racks.yaml")));
    }

    /** FIPS is on by default in GovCloud; {@code AWS_USE_FIPS_ENDPOINT} (true/false) decides anywhere. */
    public boolean fips(Rack rack) {
        String set = env.get("AWS_USE_FIPS_ENDPOINT");
        if (set != null && !set.isBlank()) {
            return Boolean.parseBoolean(set.trim());
        }
        return Partition.GOVCLOUD.equals(rack.partition());
    }

    private AwsCredentialsProvider credentials(Rack rack) {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (rack.awsProfile().isEmpty() && key != null && secret != null) {
            // The chain's first environment step, taken from this map rather than the JVM's environment.
            return software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    env.containsKey("AWS_SESSION_TOKEN")
                            ? software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(key, secret,
                                    env.get("AWS_SESSION_TOKEN"))
                            : software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(key, secret));
        }
        return rack.awsProfile().<AwsCredentialsProvider>map(p -> ProfileCredentialsProvider.builder().profileName(p)
                .build()).orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }

    private static ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD)
                .apiCallTimeout(CALL_TIMEOUT)
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                .build();
    }

    @Override
    public void close() {
        logs.values().forEach(CloudWatchLogsClient::close);
        logs.clear();
        sts.values().forEach(software.amazon.awssdk.services.sts.StsClient::close);
        sts.clear();
    }
}
