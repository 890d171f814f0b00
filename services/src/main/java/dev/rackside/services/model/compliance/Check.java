package dev.rackside.services.model.compliance;

import java.util.List;
import java.util.Map;

/**
 * One check of the catalog (compliance-catalog.md), with its id verbatim, what it protects, how to fix a
 * failure, the framework controls it maps to, and the read-only API reads it needs (the same table the
 * least-privilege policy is generated from, so they cannot drift).
 *
 * @param controls framework → control ids: {@code soc2}, {@code hipaa}, {@code pci}, {@code nist}
 */
public record Check(String id, Concern concern, Severity severity, String title, String remediation,
        Map<String, List<String>> controls, List<Read> reads) {

    public Check {
        controls = Map.copyOf(controls);
        reads = List.copyOf(reads);
    }

    /** A read a check needs: a Kubernetes resource (group, plural) or an AWS IAM action. */
    public record Read(String api, String group, String resource) {
        public static Read kube(String group, String resource) {
            return new Read("kubernetes", group, resource);
        }

        public static Read aws(String action) {
            int colon = action.indexOf(':');
            return new Read("aws", action.substring(0, colon), action.substring(colon + 1));
        }
    }
}
