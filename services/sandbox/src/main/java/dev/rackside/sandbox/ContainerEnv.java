package dev.rackside.sandbox;

import dev.rackside.services.kube.ConvoxCrds;
import dev.rackside.services.kube.ConvoxLabels;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The env a sandbox container runs with: its Secret {@code env-<service>} where the release was rendered,
 * else its release's env; then what Convox adds (RACK, APP, SERVICE, RELEASE, HOSTNAME).
 */
final class ContainerEnv {
    private ContainerEnv() {
    }

    static Map<String, String> of(KubernetesClient client, String ns, String podName) {
        Map<String, String> env = new TreeMap<>();
        Pod pod = client.pods().inNamespace(ns).withName(podName).get();
        if (pod == null) {
            return env;
        }
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        String service = labels.getOrDefault(ConvoxLabels.SERVICE, "");
        String release = labels.getOrDefault(ConvoxLabels.RELEASE, "");
        Secret s = client.secrets().inNamespace(ns).withName("env-" + service).get();
        if (s != null && s.getData() != null) {
            s.getData().forEach((k, v) -> env.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        } else if (!release.isEmpty()) {
            GenericKubernetesResource r = client.genericKubernetesResources(ConvoxCrds.RELEASES).inNamespace(ns)
                    .withName(release.toLowerCase(Locale.ROOT)).get();
            if (r != null) {
                for (String line : ConvoxCrds.spec(r, "env").split("\n")) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        env.put(line.substring(0, eq), line.substring(eq + 1));
                    }
                }
            }
        }
        env.put("APP", labels.getOrDefault(ConvoxLabels.APP, ""));
        env.put("RACK", labels.getOrDefault(ConvoxLabels.RACK, ""));
        env.put("SERVICE", service);
        env.put("RELEASE", release);
        env.put("HOSTNAME", podName);
        return env;
    }
}
