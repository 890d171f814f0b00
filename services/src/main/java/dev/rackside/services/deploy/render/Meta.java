package dev.rackside.services.deploy.render;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import java.util.TreeMap;

/**
 * Object metadata as the templates write it plus the labels the rack's atom adds to every object it applies
 * (pkg/atom/atom.go applyLabels: its prune filter {@code system=convox,rack=<rack>,app=<app>}).
 */
final class Meta {
    private Meta() {
    }

    /** {@code labels} (the template's), the service's own labels after them, then the atom's. */
    static ObjectMeta of(RenderInput in, String name, Map<String, String> labels, Map<String, String> serviceLabels) {
        Map<String, String> all = new TreeMap<>(labels);
        all.putAll(serviceLabels);
        all.put("system", "convox");
        all.put("rack", in.rack());
        all.put("app", in.app());
        return new ObjectMetaBuilder().withName(name).withLabels(all).build();
    }

    static ObjectMeta of(RenderInput in, String name, Map<String, String> labels) {
        return of(in, name, labels, Map.of());
    }
}
