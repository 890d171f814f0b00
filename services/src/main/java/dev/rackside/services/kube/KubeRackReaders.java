package dev.rackside.services.kube;

import dev.rackside.services.api.RackReader;
import dev.rackside.services.api.RackReaders;
import dev.rackside.services.model.Rack;
import dev.rackside.services.racks.Environment;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;

/** Opens rack readers on the rack's own kube context. */
public final class KubeRackReaders implements RackReaders {
    private final Environment env;
    private final Executor executor;

    public KubeRackReaders(Environment env, Executor executor) {
        this.env = env;
        this.executor = executor;
    }

    /** @throws IllegalArgumentException when the rack has no kube context to read it through */
    @Override
    public RackReader open(Rack rack) {
        String context = rack.context().orElseThrow(() -> new IllegalArgumentException("rack " + rack.name()
                + " has no kube context: " + rack.reason().orElse("add one in racks.yaml")));
        Kubeconfig kubeconfig = Kubeconfig.load(rack.kubeconfig().map(p -> List.of(Path.of(p)))
                .orElse(env.kubeconfigFiles()));
        return new KubeRackReader(rack, KubeClientFactory.create(kubeconfig, context,
                KubeClientFactory.Timeouts.SESSION), executor);
    }
}
