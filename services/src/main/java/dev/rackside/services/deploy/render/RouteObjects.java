package dev.rackside.services.deploy.render;

import dev.rackside.services.manifest.Manifest;
import dev.rackside.services.manifest.Manifest.Service;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a service is reached, as convox 3.24.9 writes it: the ClusterIP Service (service.yml.tmpl), and for a
 * service with a port the Ingress (ingress.yml.tmpl, class {@code nginx}, host on the rack's domain) or, with
 * {@code internalRouter}, the Ingress {@code <svc>-internal} (ingress-internal.yml.tmpl, class
 * {@code nginx-internal}, host on {@code DOMAIN_INTERNAL}), with provider/aws IngressAnnotations' cert-manager
 * issuer and release.go's rules for custom annotations.
 */
final class RouteObjects {
    /** provider/k8s release.go reservedNginxAnnotations: what a service's ingressAnnotations may not override. */
    private static final Set<String> RESERVED = Set.of("alb.ingress.kubernetes.io/scheme",
            "cert-manager.io/cluster-issuer", "cert-manager.io/duration", "nginx.ingress.kubernetes.io/backend-protocol",
            "nginx.ingress.kubernetes.io/proxy-connect-timeout", "nginx.ingress.kubernetes.io/proxy-read-timeout",
            "nginx.ingress.kubernetes.io/proxy-send-timeout", "nginx.ingress.kubernetes.io/server-snippet",
            "nginx.ingress.kubernetes.io/affinity", "nginx.ingress.kubernetes.io/session-cookie-name",
            "nginx.ingress.kubernetes.io/ssl-redirect", "nginx.ingress.kubernetes.io/whitelist-source-range");

    private RouteObjects() {
    }

    /** Selects on service and type only; the main port targets the container's port by its name. */
    static Optional<HasMetadata> service(RenderInput in, Service s) {
        List<ServicePort> ports = new ArrayList<>();
        s.port().ifPresent(p -> ports.add(new ServicePortBuilder().withName("main").withPort(p.port())
                .withProtocol("TCP").withTargetPort(new IntOrString("main")).build()));
        for (Manifest.ExtraPort p : s.ports()) {
            ports.add(new ServicePortBuilder().withName("port-" + p.port()).withPort(p.port())
                    .withProtocol(p.protocol().toUpperCase(Locale.ROOT)).withTargetPort(new IntOrString(p.port()))
                    .build());
        }
        if (ports.isEmpty()) {
            return Optional.empty();
        }
        ObjectMeta meta = Meta.of(in, s.name(), Map.of("service", s.name()), s.labels());
        meta.setAnnotations(new TreeMap<>(Map.of("convox.com/alias", s.name() + "." + in.app() + "." + in.rack()
                + ".local")));
        return Optional.of(new ServiceBuilder().withMetadata(meta).withNewSpec().withType("ClusterIP")
                .withSelector(new TreeMap<>(Map.of("service", s.name(), "type", "service"))).withPorts(ports)
                .endSpec().build());
    }

    /**
     * The service's Ingress, if it is routable (has a port and is not {@code internal}).
     *
     * @throws Unrenderable for an internalRouter service on a rack with no internal router, as Convox refuses it
     */
    static Optional<HasMetadata> ingress(RenderInput in, Service s) {
        if (s.port().isEmpty() || s.internal()) {
            return Optional.empty();
        }
        boolean internal = s.internalRouter();
        Optional<String> domain = internal ? in.domainInternal() : in.domain();
        if (domain.isEmpty()) {
            if (internal) {
                throw new Unrenderable(in.release(), List.of("services." + s.name() + ".internalRouter: please "
                        + "enable the rack's internal router first: convox rack params set internal_router=true"));
            }
            return Optional.empty();
        }
        String host = s.name() + "." + in.app() + "." + domain.get();
        Manifest.Port main = s.port().get();
        Map<String, String> ann = new TreeMap<>();
        ann.put("cert-manager.io/cluster-issuer", "letsencrypt");
        s.ingressAnnotations().forEach((k, v) -> {
            if (!RESERVED.contains(k)) {
                ann.put(k, v);
            }
        });
        ann.put("alb.ingress.kubernetes.io/scheme", internal ? "internal" : "internet-facing");
        ann.put("convox.com/backend-protocol", main.scheme());
        ann.put("convox.com/idles", "false");
        ann.put("nginx.ingress.kubernetes.io/backend-protocol", main.scheme());
        String timeout = String.valueOf(s.timeout());
        ann.put("nginx.ingress.kubernetes.io/proxy-connect-timeout", timeout);
        ann.put("nginx.ingress.kubernetes.io/proxy-read-timeout", timeout);
        ann.put("nginx.ingress.kubernetes.io/proxy-send-timeout", timeout);
        ann.put("nginx.ingress.kubernetes.io/server-snippet", "keepalive_timeout " + timeout + "s;\n"
                + "client_body_timeout " + timeout + "s;\n");
        ann.put("nginx.ingress.kubernetes.io/ssl-redirect", String.valueOf(s.tlsRedirect()));
        s.whitelist().ifPresent(w -> ann.put("nginx.ingress.kubernetes.io/whitelist-source-range", w));
        List<IngressTLS> tls = new ArrayList<>();
        if (!internal) {
            tls.add(new IngressTLSBuilder().withHosts(host).withSecretName("cert-" + s.name()).build());
        }
        if (!s.domains().isEmpty()) {
            tls.add(new IngressTLSBuilder().withHosts(s.domains()).withSecretName("cert-" + s.name() + "-domains")
                    .build());
        }
        List<IngressRule> rules = new ArrayList<>();
        List<String> hosts = new ArrayList<>(List.of(host));
        hosts.addAll(s.domains());
        for (String h : hosts) {
            rules.add(new IngressRuleBuilder().withHost(h).withNewHttp().addNewPath().withPathType(
                    "ImplementationSpecific").withNewBackend().withNewService().withName(s.name()).withNewPort()
                    .withNumber(main.port()).endPort().endService().endBackend().endPath().endHttp().build());
        }
        ObjectMeta meta = Meta.of(in, internal ? s.name() + "-internal" : s.name(), Map.of("service", s.name(),
                "type", "service"), s.labels());
        meta.setAnnotations(ann);
        return Optional.of(new IngressBuilder().withMetadata(meta).withNewSpec()
                .withIngressClassName(internal ? "nginx-internal" : "nginx").withTls(tls).withRules(rules).endSpec()
                .build());
    }
}
