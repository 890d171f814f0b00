package dev.rackside.services.kube;

import dev.rackside.services.api.RackReader;
import dev.rackside.services.api.RackReaders;
import dev.rackside.services.model.Rack;
import dev.rackside.services.racks.Environment;
import java.util.concurrent.Executor;

/** Opens rack readers on the rack's own kube context. */
public final class KubeRackReaders implements RackReaders {
    private final Environment env;
    private final Executor executor;
    private final RackClients shared;

    /** Readers with a client of their own each, closed with the reader (tests, benchmarks). */
    public KubeRackReaders(Environment env, Executor executor) {
        this.env = env;
        this.executor = executor;
        this.shared = null;
    }

    /** Readers on the session's clients: one per rack, shared with the writes, logs and compliance. */
    public KubeRackReaders(RackClients clients, Executor executor) {
        this.env = clients.env();
        this.executor = executor;
        this.shared = clients;
    }

    /** @throws IllegalArgumentException when the rack has no kube context to read it through */
    @Override
    public RackReader open(Rack rack) {
        return open(rack, Watch.Mode.LIVE);
    }

    @Override
    public RackReader once(Rack rack) {
        return open(rack, Watch.Mode.ONCE);
    }

    private RackReader open(Rack rack, Watch.Mode mode) {
        if (shared != null) {
            return new KubeRackReader(rack, shared.of(rack), executor, false, mode);
        }
        return new KubeRackReader(rack, new RackClients(env).of(rack), executor, true, mode);
    }
}
