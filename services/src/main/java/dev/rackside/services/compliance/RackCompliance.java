package dev.rackside.services.compliance;

import dev.rackside.services.api.Compliance;
import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.kube.KubeClientFactory;
import dev.rackside.services.kube.Kubeconfig;
import dev.rackside.services.model.Rack;
import dev.rackside.services.racks.Environment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Compliance on a Convox rack: collectors read into an {@link Inventory} (the Kubernetes checks through the
 * rack's kube context), rules evaluate it, and the report carries the partition, the AWS account (STS, when
 * credentials are configured), timing and evidence.
 */
public final class RackCompliance implements Compliance {
    private final Environment env;
    private final AwsClients aws;
    private final String version;
    private final Clock clock;

    public RackCompliance(Environment env, AwsClients aws, String version, Clock clock) {
        this.env = env;
        this.aws = aws;
        this.version = version;
        this.clock = clock;
    }

    @Override
    public List<Check> checks() {
        return KubeChecks.ALL;
    }

    @Override
    public Report run(Rack rack, Consumer<String> progress) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        Inventory inv = new Inventory();
        String context = rack.context().orElseThrow(() -> new IllegalArgumentException("rack " + rack.name()
                + " has no kube context: " + rack.reason().orElse("add one in racks.yaml")));
        Kubeconfig kubeconfig = Kubeconfig.load(rack.kubeconfig().map(p -> List.of(Path.of(p)))
                .orElse(env.kubeconfigFiles()));
        progress.accept("reading the rack's namespaces and workloads (" + context + ")");
        try (KubernetesClient client = KubeClientFactory.create(kubeconfig, context,
                KubeClientFactory.Timeouts.SESSION)) {
            KubeCollector.collect(client, rack.internalName(), inv, clock);
        }
        progress.accept("evaluating " + checks().size() + " checks over " + inv.entries().size() + " responses");
        List<Finding> findings = KubeRules.evaluate(inv);
        Optional<String> account = aws.callerArn(rack).map(RackCompliance::accountOf);
        return new Report(rack.name(), rack.partition(), account, rack.effectiveRegion(), started,
                Duration.ofNanos(System.nanoTime() - t0), findings, inv, checks(), version);
    }

    /** {@code arn:<partition>:sts::<account>:...} → the account id. */
    static String accountOf(String arn) {
        String[] parts = arn.split(":");
        return parts.length > 4 ? parts[4] : "";
    }
}
