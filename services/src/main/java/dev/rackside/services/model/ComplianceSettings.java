package dev.rackside.services.model;

import java.util.List;
import java.util.Optional;

/**
 * A rack's compliance exceptions, from racks.yaml's {@code compliance:} block: what the operator has
 * approved and the catalog lets pass (compliance-catalog.md section 1: "except allow-listed LB ports",
 * "unless allow-listed", "or the declared log-archive account").
 *
 * @param publicPorts        TCP ports security groups may open to 0.0.0.0/0 and ::/0 (the load balancers')
 * @param allowedLinks       VPC peering connection and transit gateway attachment ids that are approved
 * @param logArchiveAccounts accounts besides the rack's own that may receive its logs
 * @param cloudtrailLake     the ARN of a CloudTrail Lake event data store that holds the rack's account's
 *                           management events: {@code audit trail} queries it instead of the 90-day event history
 */
public record ComplianceSettings(List<Integer> publicPorts, List<String> allowedLinks,
        List<String> logArchiveAccounts, Optional<String> cloudtrailLake) {
    /** A Convox rack's router serves 80 and 443; nothing else is approved until racks.yaml says so. */
    public static final ComplianceSettings DEFAULTS = new ComplianceSettings(List.of(80, 443), List.of(), List.of());

    public ComplianceSettings {
        publicPorts = List.copyOf(publicPorts);
        allowedLinks = List.copyOf(allowedLinks);
        logArchiveAccounts = List.copyOf(logArchiveAccounts);
    }

    public ComplianceSettings(List<Integer> publicPorts, List<String> allowedLinks, List<String> logArchiveAccounts) {
        this(publicPorts, allowedLinks, logArchiveAccounts, Optional.empty());
    }
}
