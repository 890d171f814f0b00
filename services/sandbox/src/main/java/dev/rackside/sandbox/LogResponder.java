package dev.rackside.sandbox;

import java.util.Map;
import java.util.Optional;

/**
 * What a mock API answers to {@code GET /api/v1/namespaces/<ns>/pods/<pod>/log}: the body for the kubelet's
 * query parameters (timestamps, sinceTime, tailLines, follow ...), or empty for a pod it does not know (404).
 * The sandbox's pods answer from {@link PodLogs}; benchmarks and tests plug in their own.
 */
@FunctionalInterface
public interface LogResponder {
    Optional<String> body(String namespace, String pod, Map<String, String> query);

    /** Asked for the previous container of one that never restarted: the kubelet's 400. */
    final class NoPreviousContainer extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoPreviousContainer(String pod, String container) {
            super("previous terminated container \\\"" + container + "\\\" in pod \\\"" + pod + "\\\" not found");
        }
    }
}
