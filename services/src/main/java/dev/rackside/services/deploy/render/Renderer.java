package dev.rackside.services.deploy.render;

import dev.rackside.services.manifest.Manifest;
import dev.rackside.services.manifest.Manifest.Service;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders a release into the objects convox 3.24.9's templates make (provider/k8s/template/app:
 * service.yml.tmpl in {@link ServiceObjects}, the Service and ingress.yml.tmpl / ingress-internal.yml.tmpl in
 * {@link RouteObjects}, timer.yml.tmpl in {@link TimerObjects}), for racks with no rack API of their own (bare
 * clusters) and for {@code --direct}. A release that needs anything else is refused before anything
 * is written ({@link Unrenderable}), naming each feature: a half-rendered app is worse than none.
 */
public final class Renderer {
    /** Service keys the renderer does not turn into objects; they would be silently lost otherwise. */
    private static final Map<String, String> UNSUPPORTED = new TreeMap<>(Map.ofEntries(
            Map.entry("volumes", "volumes"), Map.entry("volumeOptions", "volumeOptions"),
            Map.entry("configMounts", "configMounts"), Map.entry("initContainer", "initContainer"),
            Map.entry("imagePullSecrets", "imagePullSecrets"), Map.entry("nodeSelectorLabels", "nodeSelectorLabels"),
            Map.entry("nodeAffinityLabels", "nodeAffinityLabels"), Map.entry("securityContext", "securityContext"),
            Map.entry("accessControl", "accessControl (AWS Pod Identity)"), Map.entry("certificate", "certificate"),
            Map.entry("dnsConfig", "dnsConfig"), Map.entry("lifecycle", "lifecycle hooks"),
            Map.entry("startupProbe", "startupProbe"), Map.entry("grpcHealthEnabled", "grpcHealthEnabled"),
            Map.entry("scale.autoscale", "scale.autoscale (KEDA)"), Map.entry("scale.keda", "scale.keda"),
            Map.entry("scale.vpa", "scale.vpa"), Map.entry("scale.gpu", "scale.gpu"),
            Map.entry("scale.targets.external", "scale.targets.external"), Map.entry("sticky", "sticky"),
            Map.entry("disableHostUsers", "disableHostUsers")));

    private Renderer() {
    }

    /**
     * @param existingResources the app's {@code resource-<name>} ConfigMaps that exist: resources themselves
     *                          are made by the Convox api, so a release may only link ones already there
     * @throws Unrenderable naming every feature of the release rackside cannot render
     */
    public static List<HasMetadata> render(RenderInput in, Set<String> existingResources) {
        Manifest m = in.manifest();
        List<String> refused = new ArrayList<>();
        if (!m.balancers().isEmpty()) {
            refused.add("balancers (" + String.join(", ", m.balancers().keySet()) + ")");
        }
        if (!m.configs().isEmpty()) {
            refused.add("configs");
        }
        for (Manifest.Resource r : m.resources().values()) {
            if (!existingResources.contains(r.name())) {
                refused.add("resources." + r.name() + " (" + r.type() + ") does not exist yet; the Convox api "
                        + "creates resources");
            }
        }
        for (Service s : m.services().values()) {
            for (String f : s.features()) {
                if (UNSUPPORTED.containsKey(f)) {
                    refused.add("services." + s.name() + "." + UNSUPPORTED.get(f));
                }
            }
        }
        if (!refused.isEmpty()) {
            throw new Unrenderable(in.release(), refused);
        }
        List<HasMetadata> out = new ArrayList<>();
        for (Service s : m.services().values()) {
            out.add(ServiceObjects.envSecret(in, s));
            out.add(ServiceObjects.account(in, s));
            out.add(ServiceObjects.workload(in, s));
            ServiceObjects.hpa(in, s).ifPresent(out::add);
            RouteObjects.service(in, s).ifPresent(out::add);
            RouteObjects.ingress(in, s).ifPresent(out::add);
        }
        for (Manifest.Timer t : m.timers().values()) {
            out.add(TimerObjects.account(in, t));
            out.add(TimerObjects.cronJob(in, t));
        }
        return out;
    }

    /** The objects as one multi-document YAML, as an AtomVersion's template holds them. */
    public static String yaml(List<HasMetadata> objects) {
        StringBuilder b = new StringBuilder();
        for (HasMetadata o : objects) {
            b.append("---\n").append(Serialization.asYaml(o).replaceFirst("^---\\s*\n", ""));
        }
        return b.toString();
    }
}
