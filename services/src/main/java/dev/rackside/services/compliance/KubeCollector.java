package dev.rackside.services.compliance;


import dev.rackside.services.model.compliance.Inventory;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * Every Kubernetes read the checks need, into an {@link Inventory}: the rack's app namespaces
 * ({@code system=convox,rack=<rack>,type=app}) and, in each and in {@code default}, the objects of
 * section 2. A refused read (403) is recorded as a failure of that key only: the checks that needed it
 * are ERROR, the others still evaluate. Nothing here decides anything.
 */
public final class KubeCollector {
    /** The namespaced kinds read per namespace, by their inventory key. */
    static final List<String> KINDS = List.of("pods", "deployments", "statefulsets", "daemonsets", "jobs",
            "cronjobs", "networkpolicies", "serviceaccounts", "limitranges", "resourcequotas");

    private KubeCollector() {
    }

    public static String key(String kind, String namespace) {
        return "k8s:" + kind + ":" + namespace;
    }

    public static final String NAMESPACES = "k8s:namespaces";

    public static void collect(KubernetesClient client, String rack, Inventory into, Clock clock) {
        List<Namespace> namespaces;
        try {
            var list = client.namespaces().withLabel("system", "convox").withLabel("rack", rack)
                    .withLabel("type", "app").list();
            into.put(NAMESPACES, Serialization.asJson(list), clock.instant());
            namespaces = list.getItems();
        } catch (KubernetesClientException e) {
            into.failed(NAMESPACES, describe(e));
            return;
        }
        for (Namespace ns : namespaces) {
            readNamespace(client, ns.getMetadata().getName(), into, clock);
        }
        readNamespace(client, "default", into, clock);
        // Calico or Cilium enforce NetworkPolicy without the VPC CNI's switch (iso-eks-netpol-enforced).
        read(into, clock, key("daemonsets", "kube-system"), c -> c.apps().daemonSets().inNamespace("kube-system")
                .list(), client);
    }

    private static void readNamespace(KubernetesClient client, String ns, Inventory into, Clock clock) {
        read(into, clock, key("pods", ns), c -> c.pods().inNamespace(ns).list(), client);
        read(into, clock, key("deployments", ns), c -> c.apps().deployments().inNamespace(ns).list(), client);
        read(into, clock, key("statefulsets", ns), c -> c.apps().statefulSets().inNamespace(ns).list(), client);
        read(into, clock, key("daemonsets", ns), c -> c.apps().daemonSets().inNamespace(ns).list(), client);
        read(into, clock, key("jobs", ns), c -> c.batch().v1().jobs().inNamespace(ns).list(), client);
        read(into, clock, key("cronjobs", ns), c -> c.batch().v1().cronjobs().inNamespace(ns).list(), client);
        read(into, clock, key("networkpolicies", ns), c -> c.network().networkPolicies().inNamespace(ns).list(),
                client);
        read(into, clock, key("serviceaccounts", ns), c -> c.serviceAccounts().inNamespace(ns).list(), client);
        read(into, clock, key("limitranges", ns), c -> c.limitRanges().inNamespace(ns).list(), client);
        read(into, clock, key("resourcequotas", ns), c -> c.resourceQuotas().inNamespace(ns).list(), client);
    }

    private static void read(Inventory into, Clock clock, String key,
            Function<KubernetesClient, KubernetesResourceList<?>> list, KubernetesClient client) {
        try {
            into.put(key, Serialization.asJson(list.apply(client)), clock.instant());
        } catch (KubernetesClientException e) {
            into.failed(key, describe(e));
        }
    }

    private static String describe(KubernetesClientException e) {
        return dev.rackside.services.kube.KubeErrors.describe(e);
    }
}
