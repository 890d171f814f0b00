package dev.rackside.sandbox;

import dev.rackside.services.kube.AppMapper;
import dev.rackside.services.kube.ConvoxCrds;
import dev.rackside.services.kube.ConvoxLabels;
import dev.rackside.services.kube.ConvoxTime;
import dev.rackside.services.kube.ProcessMapper;
import dev.rackside.services.kube.RackFactsReader;
import dev.rackside.services.kube.ServiceMapper;
import dev.rackside.services.model.App;
import dev.rackside.services.model.Process;
import dev.rackside.services.model.RackFacts;
import dev.rackside.services.model.Service;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rack API's reads in the sandbox: the Kubernetes objects of a Convox rack, answered as the JSON of Convox's
 * own types (convox 3.24.9 pkg/structs app.go, release.go, build.go, process.go, service.go, system.go) the
 * way provider/k8s fills them in (app.go appFromNamespace, release.go ReleaseList with its default limit of 10,
 * process.go processFromPod, service.go ServiceList). Go writes a zero time as {@code 0001-01-01T00:00:00Z}.
 */
final class RackApiJson {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    /** A read of something that is not there: the API's 404. */
    static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }

    private final KubernetesClient client;
    private final String rack;

    RackApiJson(KubernetesClient client, String rack) {
        this.client = client;
        this.rack = rack;
    }

    ObjectNode system() {
        RackFacts facts = RackFactsReader.read(client, rack).orElseThrow(() -> new NotFound("rack not found"));
        ObjectNode n = JSON.createObjectNode();
        n.put("count", 0);
        n.put("domain", facts.domain().orElse(""));
        n.put("name", rack);
        n.put("provider", facts.provider());
        n.put("rack-domain", facts.domain().orElse(""));
        n.put("region", facts.region().orElse(""));
        n.put("status", "running");
        n.put("type", "");
        n.put("version", facts.version());
        return n;
    }

    ObjectNode app(String app) {
        Namespace ns = namespace(app);
        App a = AppMapper.fromNamespace(ns, rack, Optional.empty(), Optional.empty());
        ObjectNode n = JSON.createObjectNode();
        n.put("generation", "3");
        n.put("locked", a.locked());
        n.put("name", a.name());
        n.put("release", a.release().orElse(""));
        n.put("router", "");
        n.put("status", a.status());
        n.putObject("parameters");
        return n;
    }

    ArrayNode releases(String app, int limit) {
        namespace(app);
        ArrayNode out = JSON.createArrayNode();
        client.genericKubernetesResources(ConvoxCrds.RELEASES).inNamespace(ns(app)).list().getItems().stream()
                .sorted(Comparator.comparing((GenericKubernetesResource r) -> ConvoxCrds.spec(r, "created"))
                        .reversed())
                .limit(limit).forEach(r -> out.add(release(app, r)));
        return out;
    }

    ObjectNode release(String app, String id) {
        namespace(app);
        GenericKubernetesResource r = client.genericKubernetesResources(ConvoxCrds.RELEASES).inNamespace(ns(app))
                .withName(id.toLowerCase(Locale.ROOT)).get();
        if (r == null) {
            throw new NotFound("release not found: " + id);
        }
        return release(app, r);
    }

    private ObjectNode release(String app, GenericKubernetesResource r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", r.getMetadata().getName().toUpperCase(Locale.ROOT));
        n.put("app", app);
        n.put("build", ConvoxCrds.spec(r, "build"));
        n.put("env", ConvoxCrds.spec(r, "env"));
        n.put("manifest", ConvoxCrds.spec(r, "manifest"));
        n.put("description", ConvoxCrds.spec(r, "description"));
        n.put("created", time(ConvoxTime.parse(ConvoxCrds.spec(r, "created"))));
        return n;
    }

    ArrayNode builds(String app, int limit) {
        namespace(app);
        ArrayNode out = JSON.createArrayNode();
        client.genericKubernetesResources(ConvoxCrds.BUILDS).inNamespace(ns(app)).list().getItems().stream()
                .sorted(Comparator.comparing((GenericKubernetesResource b) -> ConvoxCrds.spec(b, "started"))
                        .reversed())
                .limit(limit).forEach(b -> out.add(build(app, b)));
        return out;
    }

    ObjectNode build(String app, String id) {
        namespace(app);
        GenericKubernetesResource b = client.genericKubernetesResources(ConvoxCrds.BUILDS).inNamespace(ns(app))
                .withName(id.toLowerCase(Locale.ROOT)).get();
        if (b == null) {
            throw new NotFound("build not found: " + id);
        }
        return build(app, b);
    }

    private static ObjectNode build(String app, GenericKubernetesResource b) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", b.getMetadata().getName().toUpperCase(Locale.ROOT));
        n.put("app", app);
        n.put("description", ConvoxCrds.spec(b, "description"));
        n.put("ended", time(ConvoxTime.parse(ConvoxCrds.spec(b, "ended"))));
        n.put("git-sha", ConvoxCrds.spec(b, "git-sha"));
        n.put("logs", ConvoxCrds.spec(b, "logs"));
        n.put("manifest", ConvoxCrds.spec(b, "manifest"));
        n.put("process", ConvoxCrds.spec(b, "process"));
        n.put("reason", ConvoxCrds.spec(b, "reason"));
        n.put("release", ConvoxCrds.spec(b, "release").toUpperCase(Locale.ROOT));
        n.put("started", time(ConvoxTime.parse(ConvoxCrds.spec(b, "started"))));
        n.put("status", ConvoxCrds.spec(b, "status"));
        return n;
    }

    ArrayNode processes(String app, Optional<String> service, Optional<String> release) {
        namespace(app);
        ArrayNode out = JSON.createArrayNode();
        pods(app).stream().map(ProcessMapper::fromPod)
                .filter(p -> service.map(p.service()::equals).orElse(true))
                .filter(p -> release.map(p.release()::equalsIgnoreCase).orElse(true))
                .sorted(Comparator.comparing(Process::service).thenComparing(Process::id))
                .forEach(p -> out.add(process(p)));
        return out;
    }

    ObjectNode process(String app, String pid) {
        namespace(app);
        Pod pod = client.pods().inNamespace(ns(app)).withName(pid).get();
        if (pod == null || !ProcessMapper.listed(pod)) {
            throw new NotFound("process not found: " + pid);
        }
        return process(ProcessMapper.fromPod(pod));
    }

    /**
     * ResourceGet (provider/k8s/resource.go): the URL from ConfigMap {@code resource-NAME}, the type from its
     * Deployment's {@code kind} label (the manifest's type), running once the Deployment has a ready replica.
     */
    ObjectNode resource(String app, String name) {
        namespace(app);
        var cm = client.configMaps().inNamespace(ns(app)).withName("resource-" + name).get();
        if (cm == null) {
            throw new NotFound("resource not found: " + name);
        }
        var d = client.apps().deployments().inNamespace(ns(app)).withName("resource-" + name).get();
        ObjectNode n = JSON.createObjectNode();
        n.put("name", name);
        n.put("status", d == null ? "external" : d.getStatus() != null && d.getStatus().getReadyReplicas() != null
                && d.getStatus().getReadyReplicas() > 0 ? "running" : "pending");
        n.put("type", d == null || d.getMetadata().getLabels() == null ? "" : d.getMetadata().getLabels()
                .getOrDefault("kind", ""));
        n.put("url", cm.getData() == null ? "" : cm.getData().getOrDefault("URL", ""));
        return n;
    }

    private static ObjectNode process(Process p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", p.id());
        n.put("app", p.app());
        n.put("command", p.command());
        n.put("cpu", 0.0);
        n.put("gpu", 0);
        n.put("host", "");
        n.put("image", "");
        n.put("instance", p.instance().orElse(""));
        n.put("memory", 0.0);
        n.put("name", p.service());
        n.putArray("ports");
        n.put("release", p.release());
        n.put("started", time(p.started()));
        n.put("status", p.status());
        n.put("service", p.service());
        return n;
    }

    ArrayNode services(String app) {
        namespace(app);
        String ns = ns(app);
        List<Process> processes = pods(app).stream().map(ProcessMapper::fromPod).toList();
        List<Service> services = ServiceMapper.services(new ServiceMapper.Inputs(app, rack,
                RackFactsReader.read(client, rack), client.apps().deployments().inNamespace(ns).list().getItems(),
                client.apps().daemonSets().inNamespace(ns).list().getItems(),
                client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).list().getItems(),
                Optional.empty(), processes));
        ArrayNode out = JSON.createArrayNode();
        for (Service s : services) {
            ObjectNode n = out.addObject();
            n.put("count", s.desired());
            n.put("cpu", s.cpu());
            n.put("domain", s.domain());
            n.put("gpu", s.gpu());
            n.put("gpu-vendor", "");
            n.put("memory", s.memory());
            n.put("name", s.name());
            n.putArray("nlb");
            n.putArray("ports");
            s.min().ifPresent(v -> n.put("min", v));
            s.max().ifPresent(v -> n.put("max", v));
            if (s.agent()) {
                n.put("agent", true);
            }
        }
        return out;
    }

    private List<Pod> pods(String app) {
        return client.pods().inNamespace(ns(app)).list().getItems().stream().filter(ProcessMapper::listed).toList();
    }

    private String ns(String app) {
        return ConvoxLabels.appNamespace(rack, app);
    }

    /** The app's namespace; an app that is not there is the API's {@code app not found}. */
    Namespace namespace(String app) {
        Namespace ns = client.namespaces().withName(ns(app)).get();
        if (ns == null || ns.getMetadata().getLabels() == null
                || !"app".equals(ns.getMetadata().getLabels().get(ConvoxLabels.TYPE))) {
            throw new NotFound("app not found: " + app);
        }
        return ns;
    }

    private static String time(Optional<Instant> at) {
        return at.map(Instant::toString).orElse(ZERO_TIME);
    }
}
