package dev.rackside.services.kube;

import dev.rackside.services.model.Rack;
import dev.rackside.services.racks.Environment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The session's Kubernetes clients, one per rack (as k9s keeps one factory per context): the readers, the
 * writes, the logs and the compliance collector of a rack share its client, its HTTP/2 connection and its
 * credentials. Built on first use from the rack's own context; closed once, with the session.
 */
public final class RackClients implements AutoCloseable {
    private final Environment env;
    private final KubeClientFactory.Timeouts timeouts;
    private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

    public RackClients(Environment env) {
        this(env, KubeClientFactory.Timeouts.SESSION);
    }

    public RackClients(Environment env, KubeClientFactory.Timeouts timeouts) {
        this.env = env;
        this.timeouts = timeouts;
    }

    /**
     * The rack's client. Callers never close it.
     *
     * @throws IllegalArgumentException when the rack has no kube context to reach it through
     */
    public KubernetesClient of(Rack rack) {
        String context = context(rack);
        return clients.computeIfAbsent(key(rack), k -> KubeClientFactory.create(kubeconfig(rack), context, timeouts));
    }

    /**
     * Who acts on this rack: the kube context's user {@code @} the context, as the journal names operators. A
     * rack reached only through its API (racks.yaml {@code api:}, no context) is acted on by the login user
     * ({@code $USER}) {@code @} the rack.
     */
    public String operator(Rack rack) {
        if (rack.context().isEmpty()) {
            return env.get("USER").or(() -> env.get("LOGNAME")).filter(u -> !u.isBlank()).orElse("unknown") + "@"
                    + rack.name();
        }
        String context = context(rack);
        return kubeconfig(rack).user(context).orElse("unknown") + "@" + context;
    }

    public Kubeconfig kubeconfig(Rack rack) {
        return Kubeconfig.load(rack.kubeconfig().map(p -> List.of(Path.of(p))).orElse(env.kubeconfigFiles()));
    }

    private static String context(Rack rack) {
        return rack.context().orElseThrow(() -> new IllegalArgumentException("rack " + rack.name()
                + " has no kube context: " + rack.reason().orElse("add one in racks.yaml")));
    }

    private static String key(Rack rack) {
        return rack.kubeconfig().orElse("") + "\u0000" + rack.context().orElse("");
    }

    public Environment env() {
        return env;
    }

    @Override
    public void close() {
        clients.values().forEach(c -> {
            try {
                c.close();
            } catch (RuntimeException e) {
                // closing the session: nothing left to report to
            }
        });
        clients.clear();
    }
}
