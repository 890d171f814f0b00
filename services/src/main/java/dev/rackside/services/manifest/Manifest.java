package dev.rackside.services.manifest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A convox.yml with Convox's defaults applied (convox-model.md section 7, ApplyDefaults in
 * {@code pkg/manifest/manifest.go}). Produced by {@link ManifestParser}; immutable.
 */
public record Manifest(List<String> environment, Map<String, Service> services, Map<String, Resource> resources,
        Map<String, Timer> timers, Map<String, Balancer> balancers, Map<String, String> labels,
        List<Config> configs, Map<String, String> params) {

    public Manifest {
        environment = List.copyOf(environment);
        services = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(services));
        resources = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(resources));
        timers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(timers));
        balancers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(balancers));
        labels = Map.copyOf(labels);
        configs = List.copyOf(configs);
        params = Map.copyOf(params);
    }

    /** One service, every attribute resolved to its value or Convox's default. */
    public record Service(String name, Optional<Build> build, Optional<String> image, Optional<String> command,
            Optional<Port> port, List<ExtraPort> ports, Health health, Optional<Probe> liveness,
            Optional<Probe> startupProbe, boolean grpcHealthEnabled, Scale scale, List<String> environment,
            List<Link> resources, List<String> domains, boolean internal, boolean internalRouter, boolean agent,
            Deployment deployment, boolean singleton, int terminationGrace, int drain, int timeout,
            boolean tlsRedirect, boolean sticky, Optional<String> whitelist, boolean init, boolean privileged,
            Map<String, String> annotations, Map<String, String> ingressAnnotations, Map<String, String> labels,
            List<String> volumes, Set<String> features) {

        public Service {
            ports = List.copyOf(ports);
            environment = List.copyOf(environment);
            resources = List.copyOf(resources);
            domains = List.copyOf(domains);
            annotations = Map.copyOf(annotations);
            ingressAnnotations = Map.copyOf(ingressAnnotations);
            labels = Map.copyOf(labels);
            volumes = List.copyOf(volumes);
            features = Set.copyOf(features);
        }
    }

    public record Build(String path, String manifest, List<String> args) {
    }

    /**
     * A port and its scheme (pkg/manifest ServicePortScheme): the main port's scheme is http, https or grpc
     * (http when not given); a health or liveness port's is empty when not given, and then the main port's
     * applies.
     */
    public record Port(int port, String scheme) {
    }

    public record ExtraPort(int port, String protocol) {
    }

    public record Health(String path, int grace, int interval, int timeout, boolean disable, Optional<Port> port) {
    }

    public record Probe(Optional<String> path, Optional<Integer> tcpPort, int grace, int interval, int timeout,
            int successThreshold, int failureThreshold, Optional<Port> port) {
    }

    /**
     * Count {@code min}-{@code max} (equal for a fixed count; {@code max} empty for {@code "2+"}), cpu in
     * millicores, memory in MB, optional limits, and the HPA's utilisation targets.
     */
    public record Scale(int min, Optional<Integer> max, int cpu, int memory, Optional<Integer> limitCpu,
            Optional<Integer> limitMemory, Optional<Integer> targetCpu, Optional<Integer> targetMemory,
            Optional<Integer> gpu) {

        public boolean ranged() {
            return max.map(m -> m != min).orElse(true);
        }
    }

    /**
     * A resource linked into a service (pkg/manifest Service.ResourceMap): {@code database} brings
     * {@code DATABASE_URL}, {@code _USER}, {@code _PASS}, {@code _HOST}, {@code _PORT} and {@code _NAME};
     * {@code database:DB} brings the one variable {@code DB}, its value the ConfigMap key its last
     * {@code _}-part names ({@code DB_HOST} → {@code HOST}), else {@code URL}.
     *
     * @param env    the variable prefix, or with {@code alias} the one variable
     */
    public record Link(String resource, String env, boolean alias) {
        private static final List<String> KEYS = List.of("URL", "USER", "PASS", "HOST", "PORT", "NAME");

        /** Variable name → ConfigMap key of {@code resource-<name>}, in Convox's order. */
        public java.util.LinkedHashMap<String, String> variables() {
            java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
            if (alias) {
                String last = env.substring(env.lastIndexOf('_') + 1);
                out.put(env, KEYS.contains(last) ? last : "URL");
            } else {
                KEYS.forEach(k -> out.put(env + "_" + k, k));
            }
            return out;
        }
    }

    /** {@code deployment.minimum} and {@code maximum}, in percent. */
    public record Deployment(int minimum, int maximum) {
    }

    public record Timer(String name, String schedule, String service, String command, String concurrency,
            int parallelCount, Map<String, String> annotations) {
    }

    public record Resource(String name, String type, Optional<String> image, Map<String, String> options) {
    }

    public record Balancer(String name, String service, Map<Integer, Integer> ports, List<String> whitelist,
            Map<String, String> annotations) {
    }

    public record Config(String id, Optional<String> name, Optional<String> value) {
    }
}
