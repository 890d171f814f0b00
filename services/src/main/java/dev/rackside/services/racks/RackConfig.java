package dev.rackside.services.racks;

import dev.rackside.services.model.ComplianceSettings;
import dev.rackside.services.model.RackSettings;
import dev.rackside.services.model.Tier;
import java.util.List;
import java.util.Optional;

/** One validated entry of racks.yaml. */
public record RackConfig(
        String name,
        String context,
        Optional<String> kubeconfig,
        Optional<String> awsProfile,
        Optional<String> region,
        List<String> approvedRegions,
        Tier tier,
        boolean readOnly,
        ComplianceSettings compliance,
        RackSettings settings) {

    public RackConfig {
        approvedRegions = List.copyOf(approvedRegions);
    }
}
