package dev.rackside.services.kube;

import dev.rackside.services.model.RackFacts;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a rack's facts from the env of Deployment {@code api} in {@code <rack>-system}. */
public final class RackFactsReader {
    private RackFactsReader() {
    }

    /** Empty when the rack has no api Deployment (the CLI shows "-" then). */
    public static Optional<RackFacts> read(KubernetesClient client, String rack) {
        Deployment api = client.apps().deployments().inNamespace(ConvoxLabels.systemNamespace(rack))
                .withName("api").get();
        return Optional.ofNullable(api).map(d -> fromDeployment(d, rack));
    }

    public static RackFacts fromDeployment(Deployment api, String rack) {
        List<Container> containers = api.getSpec().getTemplate().getSpec().getContainers();
        Container c = containers.stream().filter(x -> "system".equals(x.getName())).findFirst()
                .orElse(containers.isEmpty() ? new Container() : containers.get(0));
        Map<String, String> env = new HashMap<>();
        if (c.getEnv() != null) {
            for (EnvVar v : c.getEnv()) {
                if (v.getValue() != null) {
                    env.put(v.getName(), v.getValue());
                }
            }
        }
        String version = env.getOrDefault("VERSION", imageTag(c.getImage()));
        return new RackFacts(
                env.getOrDefault("RACK_NAME", rack),
                version,
                env.getOrDefault("PROVIDER", ""),
                Optional.ofNullable(env.get("AWS_REGION")).or(() -> Optional.ofNullable(env.get("REGION"))),
                Optional.ofNullable(env.get("DOMAIN")),
                Optional.ofNullable(env.get("DOMAIN_INTERNAL")),
                Optional.ofNullable(env.get("RESOLVER")).filter(r -> !r.isBlank()));
    }

    private static String imageTag(String image) {
        if (image == null || !image.contains(":")) {
            return "";
        }
        return image.substring(image.lastIndexOf(':') + 1);
    }
}
