package dev.rackside.services.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import java.util.Optional;

/**
 * The Convox custom resources, addressed with explicit plurals so no API discovery round-trip is needed
 * (and the mock server, which serves no discovery, answers them too).
 */
public final class ConvoxCrds {
    public static final ResourceDefinitionContext RELEASES = crd("convox.com", "Release", "releases");
    public static final ResourceDefinitionContext BUILDS = crd("convox.com", "Build", "builds");
    public static final ResourceDefinitionContext ATOMS = crd("atom.convox.com", "Atom", "atoms");
    public static final ResourceDefinitionContext ATOM_VERSIONS = crd("atom.convox.com", "AtomVersion", "atomversions");
    /** KEDA's ScaledObject, which owns a service's replicas where Convox made one (provider/k8s service.go). */
    public static final ResourceDefinitionContext SCALED_OBJECTS = new ResourceDefinitionContext.Builder()
            .withGroup("keda.sh").withVersion("v1alpha1").withKind("ScaledObject").withPlural("scaledobjects")
            .withNamespaced(true).build();

    private ConvoxCrds() {
    }

    private static ResourceDefinitionContext crd(String group, String kind, String plural) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(group).withVersion("v1").withKind(kind).withPlural(plural).withNamespaced(true)
                .build();
    }

    /** A string field of {@code spec}, empty when absent. */
    public static String spec(GenericKubernetesResource r, String field) {
        Object spec = r.getAdditionalProperties().get("spec");
        if (spec instanceof Map<?, ?> m && m.get(field) != null) {
            return String.valueOf(m.get(field));
        }
        return "";
    }

    /** A top-level string field (the Atom keeps {@code status} beside spec, not under it). */
    public static Optional<String> top(GenericKubernetesResource r, String field) {
        Object v = r.getAdditionalProperties().get(field);
        return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
    }
}
