package dev.rackside.services.aws;

import dev.rackside.services.model.Partition;
import dev.rackside.services.model.Rack;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS SDK clients of each rack, one per service and region, built on first use and reused until
 * {@link #close()}: the rack's own region (never a default), its profile or the standard credential chain
 * (SSO and assume-role profiles included), url-connection-client, FIPS endpoints in {@code aws-us-gov}
 * unless {@code AWS_USE_FIPS_ENDPOINT} says otherwise, capped retries and call timeouts so a bastion with no
 * route fails in seconds, not minutes. {@code AWS_ENDPOINT_URL} and the per-service endpoint variables are
 * honoured (that is how tests point at moto); an explicit endpoint replaces the FIPS one.
 */
public final class AwsClients implements AutoCloseable {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(8);

    private final Map<String, SdkClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Optional<String>> callers = new ConcurrentHashMap<>();
    private final Map<String, String> env;
    private final List<ExecutionInterceptor> interceptors;

    public AwsClients() {
        this(System.getenv());
    }

    public AwsClients(Map<String, String> env) {
        this(env, List.of());
    }

    /** @param interceptors added to every client (tests: the loopback guard and the stub router) */
    public AwsClients(Map<String, String> env, List<ExecutionInterceptor> interceptors) {
        this.env = Map.copyOf(env);
        this.interceptors = List.copyOf(interceptors);
    }

    /** @throws IllegalArgumentException when the rack has no region to talk to */
    public CloudWatchLogsClient logs(Rack rack) {
        return logs(rack, region(rack));
    }

    public CloudWatchLogsClient logs(Rack rack, Region region) {
        return client(rack, region, "CLOUDWATCH_LOGS", CloudWatchLogsClient::builder);
    }

    public EksClient eks(Rack rack, Region region) {
        return client(rack, region, "EKS", EksClient::builder);
    }

    public Ec2Client ec2(Rack rack, Region region) {
        return client(rack, region, "EC2", Ec2Client::builder);
    }

    public KmsClient kms(Rack rack, Region region) {
        return client(rack, region, "KMS", KmsClient::builder);
    }

    public RdsClient rds(Rack rack, Region region) {
        return client(rack, region, "RDS", RdsClient::builder);
    }

    public CloudTrailClient cloudTrail(Rack rack, Region region) {
        return client(rack, region, "CLOUDTRAIL", CloudTrailClient::builder);
    }

    public SecretsManagerClient secretsManager(Rack rack, Region region) {
        return client(rack, region, "SECRETS_MANAGER", SecretsManagerClient::builder);
    }

    public EcrClient ecr(Rack rack, Region region) {
        return client(rack, region, "ECR", EcrClient::builder);
    }

    public StsClient sts(Rack rack) {
        return client(rack, region(rack), "STS", StsClient::builder);
    }

    public S3ControlClient s3Control(Rack rack) {
        return client(rack, region(rack), "S3_CONTROL", S3ControlClient::builder);
    }

    /** S3 follows a bucket to its own region (cross-region access); path style when the endpoint is explicit. */
    public S3Client s3(Rack rack) {
        boolean explicit = endpoint("S3").isPresent();
        return client(rack, region(rack), "S3", () -> S3Client.builder().crossRegionAccessEnabled(true)
                .forcePathStyle(explicit));
    }

    /** For services the mirror has no SDK module for: the rack's credentials and FIPS choice, signed by hand. */
    public SignedJsonClient signedJson(Rack rack, Region region, String signingName, String endpointVariable) {
        return (SignedJsonClient) clients.computeIfAbsent(rack.name() + "|" + endpointVariable + "|" + region.id(),
                k -> new SignedJsonClient(signingName, region, credentials(rack), fips(rack) && endpoint(
                        endpointVariable).isEmpty(), endpoint(endpointVariable), interceptors));
    }

    @SuppressWarnings("unchecked")
    private <C extends SdkClient, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C client(Rack rack,
            Region region, String service, Supplier<B> builder) {
        return (C) clients.computeIfAbsent(rack.name() + "|" + service + "|" + region.id(), k -> {
            Optional<URI> endpoint = endpoint(service);
            B b = builder.get().region(region).credentialsProvider(credentials(rack))
                    .fipsEnabled(fips(rack) && endpoint.isEmpty())
                    .overrideConfiguration(overrides());
            b.httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(15)));
            endpoint.ifPresent(b::endpointOverride);
            return b.build();
        });
    }

    /**
     * The endpoint settings the SDK reads from the process environment, applied from the map this was made
     * with ({@code AWS_ENDPOINT_URL_<SERVICE>} first, then {@code AWS_ENDPOINT_URL}), so a test or an embedded
     * caller can point one rackside at moto without touching the JVM's environment.
     */
    Optional<URI> endpoint(String service) {
        String url = env.getOrDefault("AWS_ENDPOINT_URL_" + service, env.get("AWS_ENDPOINT_URL"));
        return url == null || url.isBlank() ? Optional.empty() : Optional.of(URI.create(url.trim()));
    }

    /** Whether AWS credentials are configured for the rack (its profile, or the standard variables). */
    public boolean configured(Rack rack) {
        return rack.awsProfile().isPresent() || env.containsKey("AWS_PROFILE")
                || env.containsKey("AWS_ACCESS_KEY_ID") || env.containsKey("AWS_WEB_IDENTITY_TOKEN_FILE");
    }

    /**
     * Who the rack's AWS credentials are (STS GetCallerIdentity), for the journal; asked once per rack.
     * Only when credentials are configured: rackside never wanders into the instance metadata service or a
     * cloud endpoint just to fill in a journal field.
     */
    public Optional<String> callerArn(Rack rack) {
        if (!configured(rack) || rack.effectiveRegion().isEmpty()) {
            return Optional.empty();
        }
        return callers.computeIfAbsent(rack.name(), n -> {
            try {
                // A journal field must not hold up the action it records: 5 s at most, however STS is reached.
                return Optional.ofNullable(sts(rack).getCallerIdentity(r -> r.overrideConfiguration(o -> o
                        .apiCallTimeout(Duration.ofSeconds(5)))).arn());
            } catch (SdkException e) {
                return Optional.empty();
            }
        });
    }

    public static Region region(Rack rack) {
        return Region.of(rack.effectiveRegion().orElseThrow(() -> new IllegalArgumentException("rack " + rack.name()
                + " has no AWS region: set region in racks.yaml")));
    }

    /**
     * FIPS endpoints, in the SDK's order of settings: {@code AWS_USE_FIPS_ENDPOINT} (true/false) for every
     * rack, else {@code use_fips_endpoint} in the rack's AWS profile (the per-rack switch), else on in
     * GovCloud and off elsewhere.
     */
    public boolean fips(Rack rack) {
        String set = env.get("AWS_USE_FIPS_ENDPOINT");
        if (set != null && !set.isBlank()) {
            return Boolean.parseBoolean(set.trim());
        }
        Optional<Boolean> perRack = rack.awsProfile().flatMap(p -> profiles().profile(p))
                .flatMap(p -> p.booleanProperty(ProfileProperty.USE_FIPS_ENDPOINT));
        return perRack.orElse(Partition.GOVCLOUD.equals(rack.partition()));
    }

    /**
     * The AWS config and credentials files, from this instance's environment ({@code AWS_CONFIG_FILE},
     * {@code AWS_SHARED_CREDENTIALS_FILE}) or their defaults under {@code ~/.aws}; a missing file is empty.
     */
    private ProfileFile profiles() {
        ProfileFile.Aggregator all = ProfileFile.aggregator();
        String home = System.getProperty("user.home");
        addProfiles(all, env.getOrDefault("AWS_CONFIG_FILE", home + "/.aws/config"), ProfileFile.Type.CONFIGURATION);
        addProfiles(all, env.getOrDefault("AWS_SHARED_CREDENTIALS_FILE", home + "/.aws/credentials"),
                ProfileFile.Type.CREDENTIALS);
        return all.build();
    }

    private static void addProfiles(ProfileFile.Aggregator all, String file, ProfileFile.Type type) {
        Path path = Path.of(file.replaceFirst("^~", System.getProperty("user.home")));
        if (Files.isRegularFile(path)) {
            all.addFile(ProfileFile.builder().content(path).type(type).build());
        }
    }

    private AwsCredentialsProvider credentials(Rack rack) {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (rack.awsProfile().isEmpty() && key != null && secret != null) {
            // The chain's first environment step, taken from this map rather than the JVM's environment.
            return StaticCredentialsProvider.create(env.containsKey("AWS_SESSION_TOKEN")
                    ? AwsSessionCredentials.create(key, secret, env.get("AWS_SESSION_TOKEN"))
                    : AwsBasicCredentials.create(key, secret));
        }
        return rack.awsProfile().<AwsCredentialsProvider>map(p -> ProfileCredentialsProvider.builder()
                .profileFile(this::profiles).profileName(p).build())
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }

    private ClientOverrideConfiguration overrides() {
        var b = ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD)
                .apiCallTimeout(CALL_TIMEOUT)
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT);
        interceptors.forEach(b::addExecutionInterceptor);
        return b.build();
    }

    @Override
    public void close() {
        clients.values().forEach(SdkClient::close);
        clients.clear();
    }
}
