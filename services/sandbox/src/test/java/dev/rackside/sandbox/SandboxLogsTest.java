package dev.rackside.sandbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.api.LogQuery;
import dev.rackside.services.api.LogSession;
import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.model.LogLine;
import dev.rackside.services.model.Rack;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.racks.RackRegistry;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Following a service on the sandbox rack while it scales: pods join and leave, events interleave. */
class SandboxLogsTest {
    private static final String NS = "sandbox-storefront";

    @TempDir
    Path home;

    @Test
    void podsThatStartJoinAndPodsThatGoLeave() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (SandboxServer sandbox = SandboxServer.start(11, Duration.ofMillis(300));
                AwsClients aws = new AwsClients(Map.of())) {
            Path kubeconfig = sandbox.writeKubeconfig(home.resolve("sandbox.kubeconfig"));
            Environment env = new Environment(Map.of(), home).onlyKubeconfig(kubeconfig);
            Rack rack = new RackRegistry(env, pool).resolve(Optional.of("sandbox"));
            var client = sandbox.client();
            long settle = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (webPods(client).isEmpty() && System.nanoTime() < settle) {
                Thread.sleep(50); // the simulator starts the seeded pods a moment after the sandbox is up
            }
            Set<String> before = webPods(client);
            assertTrue(!before.isEmpty(), "storefront has running web pods");
            dev.rackside.services.testing.CollectingSink sink = new dev.rackside.services.testing.CollectingSink();
            try (LogSession session = new dev.rackside.services.logs.RackLogs(env, aws, Clock.systemUTC()).open(rack,
                    LogQuery.follow("storefront").withService("web"), sink)) {
                sink.await(lines -> sources(lines).containsAll(before.stream().map(p -> "service/web/" + p)
                        .collect(Collectors.toSet())), "every running web pod streams");

                int replicas = before.size() + 1;
                scale(client, replicas);
                sink.await(lines -> webPods(client).size() == replicas && sources(lines).containsAll(webPods(client)
                        .stream().map(p -> "service/web/" + p).collect(Collectors.toSet())),
                        "the new pod joins the stream");
                sink.await(lines -> lines.stream().anyMatch(l -> l.origin() == LogLine.Origin.EVENT
                        && l.source().equals("system/k8s/deployment/web")), "the scaling event is a log line");

                Set<String> peak = webPods(client);
                scale(client, 1);
                long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (webPods(client).size() > 1 && System.nanoTime() < until) {
                    Thread.sleep(50);
                }
                Set<String> left = webPods(client);
                Set<String> gone = peak.stream().filter(p -> !left.contains(p)).collect(Collectors.toSet());
                assertTrue(!gone.isEmpty(), "scaling down removed pods");
                Instant goneAt = Instant.now();
                Thread.sleep(3000);
                assertTrue(sink.lines.stream().noneMatch(l -> gone.stream().anyMatch(g -> l.source().endsWith("/" + g))
                        && l.at().isAfter(goneAt.plusSeconds(1))), "a removed pod's stream has left");
                assertTrue(sink.lines.stream().anyMatch(l -> l.source().endsWith("/" + left.iterator().next())
                        && l.at().isAfter(goneAt.plusSeconds(1))), "the remaining pod still streams");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A JSON merge patch, as an operator's kubectl would send; the simulator keeps writing the status. */
    private static void scale(io.fabric8.kubernetes.client.KubernetesClient client, int replicas) {
        client.apps().deployments().inNamespace(NS).withName("web").patch(io.fabric8.kubernetes.client.dsl.base
                .PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                "{\"spec\":{\"replicas\":" + replicas + "}}");
    }

    private static Set<String> sources(java.util.List<LogLine> lines) {
        return lines.stream().map(LogLine::source).collect(Collectors.toSet());
    }

    private static Set<String> webPods(io.fabric8.kubernetes.client.KubernetesClient client) {
        return client.pods().inNamespace(NS).withLabel("service", "web").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && running(p))
                .map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    }

    private static boolean running(Pod p) {
        return p.getStatus() != null && p.getStatus().getContainerStatuses() != null
                && p.getStatus().getContainerStatuses().stream().anyMatch(c -> c.getState() != null
                        && c.getState().getRunning() != null);
    }
}
