package dev.rackside.services.kube;

import dev.rackside.services.manifest.ManifestSummary;
import dev.rackside.services.model.Process;
import dev.rackside.services.model.RackFacts;
import dev.rackside.services.model.Service;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deployments (DaemonSets for agents) joined with the active manifest, the live HPA and the process list
 * into the rows of {@code convox services} + {@code convox scale} (provider/k8s/service.go ServiceList).
 */
public final class ServiceMapper {

    /** Everything one services table is computed from. */
    public record Inputs(String app, String rack, Optional<RackFacts> facts, List<Deployment> deployments,
            List<DaemonSet> daemonSets, List<HorizontalPodAutoscaler> hpas, Optional<ManifestSummary> manifest,
            List<Process> processes) {
    }

    private ServiceMapper() {
    }

    public static List<Service> services(Inputs in) {
        Map<String, Integer> running = new HashMap<>();
        Map<String, Integer> pods = new HashMap<>();
        Map<String, Integer> ready = new HashMap<>();
        Map<String, dev.rackside.services.model.Usage> usage = new HashMap<>();
        for (Process p : in.processes()) {
            running.merge(p.service(), 1, Integer::sum);
            if ("service".equals(p.type())) {
                pods.merge(p.service(), 1, Integer::sum);
                usage.merge(p.service(), p.usage(), dev.rackside.services.model.Usage::plus);
                if (p.status().equals("running") && p.containers() > 0 && p.ready() == p.containers()) {
                    ready.merge(p.service(), 1, Integer::sum);
                }
            }
        }
        Map<String, HorizontalPodAutoscaler> hpaByTarget = new HashMap<>();
        for (HorizontalPodAutoscaler h : in.hpas()) {
            if (h.getSpec() != null && h.getSpec().getScaleTargetRef() != null) {
                hpaByTarget.put(h.getSpec().getScaleTargetRef().getName(), h);
            }
        }
        List<Service> out = new ArrayList<>();
        for (Deployment d : in.deployments()) {
            if (!"service".equals(AppMapper.orEmpty(d.getMetadata().getLabels()).get(ConvoxLabels.TYPE))) {
                continue;
            }
            int desired = d.getSpec().getReplicas() == null ? 0 : d.getSpec().getReplicas();
            out.add(row(in, d.getMetadata().getName(), d.getSpec().getTemplate(), desired, running, pods, ready,
                    Optional.ofNullable(hpaByTarget.get(d.getMetadata().getName())), false, usage));
        }
        for (DaemonSet ds : in.daemonSets()) {
            if (!"service".equals(AppMapper.orEmpty(ds.getMetadata().getLabels()).get(ConvoxLabels.TYPE))) {
                continue;
            }
            int numberReady = ds.getStatus() == null || ds.getStatus().getNumberReady() == null ? 0
                    : ds.getStatus().getNumberReady();
            out.add(row(in, ds.getMetadata().getName(), ds.getSpec().getTemplate(), numberReady, running, pods, ready,
                    Optional.empty(), true, usage));
        }
        out.sort(Comparator.comparing(Service::name));
        return out;
    }

