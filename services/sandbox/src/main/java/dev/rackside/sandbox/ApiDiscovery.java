package dev.rackside.sandbox;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API discovery for the sandbox ({@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/<group>/<version>}):
 * the mock server answers resources but not discovery, and kubectl needs it to know what
 * {@code releases.convox.com} or {@code deploy} mean. Every kind the sandbox holds is listed.
 */
final class ApiDiscovery {
    private static final List<String> VERBS = List.of("create", "delete", "get", "list", "patch", "update", "watch");

    /** group/version -> resources (plural, kind, namespaced, short names). */
    private static final Map<String, List<APIResource>> RESOURCES = new LinkedHashMap<>();

    static {
        add("v1", "namespaces", "Namespace", false, "ns");
        add("v1", "pods", "Pod", true, "po");
        add("v1", "configmaps", "ConfigMap", true, "cm");
        add("v1", "secrets", "Secret", true);
        add("v1", "services", "Service", true, "svc");
        add("v1", "serviceaccounts", "ServiceAccount", true, "sa");
        add("v1", "events", "Event", true, "ev");
        add("apps/v1", "deployments", "Deployment", true, "deploy");
        add("apps/v1", "daemonsets", "DaemonSet", true, "ds");
        add("apps/v1", "replicasets", "ReplicaSet", true, "rs");
        add("autoscaling/v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, "hpa");
        add("batch/v1", "cronjobs", "CronJob", true, "cj");
        add("networking.k8s.io/v1", "ingresses", "Ingress", true, "ing");
        add("coordination.k8s.io/v1", "leases", "Lease", true);
        add("convox.com/v1", "releases", "Release", true);
        add("convox.com/v1", "builds", "Build", true);
        add("atom.convox.com/v1", "atoms", "Atom", true);
        add("atom.convox.com/v1", "atomversions", "AtomVersion", true);
        add("v1", "nodes", "Node", false, "no");
        add("metrics.k8s.io/v1beta1", "pods", "PodMetrics", true);
        add("metrics.k8s.io/v1beta1", "nodes", "NodeMetrics", false);
    }

    private ApiDiscovery() {
    }

    private static void add(String groupVersion, String plural, String kind, boolean namespaced, String... shortNames) {
        RESOURCES.computeIfAbsent(groupVersion, g -> new ArrayList<>()).add(new APIResourceBuilder().withName(plural)
                .withSingularName(kind.toLowerCase(java.util.Locale.ROOT)).withKind(kind).withNamespaced(namespaced)
                .withVerbs(VERBS).withShortNames(shortNames).build());
    }

    static void install(KubernetesMockServer server) {
        expect(server, "/api", new APIVersionsBuilder().withVersions("v1").build());
        List<APIGroup> groups = new ArrayList<>();
        for (Map.Entry<String, List<APIResource>> e : RESOURCES.entrySet()) {
            String gv = e.getKey();
            expect(server, gv.equals("v1") ? "/api/v1" : "/apis/" + gv, new APIResourceListBuilder()
                    .withGroupVersion(gv).withResources(e.getValue()).build());
            if (!gv.equals("v1")) {
                String group = gv.substring(0, gv.indexOf('/'));
                String version = gv.substring(gv.indexOf('/') + 1);
                var forDiscovery = new GroupVersionForDiscoveryBuilder().withGroupVersion(gv).withVersion(version)
                        .build();
                groups.add(new APIGroupBuilder().withName(group).withVersions(forDiscovery)
                        .withPreferredVersion(forDiscovery).build());
            }
        }
        expect(server, "/apis", new APIGroupListBuilder().withGroups(groups).build());
    }

    /** kubectl asks with and without its discovery timeout; the mock matches path and query exactly. */
    private static void expect(KubernetesMockServer server, String path, Object body) {
        for (String p : List.of(path, path + "?timeout=32s")) {
            server.expect().get().withPath(p).andReturn(200, body).always();
        }
    }
}
