package dev.rackside.services.compliance;


import dev.rackside.services.model.compliance.Check;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The least-privilege grants the checks need, generated from their {@link Check#reads()}: an IAM policy
 * (read-only actions, {@code Resource: "*"}) and a Kubernetes ClusterRole {@code rack-auditor} with get and
 * list. Generated from the same table the collectors declare, so the two cannot drift; {@code audit trail}'s
 * reads of its own (the event history's {@code cloudtrail:LookupEvents}; a CloudTrail Lake store's query, its
 * results, and cancelling a query it gave up on) are added.
 */
public final class Permissions {
    private Permissions() {
    }

    /** What {@code audit trail} asks besides the checks' reads (its scope is the checks' own). */
    static final List<String> TRAIL_READS = List.of("cloudtrail:LookupEvents", "cloudtrail:StartQuery",
            "cloudtrail:GetQueryResults", "cloudtrail:CancelQuery");

    public static String iamPolicy(List<Check> checks) {
        TreeSet<String> actions = new TreeSet<>(TRAIL_READS);
        for (Check c : checks) {
            for (Check.Read r : c.reads()) {
                if (r.api().equals("aws")) {
                    actions.add(r.group() + ":" + r.resource());
                }
            }
        }
        StringBuilder b = new StringBuilder("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n"
                + "      \"Sid\": \"RacksideComplianceReadOnly\",\n      \"Effect\": \"Allow\",\n      \"Action\": [");
        int i = 0;
        for (String a : actions) {
            b.append(i++ == 0 ? "\n" : ",\n").append("        \"").append(a).append('"');
        }
        b.append(actions.isEmpty() ? "],\n" : "\n      ],\n").append("      \"Resource\": \"*\"\n    }\n  ]\n}\n");
        return b.toString();
    }

    public static String clusterRole(List<Check> checks) {
        Map<String, TreeSet<String>> byGroup = new TreeMap<>();
        for (Check c : checks) {
            for (Check.Read r : c.reads()) {
                if (r.api().equals("kubernetes")) {
                    byGroup.computeIfAbsent(r.group(), g -> new TreeSet<>()).add(r.resource());
                }
            }
        }
        StringBuilder b = new StringBuilder("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n"
                + "  name: rack-auditor\nrules:\n");
        byGroup.forEach((group, resources) -> b.append("- apiGroups: [\"").append(group).append("\"]\n")
                .append("  resources: [").append(String.join(", ", resources.stream().map(r -> "\"" + r + "\"")
                        .toList())).append("]\n  verbs: [\"get\", \"list\"]\n"));
        return b.toString();
    }
}
