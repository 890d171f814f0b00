package dev.rackside.services.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rackside.services.api.RackReader;
import dev.rackside.services.api.Tables;
import dev.rackside.services.model.Process;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.Service;
import dev.rackside.services.model.Usage;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.racks.RackRegistry;
import dev.rackside.services.testing.MockApi;
import dev.rackside.services.testing.SampleRack;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPU and memory per process and per service, from metrics.k8s.io objects shaped as metrics-server serves them
 * (PodMetrics with per-container usage in Kubernetes quantities), against each pod's requests and limits; and
 * what the tables say where the cluster serves no metrics (404) or has none for a pod yet.
 */
class MetricsReadTest {
    static MockApi api;
    static ExecutorService executor;
    static RackReader prod;
    @TempDir
    static Path home;

    @BeforeAll
    static void seed() throws Exception {
        api = new MockApi();
        ConvoxObjects f = new ConvoxObjects(api.client());
        SampleRack.seedTwoRacks(f);
        f.pod("prod-billing", "prod", "billing", "web", "service", "web-6b7c-zzzzz", ConvoxObjects.PodState.RUNNING,
                "RBILLINGAAA", Instant.now(), List.of());
        api.client().pods().inNamespace("prod-api").withName("web-5d9c7b-aaaaa").edit(p -> {
            p.getSpec().getContainers().get(0).setResources(new ResourceRequirementsBuilder()
                    .addToRequests("cpu", new Quantity("250m")).addToRequests("memory", new Quantity("256Mi"))
                    .addToLimits("memory", new Quantity("512Mi")).build());
            return p;
        });
        metrics("web-5d9c7b-aaaaa", "118743210n", "262144Ki");
        metrics("web-5d9c7b-bbbbb", "30m", "64Mi");
        // billing's namespace answers as a cluster without metrics-server does.
        api.server().expect().get().withPath("/apis/metrics.k8s.io/v1beta1/namespaces/prod-billing/pods")
                .andReturn(404, new StatusBuilder().withCode(404).withReason("NotFound")
                        .withMessage("the server could not find the requested resource").build()).always();
        executor = Executors.newFixedThreadPool(4);
        Path kubeconfig = api.writeKubeconfig(home, "prod-admin");
        Environment env = new Environment(Map.of("KUBECONFIG", kubeconfig.toString()), home);
        Rack rack = new RackRegistry(env, executor).resolve(Optional.of("prod"));
        prod = new KubeRackReaders(env, executor).open(rack);
    }

    /** A PodMetrics as metrics-server writes it: one container named after the app, a 15 s window. */
    private static void metrics(String pod, String cpu, String memory) {
        api.client().resource(new PodMetricsBuilder().withNewMetadata().withName(pod).withNamespace("prod-api")
                .endMetadata().withTimestamp(Instant.now().toString()).withWindow(new io.fabric8.kubernetes.api.model.Duration(java.time.Duration.ofSeconds(15))).addNewContainer()
                .withName("api").addToUsage("cpu", new Quantity(cpu)).addToUsage("memory", new Quantity(memory))
                .endContainer().build()).inNamespace("prod-api").create();
    }

    @AfterAll
    static void close() {
        prod.close();
        api.close();
        executor.shutdownNow();
    }

    private static List<String> cells(Process p) {
        return Tables.PROCESSES.columns().subList(9, 13).stream().map(c -> c.cell().of(p, Instant.now())).toList();
    }

    @Test
    void aProcessShowsItsUseAgainstItsRequestAndLimit() throws Exception {
        List<Process> ps = read(prod.app("api").processes());
        Map<String, Process> byId = ReadPathTest.byKey(ps, Process::id);
        assertEquals(List.of("CPU", "%CPU/R", "MEM", "%MEM/L"), Tables.PROCESSES.columns().subList(9, 13).stream()
                .map(c -> c.header()).toList(), "after Convox's columns and rackside's READY RESTARTS WAITING");
        assertEquals(List.of("119m", "48%", "256Mi", "50%"), cells(byId.get("web-5d9c7b-aaaaa")));
        assertEquals(List.of("30m", "-", "64Mi", "-"), cells(byId.get("web-5d9c7b-bbbbb")), "no request, no limit");
        Usage none = byId.get("worker-7f6d-ccccc").usage();
        assertEquals(List.of("n/a", "n/a", "n/a", "n/a"), cells(byId.get("worker-7f6d-ccccc")));
        assertEquals(Optional.of("no metrics for worker-7f6d-ccccc yet"), none.unknown());
    }

    @Test
    void aServiceAddsUpItsProcesses() throws Exception {
        read(prod.app("api").processes());
        List<Service> services = settled(prod.app("api").services(), rows -> rows.stream()
                .noneMatch(sv -> sv.usage().cpu().isEmpty()));
        Service web = services.stream().filter(s -> s.name().equals("web")).findFirst().orElseThrow();
        assertEquals("149m", web.usage().cpu());
        assertEquals("320Mi", web.usage().memory());
        Service worker = services.stream().filter(s -> s.name().equals("worker")).findFirst().orElseThrow();
        assertEquals("n/a", worker.usage().cpu(), "one process without figures leaves the sum unknown");
    }

    /**
     * The processes once the first metrics read is in: the console publishes the rows at once and their usage a
     * moment later (blank cells until then), so the figures are asserted on the table as it settles.
     */
    static List<Process> read(dev.rackside.services.model.Feed<Process> feed) throws Exception {
        return settled(feed, rows -> rows.stream().noneMatch(p -> p.usage() == Usage.NOT_READ));
    }

    static <T> List<T> settled(dev.rackside.services.model.Feed<T> feed, java.util.function.Predicate<List<T>> done)
            throws Exception {
        ReadPathTest.complete(feed);
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        List<T> rows = feed.current().rows();
        while (!done.test(rows) && System.nanoTime() < until) {
            Thread.sleep(20);
            rows = feed.current().rows();
        }
        return rows;
    }

    @Test
    void withoutMetricsServerEveryCellSaysNaAndWhy() throws Exception {
        List<Process> ps = read(prod.app("billing").processes());
        assertEquals(1, ps.size());
        for (Process p : ps) {
            assertEquals(List.of("n/a", "n/a", "n/a", "n/a"), cells(p));
            assertEquals(Optional.of("metrics.k8s.io is not served on this cluster (no metrics-server)"),
                    p.usage().unknown());
        }
    }
}
