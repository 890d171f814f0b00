package dev.rackside.services.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Duration;

/**
 * Builds fabric8 clients on the JDK HTTP client (HTTP/2, no extra jars; platform-notes B2) from one
 * context of a merged kubeconfig.
 */
public final class KubeClientFactory {

    /**
     * How patient a client is. Discovery wants to fail fast; a session rides out a throttling or a burst of
     * 5xx: fabric8 retries 429 and 5xx (and a dropped connection), waiting what {@code Retry-After} says or
     * 100 ms doubling, so six retries cover about 6 s of trouble beyond the server's own hints. A create that
     * is retried after a 500 that did land meets 409 AlreadyExists and says so; nothing is applied twice.
     */
    public record Timeouts(Duration connect, Duration request, int retries) {
        public static final Timeouts DISCOVERY = new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(8), 0);
        public static final Timeouts SESSION = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(20), 6);
    }

    private KubeClientFactory() {
    }

    public static KubernetesClient create(Kubeconfig kubeconfig, String context, Timeouts timeouts) {
        Config base = Config.fromKubeconfig(context, kubeconfig.standalone(context), null);
        Config config = new ConfigBuilder(base)
                .withConnectionTimeout((int) timeouts.connect().toMillis())
                .withRequestTimeout((int) timeouts.request().toMillis())
                .withRequestRetryBackoffLimit(timeouts.retries())
                .build();
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build();
    }
}
