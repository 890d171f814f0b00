package dev.rackside.services.model;

import java.util.List;
import java.util.Optional;

/**
 * One rack as rackside knows it: merged from racks.yaml, kubeconfig discovery and the Convox CLI config.
 *
 * @param name          display name (what the operator types after {@code --rack})
 * @param internalName  the rack label on the cluster: namespaces are {@code <internalName>-<app>}
 * @param context       kube context, empty when only the Convox CLI knows the rack
 * @param kubeconfig    explicit kubeconfig file, empty to use {@code KUBECONFIG} / ~/.kube/config
 * @param facts         what the rack's {@code api} Deployment says about itself, empty until read
 * @param status        reachability as last observed
 * @param reason        why the rack is not usable, empty when it is
 * @param sources       where the rack was found, for the operator to understand merges
 * @param compliance    the exceptions racks.yaml approves for the compliance checks
 * @param settings      how to reach the rack's own API and how long its deploys may take (racks.yaml)
 */
public record Rack(
        String name,
        String internalName,
        Optional<String> context,
        Optional<String> kubeconfig,
        Optional<String> awsProfile,
        Optional<String> region,
        List<String> approvedRegions,
        Tier tier,
        boolean readOnly,
        Optional<RackFacts> facts,
        RackStatus status,
        Optional<String> reason,
        List<RackSource> sources,
        ComplianceSettings compliance,
        RackSettings settings) {

    public Rack {
        approvedRegions = List.copyOf(approvedRegions);
        sources = List.copyOf(sources);
    }

    /** A rack with the default API settings: reached through its Kubernetes API. */
    public Rack(String name, String internalName, Optional<String> context, Optional<String> kubeconfig,
            Optional<String> awsProfile, Optional<String> region, List<String> approvedRegions, Tier tier,
            boolean readOnly, Optional<RackFacts> facts, RackStatus status, Optional<String> reason,
            List<RackSource> sources, ComplianceSettings compliance) {
        this(name, internalName, context, kubeconfig, awsProfile, region, approvedRegions, tier, readOnly, facts,
                status, reason, sources, compliance, RackSettings.DEFAULTS);
    }

    /** A rack with the default compliance settings (no exceptions beyond the load balancer ports). */
    public Rack(String name, String internalName, Optional<String> context, Optional<String> kubeconfig,
            Optional<String> awsProfile, Optional<String> region, List<String> approvedRegions, Tier tier,
            boolean readOnly, Optional<RackFacts> facts, RackStatus status, Optional<String> reason,
            List<RackSource> sources) {
        this(name, internalName, context, kubeconfig, awsProfile, region, approvedRegions, tier, readOnly, facts,
                status, reason, sources, ComplianceSettings.DEFAULTS);
    }

    /** The AWS region: racks.yaml wins, then what the rack reports. */
    public Optional<String> effectiveRegion() {
        return region.or(() -> facts.flatMap(RackFacts::region));
    }

    /** AWS partition derived from the region: {@code us-gov-*} is GovCloud, {@code cn-*} China. */
    public String partition() {
        return effectiveRegion().map(Partition::ofRegion).orElse(Partition.AWS);
    }

    /** The embedded sandbox rack (its api reports provider {@code sandbox}); never a real rack. */
    public boolean sandbox() {
        return "sandbox".equals(provider());
    }

    public String provider() {
        return facts.map(RackFacts::provider).filter(p -> !p.isBlank()).orElse("-");
    }
}
