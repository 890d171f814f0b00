package dev.rackside.services.shell;

import dev.rackside.services.kube.ConvoxLabels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.Comparator;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * {@code resources proxy} without the rack API: the resource's URL from its {@code resource-NAME} ConfigMap (where
 * the rack API reads it, provider/k8s/resource.go resourceUrl), and a Kubernetes port-forward to the resource's
 * running pod (labels {@code app}, {@code resource}, {@code type=resource}, as Convox's resource templates set
 * them), on the container port behind the URL's Service port. A resource outside the cluster (RDS, ElastiCache)
 * has no pod: only the rack API, which dials from inside the VPC, reaches it.
 */
public final class KubeTunnels {
    private final KubernetesClient client;
    private final String namespace;
    private final String app;

    public KubeTunnels(KubernetesClient client, String namespace, String app) {
        this.client = client;
        this.namespace = namespace;
        this.app = app;
    }

    public LocalTunnel proxy(String resource, OptionalInt localPort, Consumer<String> events) throws IOException {
        String object = "resource-" + resource;
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName(object).get();
        if (cm == null) {
            throw new IOException("resource not found: " + resource + " (no ConfigMap " + object + " in " + namespace
                    + ")");
        }
        String url = cm.getData() == null ? "" : cm.getData().getOrDefault("URL", "");
        ResourceAddress address = ResourceAddress.parse(resource, url);
        Pod pod = client.pods().inNamespace(namespace).withLabels(Map.of(ConvoxLabels.APP, app, "resource", resource,
                ConvoxLabels.TYPE, "resource")).list().getItems().stream().filter(KubeTunnels::running)
                .max(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())))
                .orElseThrow(() -> new IOException("resource " + resource + " has no running pod in " + namespace
                        + " (its URL points at " + address.remote() + "); without the rack API only a resource that "
                        + "runs in the cluster can be reached"));
        int target = containerPort(object, address.port());
        String name = pod.getMetadata().getName();
        return LocalTunnel.open(resource, address, localPort.orElse(address.port()), "kubernetes port-forward to pod "
                + name + ":" + target, ProxyDialers.kube(client, namespace, name, target), events);
    }

    /** The Service's targetPort for the URL's port when it names a number, else the port itself. */
    private int containerPort(String service, int port) {
        Service s = client.services().inNamespace(namespace).withName(service).get();
        if (s == null || s.getSpec() == null || s.getSpec().getPorts() == null) {
            return port;
        }
        for (ServicePort p : s.getSpec().getPorts()) {
            if (p.getPort() != null && p.getPort() == port && p.getTargetPort() != null
                    && p.getTargetPort().getIntVal() != null) {
                return p.getTargetPort().getIntVal();
            }
        }
        return port;
    }

    private static boolean running(Pod p) {
        return p.getStatus() != null && "Running".equals(p.getStatus().getPhase());
    }
}
