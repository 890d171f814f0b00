package dev.rackside.services.deploy.render;

import dev.rackside.services.manifest.Manifest;
import dev.rackside.services.manifest.Manifest.Service;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders a release into the objects Convox's templates make (convox-model.md sections 1.2, 3, 4 and 5):
 * per service Secret {@code env-<svc>}, ServiceAccount, Deployment (DaemonSet for agents) with probes,
 * rolling-update bounds, requests and limits and resource links, Service, HPA for ranged counts, Ingress
 * for external ports; per timer a CronJob. A release that needs anything else is refused before anything
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
    private static final String CONDITIONS = "Available=True,Progressing=True/NewReplicaSetAvailable";
    private static final String[] RESOURCE_KEYS = {"URL", "USER", "PASS", "HOST", "PORT", "NAME"};

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
            out.add(envSecret(in, s));
            out.add(new ServiceAccountBuilder().withMetadata(meta(in, s.name(), Map.of("service", s.name(),
                    "type", "serviceaccount"))).build());
            out.add(workload(in, s));
            hpa(in, s).ifPresent(out::add);
            service(in, s).ifPresent(out::add);
            ingress(in, s).ifPresent(out::add);
        }
        for (Manifest.Timer t : m.timers().values()) {
            out.add(timer(in, t));
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

    private static ObjectMeta meta(RenderInput in, String name, Map<String, String> labels) {
        Map<String, String> all = new TreeMap<>(labels);
        all.put("system", "convox");
        all.put("rack", in.rack());
        all.put("app", in.app());
        return new ObjectMetaBuilder().withName(name).withLabels(all).build();
    }

    /** The layers of convox-model.md section 3, later winning; RACK_URL is left out (it holds the api password). */
    private static HasMetadata envSecret(RenderInput in, Service s) {
        Map<String, String> env = new TreeMap<>();
        env.put("RACK", in.rack());
        env.put("APP", in.app());
        env.put("RELEASE", in.release());
        env.put("BUILD", in.build());
        env.put("BUILD_DESCRIPTION", in.buildDescription());
        in.gitSha().ifPresent(sha -> env.put("BUILD_GIT_SHA", sha));
        env.put("SERVICE", s.name());
        s.port().ifPresent(p -> env.put("PORT", String.valueOf(p.port())));
        List<String> declared = new ArrayList<>(in.manifest().environment());
        declared.addAll(s.environment());
        for (String d : declared) {
            int eq = d.indexOf('=');
            if (eq > 0) {
                env.put(d.substring(0, eq).trim(), d.substring(eq + 1));
            }
        }
        env.putAll(in.env());
        Map<String, String> data = new TreeMap<>();
        env.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder().withMetadata(meta(in, "env-" + s.name(), Map.of("service", s.name(), "type",
                "env"))).withType("Opaque").withData(data).build();
    }

    private static HasMetadata workload(RenderInput in, Service s) {
        Map<String, String> selector = new TreeMap<>(Map.of("system", "convox", "rack", in.rack(), "app", in.app(),
                "service", s.name()));
        ObjectMeta meta = meta(in, s.name(), Map.of("service", s.name(), "type", "service"));
        if (s.agent()) {
            return new DaemonSetBuilder().withMetadata(meta).withNewSpec().withNewSelector()
                    .withMatchLabels(selector).endSelector().withTemplate(podTemplate(in, s)).withNewUpdateStrategy()
                    .withType("RollingUpdate").withNewRollingUpdate().withMaxUnavailable(new IntOrString(1))
                    .endRollingUpdate().endUpdateStrategy().endSpec().build();
        }
        meta.setAnnotations(new TreeMap<>(Map.of("atom.conditions", CONDITIONS)));
        int replicas = in.currentReplicas().getOrDefault(s.name(), 0);
        if (replicas == 0) {
            replicas = s.scale().min();
        }
        Manifest.Deployment d = s.deployment();
        return new DeploymentBuilder().withMetadata(meta).withNewSpec().withReplicas(replicas)
                .withRevisionHistoryLimit(1).withNewSelector().withMatchLabels(selector).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString((d.maximum() - 100) + "%"))
                .withMaxUnavailable(new IntOrString((100 - d.minimum()) + "%")).endRollingUpdate().endStrategy()
                .withTemplate(podTemplate(in, s)).endSpec().build();
    }

    private static PodTemplateSpec podTemplate(RenderInput in, Service s) {
        Map<String, String> labels = new TreeMap<>(in.manifest().labels());
        labels.putAll(s.labels());
        labels.putAll(Map.of("system", "convox", "rack", in.rack(), "app", in.app(), "name", s.name(),
                "service", s.name(), "release", in.release(), "type", "service"));
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels)
                .withAnnotations(new TreeMap<>(s.annotations())).endMetadata().withSpec(podSpec(in, s,
                        s.command())).build();
    }

    private static PodSpec podSpec(RenderInput in, Service s, Optional<String> command) {
        return new PodSpecBuilder().withServiceAccountName(s.name()).withShareProcessNamespace(s.init())
                .withTerminationGracePeriodSeconds((long) s.terminationGrace()).withContainers(container(in, s,
                        command)).build();
    }

    private static Container container(RenderInput in, Service s, Optional<String> command) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder().withName("INSTANCE_IP").withNewValueFrom().withNewFieldRef()
                .withFieldPath("status.hostIP").endFieldRef().endValueFrom().build());
        for (Manifest.Link link : s.resources()) {
            for (String key : RESOURCE_KEYS) {
                env.add(new EnvVarBuilder().withName(link.env() + "_" + key).withNewValueFrom()
                        .withNewConfigMapKeyRef().withName("resource-" + link.resource()).withKey(key).endConfigMapKeyRef()
                        .endValueFrom().build());
            }
        }
        List<ContainerPort> ports = new ArrayList<>();
        s.port().ifPresent(p -> ports.add(new ContainerPortBuilder().withName("main").withContainerPort(p.port())
                .build()));
        for (Manifest.ExtraPort p : s.ports()) {
            ports.add(new ContainerPortBuilder().withName("port-" + p.port()).withContainerPort(p.port())
                    .withProtocol(p.protocol().toUpperCase(Locale.ROOT)).build());
        }
        Manifest.Scale sc = s.scale();
        var resources = new ResourceRequirementsBuilder()
                .withRequests(new TreeMap<>(Map.of("cpu", new Quantity(sc.cpu() + "m"), "memory",
                        new Quantity(sc.memory() + "Mi"))));
        Map<String, Quantity> limits = new TreeMap<>();
        sc.limitCpu().ifPresent(c -> limits.put("cpu", new Quantity(c + "m")));
        sc.limitMemory().ifPresent(mem -> limits.put("memory", new Quantity(mem + "Mi")));
        if (!limits.isEmpty()) {
            resources.withLimits(limits);
        }
        String image = s.image().orElse(in.registry() + ":" + s.name() + "." + in.build());
        ContainerBuilder c = new ContainerBuilder().withName(in.app()).withImage(image)
                .withEnvFrom(new io.fabric8.kubernetes.api.model.EnvFromSourceBuilder().withNewSecretRef()
                        .withName("env-" + s.name()).endSecretRef().build())
                .withEnv(env).withPorts(ports).withResources(resources.build());
        command.filter(x -> !x.isBlank()).ifPresent(cmd -> c.withArgs(Words.split(cmd)));
        readiness(s).ifPresent(c::withReadinessProbe);
        s.liveness().ifPresent(l -> c.withLivenessProbe(probe(l.path().orElse("/"), l.port().orElse(
                s.port().map(Manifest.Port::port).orElse(0)), l.grace(), l.interval(), l.timeout(),
                l.successThreshold(), l.failureThreshold(), s)));
        if (s.privileged()) {
            c.withNewSecurityContext().withPrivileged(true).endSecurityContext();
        }
        return c.build();
    }

    private static Optional<Probe> readiness(Service s) {
        Manifest.Health h = s.health();
        Optional<Integer> port = h.port().or(() -> s.port().map(Manifest.Port::port));
        if (h.disable() || port.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(probe(h.path(), port.get(), h.grace(), h.interval(), h.timeout(), 1, 3, s));
    }

    private static Probe probe(String path, int port, int grace, int interval, int timeout, int success, int failure,
            Service s) {
        String scheme = s.port().map(p -> p.scheme().equals("https") ? "HTTPS" : "HTTP").orElse("HTTP");
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString(port)).withScheme(scheme)
                .endHttpGet().withInitialDelaySeconds(grace).withPeriodSeconds(interval).withTimeoutSeconds(timeout)
                .withSuccessThreshold(success).withFailureThreshold(failure).build();
    }

    private static Optional<HasMetadata> hpa(RenderInput in, Service s) {
        Manifest.Scale sc = s.scale();
        if (s.agent() || !sc.ranged()) {
            return Optional.empty();
        }
        List<MetricSpec> metrics = new ArrayList<>();
        sc.targetCpu().ifPresent(t -> metrics.add(utilisation("cpu", t)));
        sc.targetMemory().ifPresent(t -> metrics.add(utilisation("memory", t)));
        var b = new HorizontalPodAutoscalerBuilder().withMetadata(meta(in, s.name(), Map.of("service", s.name())))
                .withNewSpec().withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment")
                .withName(s.name()).endScaleTargetRef().withMinReplicas(sc.min())
                .withMaxReplicas(sc.max().orElse(Math.max(sc.min(), 10))).withMetrics(metrics).endSpec();
        return Optional.of(b.build());
    }

    private static MetricSpec utilisation(String resource, int percent) {
        return new MetricSpecBuilder().withType("Resource").withNewResource().withName(resource).withNewTarget()
                .withType("Utilization").withAverageUtilization(percent).endTarget().endResource().build();
    }

    private static Optional<HasMetadata> service(RenderInput in, Service s) {
        List<ServicePort> ports = new ArrayList<>();
        s.port().ifPresent(p -> ports.add(new ServicePortBuilder().withName("main").withPort(p.port())
                .withTargetPort(new IntOrString(p.port())).withProtocol("TCP").build()));
        for (Manifest.ExtraPort p : s.ports()) {
            ports.add(new ServicePortBuilder().withName("port-" + p.port()).withPort(p.port())
                    .withTargetPort(new IntOrString(p.port())).withProtocol(p.protocol().toUpperCase(Locale.ROOT))
                    .build());
        }
        if (ports.isEmpty()) {
            return Optional.empty();
        }
        ObjectMeta meta = meta(in, s.name(), Map.of("service", s.name()));
        meta.setAnnotations(new TreeMap<>(Map.of("convox.com/alias", s.name() + "." + in.app() + "." + in.rack()
                + ".local")));
        return Optional.of(new ServiceBuilder().withMetadata(meta).withNewSpec().withType("ClusterIP")
                .withSelector(new TreeMap<>(Map.of("system", "convox", "rack", in.rack(), "app", in.app(),
                        "service", s.name(), "type", "service"))).withPorts(ports).endSpec().build());
    }

    private static Optional<HasMetadata> ingress(RenderInput in, Service s) {
        if (s.port().isEmpty() || s.internal() || in.domain().isEmpty()) {
            return Optional.empty();
        }
        List<String> hosts = new ArrayList<>();
        hosts.add(s.name() + "." + in.app() + "." + in.domain().get());
        hosts.addAll(s.domains());
        List<IngressRule> rules = new ArrayList<>();
        for (String host : hosts) {
            rules.add(new IngressRuleBuilder().withHost(host).withNewHttp().addNewPath().withPath("/")
                    .withPathType("Prefix").withNewBackend().withNewService().withName(s.name()).withNewPort()
                    .withName("main").endPort().endService().endBackend().endPath().endHttp().build());
        }
        Map<String, String> ann = new TreeMap<>(s.ingressAnnotations());
        String scheme = s.port().get().scheme();
        ann.put("nginx.ingress.kubernetes.io/backend-protocol", scheme.equals("https") ? "HTTPS"
                : scheme.equals("grpc") ? "GRPC" : "HTTP");
        ann.put("nginx.ingress.kubernetes.io/proxy-read-timeout", String.valueOf(s.timeout()));
        ann.put("nginx.ingress.kubernetes.io/proxy-send-timeout", String.valueOf(s.timeout()));
        ann.put("nginx.ingress.kubernetes.io/ssl-redirect", String.valueOf(s.tlsRedirect()));
        s.whitelist().ifPresent(w -> ann.put("nginx.ingress.kubernetes.io/whitelist-source-range", w));
        ObjectMeta meta = meta(in, s.name(), Map.of("service", s.name(), "type", "service"));
        meta.setAnnotations(ann);
        return Optional.of(new IngressBuilder().withMetadata(meta).withNewSpec()
                .withIngressClassName(s.internalRouter() ? "nginx-internal" : "nginx").withRules(rules)
                .addNewTl().withHosts(hosts).withSecretName("cert-" + s.name()).endTl().endSpec().build());
    }

    private static HasMetadata timer(RenderInput in, Manifest.Timer t) {
        Service s = in.manifest().services().get(t.service());
        PodTemplateSpec pod = podTemplate(in, s);
        pod.getMetadata().getLabels().put("name", t.name());
        pod.getMetadata().getLabels().put("type", "timer");
        pod.getMetadata().getAnnotations().putAll(t.annotations());
        PodSpec spec = podSpec(in, s, Optional.of(t.command()));
        spec.setRestartPolicy("Never");
        spec.getContainers().get(0).setReadinessProbe(null);
        spec.getContainers().get(0).setLivenessProbe(null);
        pod.setSpec(spec);
        return new CronJobBuilder().withMetadata(meta(in, "timer-" + t.name(), Map.of("name", t.name(), "service",
                t.service(), "type", "timer"))).withNewSpec().withSchedule(t.schedule())
                .withConcurrencyPolicy(t.concurrency()).withSuccessfulJobsHistoryLimit(1).withFailedJobsHistoryLimit(1)
                .withNewJobTemplate().withNewSpec().withParallelism(t.parallelCount()).withCompletions(
                        t.parallelCount()).withTemplate(pod).endSpec().endJobTemplate().endSpec().build();
    }
}
