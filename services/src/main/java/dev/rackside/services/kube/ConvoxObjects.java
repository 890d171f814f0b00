package dev.rackside.services.kube;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes objects shaped exactly as a Convox v3 rack writes them (convox-model.md) through a client: rack and
 * app namespaces with their labels and annotations, Release/Build CRs, Atoms, Deployments, HPAs, resource
 * ConfigMaps and pods in every process state. The sandbox seeds its rack with it; tests seed fixtures.
 */
public final class ConvoxObjects {
    private final KubernetesClient client;

    public ConvoxObjects(KubernetesClient client) {
        this.client = client;
    }

    /**
     * {@code <rack>-system} with the api Deployment carrying the rack facts, its pods labelled as
     * terraform/api/k8s/main.tf labels them (so {@code convox rack ps}'s selector finds them).
     */
    public void rack(String rack, String version, String region, String domain) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(rack + "-system")
                .withLabels(Map.of("app", "system", "rack", rack, "system", "convox", "type", "rack"))
                .endMetadata().build()).create();
        List<EnvVar> env = List.of(new EnvVar("RACK_NAME", rack, null), new EnvVar("VERSION", version, null),
                new EnvVar("PROVIDER", "aws", null), new EnvVar("AWS_REGION", region, null),
                new EnvVar("DOMAIN", domain, null), new EnvVar("DOMAIN_INTERNAL", "internal." + domain, null));
        client.apps().deployments().inNamespace(rack + "-system").resource(new DeploymentBuilder()
                .withNewMetadata().withName("api").withLabels(Map.of("system", "convox", "rack", rack, "app",
                        "system", "service", "api", "type", "service")).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("service", "api"))
                .endSelector().withNewTemplate().withNewMetadata().withLabels(Map.of("app", "system", "name",
                        "api", "rack", rack, "service", "api", "system", "convox", "type", "service")).endMetadata().withNewSpec().withContainers(new ContainerBuilder()
                        .withName("system").withImage("convox/convox:" + version).withEnv(env).build()).endSpec()
                .endTemplate().endSpec().build()).create();
        // terraform/api/k8s/main.tf: Service api, https 5443 and kubernetes 8001, onto the api pods.
        client.services().inNamespace(rack + "-system").resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata().withName("api").withLabels(Map.of("system", "convox", "service", "api"))
                .endMetadata().withNewSpec().addNewPort().withName("https").withPort(5443)
                .withNewTargetPort(5443).withProtocol("TCP").endPort().addNewPort().withName("kubernetes")
                .withPort(8001).withNewTargetPort(8001).withProtocol("TCP").endPort()
                .withSelector(Map.of("system", "convox", "service", "api")).endSpec().build()).create();
    }

    /** Secret {@code api-password} in the rack's system namespace, as terraform/api/k8s/main.tf writes it. */
    public void apiPassword(String rack, String password) {
        client.secrets().inNamespace(rack + "-system").resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("api-password").endMetadata()
                .withData(Map.of("value", java.util.Base64.getEncoder().encodeToString(
                        password.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).build()).create();
    }

    /** An app namespace as AppCreate + promote leave it; null status/release leave the annotation out. */
    public String app(String rack, String app, String atomStatus, String release, boolean locked, String params) {
        String ns = rack + "-" + app;
        Map<String, String> ann = new LinkedHashMap<>();
        if (atomStatus != null) {
            ann.put("convox.com/app-status", atomStatus);
        }
        if (release != null) {
            ann.put("convox.com/app-release", release);
        }
        ann.put("convox.com/lock", String.valueOf(locked));
        if (params != null) {
            ann.put("convox.com/params", params);
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                .withLabels(Map.of("name", app, "type", "app", "system", "convox", "provider", "k8s", "rack", rack,
                        "app", app))
                .withAnnotations(ann).endMetadata().build()).create();
        return ns;
    }

    public void release(String ns, String rack, String app, String id, String build, Instant created,
            String description, String env, String manifest) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("build", build);
        spec.put("created", convoxTime(created));
        spec.put("description", description);
        spec.put("env", env);
        spec.put("manifest", manifest);
        crd(ConvoxCrds.RELEASES, "convox.com/v1", "Release", ns, rack, app, id, spec);
    }

    public void build(String ns, String rack, String app, String id, String status, String release, Instant started,
            Instant ended, String description) {
        build(ns, rack, app, id, status, release, started, ended, description, "");
    }

    /** A build as the rack's build leaves it: its convox.yml is the manifest every release made from it takes. */
    public void build(String ns, String rack, String app, String id, String status, String release, Instant started,
            Instant ended, String description, String manifest) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("description", description);
        spec.put("started", convoxTime(started));
        spec.put("ended", ended == null ? "00010101.000000.000000000" : convoxTime(ended));
        spec.put("status", status);
        spec.put("release", release == null ? "" : release);
        spec.put("manifest", manifest);
        spec.put("logs", "object://" + app + "/build/" + id + "/logs");
        crd(ConvoxCrds.BUILDS, "convox.com/v1", "Build", ns, rack, app, id, spec);
    }

    /** Atom {@code app} as older racks have it (status at top level, releaseCache in spec). */
    public void atom(String ns, String status, String version, String release) {
        GenericKubernetesResource atom = new GenericKubernetesResource();
        atom.setApiVersion("atom.convox.com/v1");
        atom.setKind("Atom");
        atom.setMetadata(new ObjectMetaBuilder().withName("app").withNamespace(ns).build());
        atom.setAdditionalProperty("status", status);
        atom.setAdditionalProperty("started", "2026-11-20T10:00:00Z");
        atom.setAdditionalProperty("spec", Map.of("currentVersion", version, "previousVersion", "",
                "progressDeadlineSeconds", 3000, "releaseCache", version + "|" + release));
        client.genericKubernetesResources(ConvoxCrds.ATOMS).inNamespace(ns).resource(atom).create();
    }

    private void crd(io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext ctx, String apiVersion,
            String kind, String ns, String rack, String app, String id, Map<String, Object> spec) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(apiVersion);
        r.setKind(kind);
        r.setMetadata(new ObjectMetaBuilder().withName(id.toLowerCase()).withNamespace(ns)
                .withLabels(Map.of("system", "convox", "rack", rack, "app", app)).build());
        r.setAdditionalProperty("spec", spec);
        client.genericKubernetesResources(ctx).inNamespace(ns).resource(r).create();
    }

    /** A service Deployment as the atom applies it; port null for a service without one. */
    public void deployment(String ns, String rack, String app, String service, int replicas, Integer port,
            String cpu, String memory, String release) {
        ContainerBuilder c = new ContainerBuilder().withName(app).withImage("registry/" + app + ":" + service + ".BX")
                .withNewResources().withRequests(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory)))
                .endResources();
        if (port != null) {
            c.withPorts(new ContainerPortBuilder().withName("main").withContainerPort(port).build());
        }
        client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata()
                .withName(service).withLabels(labels(rack, app, service, "service", release))
                .withAnnotations(Map.of("atom.conditions", "Available=True,Progressing=True/NewReplicaSetAvailable",
                        "kubectl.kubernetes.io/last-applied-configuration", "{\"big\":\"" + "x".repeat(2000) + "\"}"))
                .endMetadata().withNewSpec().withReplicas(replicas).withNewSelector()
                .withMatchLabels(Map.of("system", "convox", "rack", rack, "app", app, "service", service))
                .endSelector().withNewTemplate().withNewMetadata()
                .withLabels(labels(rack, app, service, "service", release)).endMetadata().withNewSpec()
                .withContainers(c.build()).endSpec().endTemplate().endSpec().build()).create();
    }

    public void hpa(String ns, String rack, String app, String service, int min, int max) {
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).resource(
                new HorizontalPodAutoscalerBuilder().withNewMetadata().withName(service)
                        .withLabels(Map.of("system", "convox", "rack", rack, "app", app, "service", service))
                        .endMetadata().withNewSpec().withMinReplicas(min).withMaxReplicas(max)
                        .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(service)
                        .endScaleTargetRef().endSpec().build()).create();
    }

    /** A resource as Convox renders it: a Deployment labelled type=resource and its resource-<name> ConfigMap. */
    public void resource(String ns, String rack, String app, String name, String kind, String url) {
        Map<String, String> labels = new HashMap<>(Map.of("system", "convox", "rack", rack, "app", app, "type",
                "resource", "resource", name));
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("resource-" + name).withLabels(labels).endMetadata()
                .withData(Map.of("URL", url)).build()).create();
        if (kind != null) {
            Map<String, String> dl = new HashMap<>(labels);
            dl.put("kind", kind);
            client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata()
                    .withName("resource-" + name).withLabels(dl).endMetadata().withNewSpec().withReplicas(1)
                    .withNewSelector().withMatchLabels(Map.of("resource", name)).endSelector().withNewTemplate()
                    .withNewMetadata().withLabels(Map.of("resource", name)).endMetadata().withNewSpec()
                    .withContainers(new ContainerBuilder().withName("main").withImage(kind).build()).endSpec()
                    .endTemplate().endSpec().build()).create();
        }
    }

    /** The pod states {@code convox ps} distinguishes. */
    public enum PodState { RUNNING, STARTING, UNHEALTHY, CRASHED, PENDING, COMPLETE, FAILED, UNKNOWN }

    public void pod(String ns, String rack, String app, String service, String type, String name, PodState state,
            String release, Instant created, List<String> args) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .withCreationTimestamp(created.toString())
                .withLabels(labels(rack, app, service, type, release)).endMetadata()
                .withNewSpec().withNodeName("ip-10-0-1-17.ec2.internal")
                .withContainers(new ContainerBuilder().withName(app).withImage("registry/" + app + ":" + service)
                        .withArgs(args).build()).endSpec();
        b.withStatus(status(app, state, state == PodState.CRASHED ? 7 : 0, created));
        client.pods().inNamespace(ns).resource(b.build()).create();
    }

    /** The status a pod in {@code state} reports, its primary container named after the app. */
    public static io.fabric8.kubernetes.api.model.PodStatus status(String app, PodState state, int restarts,
            Instant created) {
        String phase;
        List<io.fabric8.kubernetes.api.model.PodCondition> conds = new ArrayList<>();
        ContainerStatusBuilder cs = new ContainerStatusBuilder().withName(app).withReady(false).withStarted(true)
                .withRestartCount(restarts).withNewState().endState();
        switch (state) {
            case RUNNING -> {
                phase = "Running";
                conds.add(cond("Ready", "True"));
                cs.withReady(true).withNewState().withNewRunning().withStartedAt(created.toString()).endRunning()
                        .endState();
            }
            case STARTING -> {
                // As the kubelet reports a container still starting: Ready=False, ContainersNotReady.
                phase = "Running";
                conds.add(cond("Ready", "False", "ContainersNotReady", "containers with unready status: [" + app + "]"));
                cs.withStarted(false).withNewState().withNewRunning().endRunning().endState();
            }
            case UNHEALTHY -> {
                // A pod held out of its load balancer: its readiness gate (the AWS LB controller's) is not met.
                phase = "Running";
                conds.add(cond("Ready", "False", "ReadinessGatesNotReady",
                        "corresponding condition of pod readiness gate \"target-health.elbv2.k8s.aws/k8s-web\" does not exist."));
                cs.withReady(true).withNewState().withNewRunning().endRunning().endState();
            }
            case CRASHED -> {
                phase = "Running";
                conds.add(cond("Ready", "False", "ContainersNotReady", "containers with unready status: [" + app + "]"));
                // As the kubelet reports a crash loop: waiting to start again, the run that failed as lastState.
                Instant ended = created.plusSeconds(30L * Math.max(restarts, 1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
                cs.withRestartCount(Math.max(restarts, 1)).withNewState().withNewWaiting()
                        .withReason("CrashLoopBackOff").withMessage("back-off 5m0s restarting failed container")
                        .endWaiting().endState().withNewLastState().withNewTerminated().withExitCode(1)
                        .withReason("Error").withStartedAt(ended.minusSeconds(2).toString())
                        .withFinishedAt(ended.toString()).endTerminated().endLastState();
            }
            case PENDING -> {
                phase = "Pending";
                conds.add(cond("PodScheduled", "False", "Unschedulable",
                        "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available."));
                cs = null;
            }
            case COMPLETE -> phase = "Succeeded";
            case FAILED -> phase = "Failed";
            default -> {
                phase = "Unknown";
                cs = null;
            }
        }
        return new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase(phase).withConditions(conds)
                .withContainerStatuses(cs == null ? List.of() : List.of(cs.build())).build();
    }

    private static io.fabric8.kubernetes.api.model.PodCondition cond(String type, String status) {
        return new PodConditionBuilder().withType(type).withStatus(status).build();
    }

    private static io.fabric8.kubernetes.api.model.PodCondition cond(String type, String status, String reason,
            String message) {
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .build();
    }

    private static Map<String, String> labels(String rack, String app, String service, String type, String release) {
        Map<String, String> l = new HashMap<>();
        l.put("system", "convox");
        l.put("rack", rack);
        l.put("app", app);
        l.put("name", service);
        l.put("service", service);
        l.put("type", type);
        if (release != null) {
            l.put("release", release); // Convox labels pods with the release id as it is (upper case)
        }
        return l;
    }

    public static String convoxTime(Instant at) {
        return dev.rackside.services.kube.ConvoxTime.format(at);
    }

    /** A realistic convox.yml for the fixtures' apps. */
    public static final String MANIFEST = String.join("\n",
            "environment:",
            "  - PORT=3000",
            "resources:",
            "  database:",
            "    type: postgres",
            "  cache:",
            "    type: redis",
            "services:",
            "  web:",
            "    build: .",
            "    port: 3000",
            "    health: /health",
            "    resources:",
            "      - database",
            "    scale:",
            "      count: 2-6",
            "      cpu: 256",
            "      memory: 512",
            "  worker:",
            "    build: .",
            "    command: bin/worker --queue ${QUEUE}",
            "    scale: 3",
            "  admin:",
            "    build: .",
            "    port: 4000",
            "    internal: true",
            "timers:",
            "  cleanup:",
            "    schedule: \"0 3 * * ?\"",
            "    command: bin/cleanup",
            "    service: worker",
            "");
}
