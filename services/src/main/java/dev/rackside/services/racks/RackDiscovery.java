package dev.rackside.services.racks;

import dev.rackside.services.kube.ConvoxLabels;
import dev.rackside.services.kube.KubeClientFactory;
import dev.rackside.services.kube.KubeErrors;
import dev.rackside.services.kube.Kubeconfig;
import dev.rackside.services.kube.RackFactsReader;
import dev.rackside.services.model.RackFacts;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds Convox racks behind kube contexts: namespaces labelled {@code system=convox,type=rack} name a rack
 * (label {@code rack}); its facts come from the {@code api} Deployment. One context may hold several racks.
 */
public final class RackDiscovery {

    /** A rack namespace found on a context. */
    public record Found(String context, String rack, Optional<RackFacts> facts, Optional<String> factsProblem) {
    }

    /** The outcome of asking one context. */
    public record Probe(String context, List<Found> racks, Optional<String> error) {
        public Probe {
            racks = List.copyOf(racks);
        }
    }

    private RackDiscovery() {
    }

    public static Probe probe(Kubeconfig kubeconfig, String context) {
        return probe(kubeconfig, context, KubeClientFactory.Timeouts.DISCOVERY);
    }

    /** @param timeouts DISCOVERY when sweeping every context; SESSION for the one rack the operator named */
    public static Probe probe(Kubeconfig kubeconfig, String context, KubeClientFactory.Timeouts timeouts) {
        if (!kubeconfig.hasContext(context)) {
            return new Probe(context, List.of(), Optional.of("kube context '" + context + "' is not in the kubeconfig"));
        }
        try (KubernetesClient client = KubeClientFactory.create(kubeconfig, context, timeouts)) {
            List<Namespace> namespaces = client.namespaces()
                    .withLabels(Map.of(ConvoxLabels.SYSTEM, ConvoxLabels.CONVOX, ConvoxLabels.TYPE, "rack"))
                    .list().getItems();
            List<Found> found = new ArrayList<>();
            for (Namespace ns : namespaces) {
                String rack = labelOrPrefix(ns);
                Optional<RackFacts> facts = Optional.empty();
                Optional<String> problem = Optional.empty();
                try {
                    facts = RackFactsReader.read(client, rack);
                    if (facts.isEmpty()) {
                        problem = Optional.of("rack " + rack + ": no api Deployment in " + ns.getMetadata().getName());
                    }
                } catch (RuntimeException e) {
                    problem = Optional.of("rack " + rack + ": facts unavailable: " + KubeErrors.describe(e));
                }
                found.add(new Found(context, rack, facts, problem));
            }
            return new Probe(context, found, Optional.empty());
        } catch (RuntimeException e) {
            return new Probe(context, List.of(), Optional.of(KubeErrors.describe(e)));
        }
    }

    private static String labelOrPrefix(Namespace ns) {
        Map<String, String> labels = ns.getMetadata().getLabels();
        String rack = labels == null ? null : labels.get(ConvoxLabels.RACK);
        if (rack != null && !rack.isBlank()) {
            return rack;
        }
        String name = ns.getMetadata().getName();
        return name.endsWith("-system") ? name.substring(0, name.length() - "-system".length()) : name;
    }

    /** Probes every context at once; a context that does not answer within {@code deadline} is reported so. */
    public static List<Probe> probeAll(Kubeconfig kubeconfig, List<String> contexts, ExecutorService executor,
            Duration deadline) {
        return probeAll(kubeconfig, contexts, executor, deadline, KubeClientFactory.Timeouts.DISCOVERY);
    }

    public static List<Probe> probeAll(Kubeconfig kubeconfig, List<String> contexts, ExecutorService executor,
            Duration deadline, KubeClientFactory.Timeouts timeouts) {
        List<CompletableFuture<Probe>> futures = contexts.stream()
                .map(c -> CompletableFuture.supplyAsync(() -> probe(kubeconfig, c, timeouts), executor))
                .toList();
        long until = System.nanoTime() + deadline.toNanos();
        List<Probe> out = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            try {
                long left = Math.max(0, until - System.nanoTime());
                out.add(futures.get(i).get(left, TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                futures.get(i).cancel(true);
                out.add(new Probe(contexts.get(i), List.of(), Optional.of("unreachable: no answer within "
                        + deadline.toSeconds() + "s")));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.add(new Probe(contexts.get(i), List.of(), Optional.of("interrupted")));
            } catch (java.util.concurrent.ExecutionException e) {
                out.add(new Probe(contexts.get(i), List.of(), Optional.of(KubeErrors.describe(e))));
            }
        }
        return out;
    }
}