    private static Service row(Inputs in, String name, PodTemplateSpec template, int desired,
            Map<String, Integer> running, Map<String, Integer> pods, Map<String, Integer> ready,
            Optional<HorizontalPodAutoscaler> hpa, boolean agent, Map<String, dev.rackside.services.model.Usage> usage) {
        Optional<Container> c = ProcessMapper.primaryContainer(template.getSpec().getContainers(), in.app());
        Optional<ManifestSummary.ServiceSpec> spec = in.manifest().map(m -> m.services().get(name));
        boolean internal = spec.map(ManifestSummary.ServiceSpec::internal).orElse(false);
        List<String> ports = new ArrayList<>();
        c.map(Container::getPorts).ifPresent(ps -> {
            for (ContainerPort p : ps) {
                ports.add("main".equals(p.getName()) && !internal ? "443:" + p.getContainerPort()
                        : String.valueOf(p.getContainerPort()));
            }
        });
        Optional<Integer> min = spec.flatMap(ManifestSummary.ServiceSpec::min);
        Optional<Integer> max = spec.flatMap(ManifestSummary.ServiceSpec::max);
        if (hpa.isPresent()) {
            Integer hmin = hpa.get().getSpec().getMinReplicas();
            min = Optional.of(hmin == null ? 1 : hmin);
            max = Optional.ofNullable(hpa.get().getSpec().getMaxReplicas()).or(() -> Optional.empty());
        }
        boolean cold = min.map(m -> m == 0).orElse(false) && desired == 0;
        return new Service(name, domain(in, name, spec), ports, desired, running.getOrDefault(name, 0),
                request(c, "cpu", true), request(c, "memory", false), min, max, agent || spec.map(
                ManifestSummary.ServiceSpec::agent).orElse(false), gpu(c), autoscale(spec, hpa.isPresent()), cold,
                ready.getOrDefault(name, 0), pods.getOrDefault(name, 0), usage.getOrDefault(name,
                dev.rackside.services.model.Usage.NOT_READ));
    }

    /**
     * AUTOSCALE as ServiceList builds it and pkg/cli/scale.go formatAutoscaleSummary prints it: a declared
     * autoscale, or a classic HPA (a ranged count), is on; its thresholds {@code cpu>N mem>N}; off is {@code -}.
     */
    static Optional<String> autoscale(Optional<ManifestSummary.ServiceSpec> spec, boolean liveHpa) {
        if (spec.isEmpty()) {
            return liveHpa ? Optional.of("-") : Optional.empty();
        }
        ManifestSummary.ServiceSpec s = spec.get();
        boolean classic = s.max().isPresent() && s.min().isPresent() && s.max().get() > s.min().get()
                && !s.autoscale().declared() && !s.autoscale().keda();
        if (!s.autoscale().declared() && !classic) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        s.autoscale().cpu().ifPresent(v -> parts.add("cpu>" + v));
        s.autoscale().memory().ifPresent(v -> parts.add("mem>" + v));
        return Optional.of(parts.isEmpty() ? "-" : String.join(" ", parts));
    }

    private static int gpu(Optional<Container> c) {
        Map<String, Quantity> req = c.map(Container::getResources).map(r -> r.getRequests()).orElse(Map.of());
        for (String key : List.of("nvidia.com/gpu", "amd.com/gpu")) {
            Quantity q = req.get(key);
            if (q != null) {
                return Quantity.getAmountInBytes(q).intValue();
            }
        }
        return 0;
    }

    /** ServiceHost: internal services live under the rack's .local zone, the rest under its (internal) domain. */
    static String domain(Inputs in, String service, Optional<ManifestSummary.ServiceSpec> spec) {
        if (spec.map(ManifestSummary.ServiceSpec::internal).orElse(false)) {
            return service + "." + in.app() + "." + in.rack() + ".local";
        }
        Optional<String> zone = spec.map(ManifestSummary.ServiceSpec::internalRouter).orElse(false)
                ? in.facts().flatMap(RackFacts::domainInternal)
                : in.facts().flatMap(RackFacts::domain);
        return zone.map(z -> service + "." + in.app() + "." + z).orElse("");
    }

    /** Millicores for cpu, MiB for memory, of the primary container's requests. */
    private static int request(Optional<Container> c, String resource, boolean millis) {
        Quantity q = c.map(Container::getResources).map(r -> r.getRequests()).map(r -> r.get(resource)).orElse(null);
        if (q == null) {
            return 0;
        }
        BigDecimal amount = Quantity.getAmountInBytes(q);
        return millis ? amount.movePointRight(3).intValue()
                : amount.divide(BigDecimal.valueOf(1024L * 1024L), java.math.RoundingMode.DOWN).intValue();
    }
}
