package dev.rackside.services.logs;

import dev.rackside.services.api.LogQuery;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the Kubernetes sources of one session read from: the session's client, the app's namespace, the
 * query, where it starts ({@code since}, null for the tail) and the session's scheduler.
 */
record AppScope(KubernetesClient client, String namespace, LogQuery query, Instant since,
        ScheduledExecutorService scheduler) {
}
