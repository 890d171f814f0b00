package dev.rackside.services.deploy.render;

import dev.rackside.services.text.ShellQuote;
import dev.rackside.services.manifest.Manifest;
import dev.rackside.services.manifest.Manifest.Service;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodDNSConfigBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A service's objects as convox 3.24.9 provider/k8s/template/app/service.yml.tmpl writes them: Secret
 * {@code env-<svc>}, ServiceAccount (with the service's annotations, where IRSA's role ARN lives), Deployment
 * (DaemonSet for agents) and HPA for a ranged count. Pod parts the timer template shares (env, resources,
 * the rack's resolver) are here too.
 */
final class ServiceObjects {
    private static final String CONDITIONS = "Available=True,Progressing=True/NewReplicaSetAvailable";

    private ServiceObjects() {
    }

    /** The layers of the env, later winning; RACK_URL is left out (it holds the api password). */
    static HasMetadata envSecret(RenderInput in, Service s) {
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
        return new SecretBuilder().withMetadata(Meta.of(in, "env-" + s.name(), Map.of("service", s.name(), "type",
                "env"), s.labels())).withType("Opaque").withData(data).build();
    }

    /** The service's annotations go on its ServiceAccount too: IRSA's role ARN is read from there. */
    static HasMetadata account(RenderInput in, Service s) {
        ObjectMeta meta = Meta.of(in, s.name(), Map.of("service", s.name(), "type", "serviceaccount"), s.labels());
        if (!s.annotations().isEmpty()) {
            meta.setAnnotations(new TreeMap<>(s.annotations()));
        }
        return new ServiceAccountBuilder().withMetadata(meta).build();
    }

    static HasMetadata workload(RenderInput in, Service s) {
        Map<String, String> selector = new TreeMap<>(Map.of("system", "convox", "rack", in.rack(), "app", in.app(),
                "service", s.name()));
        ObjectMeta meta = Meta.of(in, s.name(), Map.of("service", s.name(), "type", "service"), s.labels());
        if (s.agent()) {
            return new DaemonSetBuilder().withMetadata(meta).withNewSpec().withNewSelector()
                    .withMatchLabels(selector).endSelector().withMinReadySeconds(1).withRevisionHistoryLimit(1)
                    .withTemplate(podTemplate(in, s)).endSpec().build();
        }
        meta.setAnnotations(new TreeMap<>(Map.of("atom.conditions", CONDITIONS)));
        int replicas = in.currentReplicas().getOrDefault(s.name(), 0);
        if (replicas == 0) {
            replicas = s.scale().min();
        }
        Manifest.Deployment d = s.deployment();
        return new DeploymentBuilder().withMetadata(meta).withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(selector).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString((d.maximum() - 100) + "%"))
                .withMaxUnavailable(new IntOrString((100 - d.minimum()) + "%")).endRollingUpdate().endStrategy()
                .withMinReadySeconds(1).withRevisionHistoryLimit(1).withTemplate(podTemplate(in, s)).endSpec().build();
    }

    private static PodTemplateSpec podTemplate(RenderInput in, Service s) {
        Map<String, String> labels = new TreeMap<>(in.manifest().labels());
        labels.putAll(s.labels());
        labels.putAll(Map.of("system", "convox", "rack", in.rack(), "app", in.app(), "name", s.name(),
                "service", s.name(), "release", in.release(), "type", "service"));
        Map<String, String> annotations = new TreeMap<>();
        if (s.agent()) {
            annotations.put("scheduler.alpha.kubernetes.io/critical-pod", "");
        }
        annotations.putAll(s.annotations());
        PodSpec spec = new PodSpecBuilder().withServiceAccountName(s.name()).withShareProcessNamespace(s.init())
                .withTerminationGracePeriodSeconds((long) s.terminationGrace()).withContainers(container(in, s))
                .withVolumes(new VolumeBuilder().withName("ca").withNewConfigMap().withName("ca").withOptional(true)
                        .endConfigMap().build()).build();
        resolver(in, spec);
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).withAnnotations(annotations)
                .endMetadata().withSpec(spec).build();
    }

    private static Container container(RenderInput in, Service s) {
        List<ContainerPort> ports = new ArrayList<>();
        s.port().ifPresent(p -> ports.add(new ContainerPortBuilder().withName("main").withContainerPort(p.port())
                .build()));
        for (Manifest.ExtraPort p : s.ports()) {
            ContainerPortBuilder b = new ContainerPortBuilder().withName("port-" + p.port())
                    .withContainerPort(p.port()).withProtocol(p.protocol().toUpperCase(Locale.ROOT));
            if (s.agent()) {
                b.withHostPort(p.port());
            }
            ports.add(b.build());
        }
        ContainerBuilder c = new ContainerBuilder().withName(in.app()).withImage(image(in, s))
                .withImagePullPolicy("IfNotPresent").withEnv(env(s))
                .withEnvFrom(new EnvFromSourceBuilder().withNewSecretRef().withName("env-" + s.name())
                        .endSecretRef().build())
                .withPorts(ports).withResources(resources(s.scale()))
                .withVolumeMounts(new VolumeMountBuilder().withName("ca").withMountPath("/etc/convox").build());
        s.command().filter(x -> !x.isBlank()).ifPresent(cmd -> c.withArgs(ShellQuote.split(cmd)));
        s.port().ifPresent(main -> {
            liveness(s, main).ifPresent(c::withLivenessProbe);
            readiness(s, main).ifPresent(c::withReadinessProbe);
        });
        if (s.privileged()) {
            c.withNewSecurityContext().withPrivileged(true).endSecurityContext();
        }
        return c.build();
    }

    static String image(RenderInput in, Service s) {
        return s.image().orElse(in.registry() + ":" + s.name() + "." + in.build());
    }

    /** INSTANCE_IP, then each linked resource's variables from its ConfigMap. */
    static List<EnvVar> env(Service s) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder().withName("INSTANCE_IP").withNewValueFrom().withNewFieldRef()
                .withFieldPath("status.hostIP").endFieldRef().endValueFrom().build());
        for (Manifest.Link link : s.resources()) {
            link.variables().forEach((name, key) -> env.add(new EnvVarBuilder().withName(name).withNewValueFrom()
                    .withNewConfigMapKeyRef().withName("resource-" + link.resource()).withKey(key)
                    .endConfigMapKeyRef().endValueFrom().build()));
        }
        return env;
    }

    /**
     * Requests as given; limits: cpu only when {@code scale.limit.cpu} is set, memory always (the limit, else the
     * request), as Convox sets them.
     */
    static ResourceRequirements resources(Manifest.Scale sc) {
        Map<String, Quantity> requests = new TreeMap<>();
        if (sc.cpu() > 0) {
            requests.put("cpu", new Quantity(sc.cpu() + "m"));
        }
        if (sc.memory() > 0) {
            requests.put("memory", new Quantity(sc.memory() + "Mi"));
        }
        Map<String, Quantity> limits = new TreeMap<>();
        sc.limitCpu().ifPresent(c -> limits.put("cpu", new Quantity(c + "m")));
        Optional<Integer> memory = sc.limitMemory().or(() -> Optional.of(sc.memory()).filter(m -> m > 0));
        memory.ifPresent(m -> limits.put("memory", new Quantity(m + "Mi")));
        return new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build();
    }

    /**
     * With the rack's resolver (api env {@code RESOLVER}): dnsPolicy None, that nameserver, and the search
     * domains that make {@code <svc>.<app>.<rack>.local} resolve.
     */
    static void resolver(RenderInput in, PodSpec spec) {
        in.resolver().filter(r -> !r.isBlank()).ifPresent(ip -> {
            spec.setDnsPolicy("None");
            spec.setDnsConfig(new PodDNSConfigBuilder().withNameservers(ip).withSearches(in.app() + "." + in.rack()
                    + ".local", in.namespace() + ".svc.cluster.local", in.rack() + ".local", "svc.cluster.local",
                    "cluster.local").build());
        });
    }

    /** Only with a path; its port the liveness port, else the main one; a scheme only when given. */
    private static Optional<Probe> liveness(Service s, Manifest.Port main) {
        return s.liveness().filter(l -> l.path().isPresent()).filter(l -> !main.scheme().equals("grpc")
                && !l.port().map(Manifest.Port::scheme).filter(x -> !x.isEmpty()).orElse(main.scheme()).equals("grpc"))
                .map(l -> {
                    var get = new ProbeBuilder().withNewHttpGet().withPath(l.path().get()).withPort(new IntOrString(
                            l.port().map(Manifest.Port::port).orElse(main.port())));
                    l.port().map(Manifest.Port::scheme).filter(x -> !x.isEmpty())
                            .ifPresent(x -> get.withScheme(x.toUpperCase(Locale.ROOT)));
                    return get.endHttpGet().withInitialDelaySeconds(l.grace()).withPeriodSeconds(l.interval())
                            .withTimeoutSeconds(l.timeout()).withSuccessThreshold(l.successThreshold())
                            .withFailureThreshold(l.failureThreshold()).build();
                });
    }

    /** Unless disabled or gRPC; scheme the health port's, else the main port's. */
    private static Optional<Probe> readiness(Service s, Manifest.Port main) {
        Manifest.Health h = s.health();
        String scheme = h.port().map(Manifest.Port::scheme).filter(x -> !x.isEmpty()).orElse(main.scheme());
        if (h.disable() || main.scheme().equals("grpc") || scheme.equals("grpc")) {
            return Optional.empty();
        }
        return Optional.of(new ProbeBuilder().withNewHttpGet().withPath(h.path()).withPort(new IntOrString(
                h.port().map(Manifest.Port::port).orElse(main.port()))).withScheme(scheme.toUpperCase(Locale.ROOT))
                .endHttpGet().withInitialDelaySeconds(h.grace()).withPeriodSeconds(h.interval())
                .withTimeoutSeconds(h.timeout()).withSuccessThreshold(1).withFailureThreshold(3).build());
    }

    /** An HPA for a ranged count (not for agents), with the utilisation targets that are set. */
    static Optional<HasMetadata> hpa(RenderInput in, Service s) {
        Manifest.Scale sc = s.scale();
        if (s.agent() || !sc.ranged()) {
            return Optional.empty();
        }
        List<MetricSpec> metrics = new ArrayList<>();
        sc.targetCpu().ifPresent(t -> metrics.add(utilisation("cpu", t)));
        sc.targetMemory().ifPresent(t -> metrics.add(utilisation("memory", t)));
        return Optional.of(new HorizontalPodAutoscalerBuilder().withMetadata(Meta.of(in, s.name(), Map.of("service",
                s.name()), s.labels())).withNewSpec().withNewScaleTargetRef().withApiVersion("apps/v1")
                .withKind("Deployment").withName(s.name()).endScaleTargetRef().withMinReplicas(sc.min())
                .withMaxReplicas(sc.max().orElse(Math.max(sc.min(), 10))).withMetrics(metrics).endSpec().build());
    }

    private static MetricSpec utilisation(String resource, int percent) {
        return new MetricSpecBuilder().withType("Resource").withNewResource().withName(resource).withNewTarget()
                .withType("Utilization").withAverageUtilization(percent).endTarget().endResource().build();
    }
}
