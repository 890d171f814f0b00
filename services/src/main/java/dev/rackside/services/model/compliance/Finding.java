package dev.rackside.services.model.compliance;

import java.util.List;

/**
 * A check's verdict on one resource: the status, a message that names the offending value, and the
 * digests of the raw API responses it was decided on.
 *
 * @param resource an ARN for AWS resources, {@code k8s:<namespace>/<kind>/<name>} for Kubernetes ones
 */
public record Finding(Check check, Status status, String resource, String region, String message,
        List<String> evidence) {

    public Finding {
        evidence = List.copyOf(evidence);
    }
}
