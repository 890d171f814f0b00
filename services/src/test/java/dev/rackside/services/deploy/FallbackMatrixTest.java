package dev.rackside.services.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.api.Progress;
import dev.rackside.services.api.Services;
import dev.rackside.services.audit.FileJournal;
import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.kube.ConvoxCrds;
import dev.rackside.services.kube.ConvoxObjects;
import dev.rackside.services.model.Rack;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.session.SessionBuilder;
import dev.rackside.services.testing.MockApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * What happens to each kind of change when the rack API cannot be used: on a bare cluster (no Deployment
 * {@code api}) everything is written directly, deploys included; on a rack whose API exists but cannot be
 * reached, one-object changes fall back with the reason said and deploys are refused unless {@code --direct}.
 * (The 401 case is in {@link RackApiRequestsTest}.)
 */
class FallbackMatrixTest {
    @TempDir
    static Path home;

    private static MockApi kube;
    private static Services services;
    private static ExecutorService pool;

    @BeforeAll
    static void start() throws Exception {
        kube = new MockApi();
        ConvoxObjects o = new ConvoxObjects(kube.client());
        for (String r : new String[] {"bare", "down"}) {
            o.rack(r, "3.24.9", "us-east-1", r + ".example.org");
            String ns = o.app(r, "shop", "Running", "RCUR", false, null);
            o.deployment(ns, r, "shop", "web", 2, 3000, "256m", "512Mi", "RCUR");
        }
        // bare: a cluster with no rack API at all. down: the Deployment is there, no pod of it is ready.
        kube.client().apps().deployments().inNamespace("bare-system").withName("api").delete();
        Path kubeconfig = kube.writeKubeconfig(home, "bare", "down");
        Environment env = new Environment(Map.of("KUBECONFIG", kubeconfig.toString(), "RACKSIDE_RACKS_FILE",
                home.resolve("none.yaml").toString(), "CONVOX_CONFIG", home.resolve("none").toString()), home);
        pool = Executors.newFixedThreadPool(2);
        services = SessionBuilder.of(env).io(pool).journal(new FileJournal(home.resolve("j.jsonl")))
                .aws(new AwsClients(Map.of())).build();
    }

    @AfterAll
    static void stop() {
        services.close();
        pool.shutdownNow();
        kube.close();
    }

    private static Rack rack(String name) {
        return services.racks().resolve(Optional.of(name));
    }

    @Test
    void theStatusLineSaysHowWritesReachEachRack() {
        Operations.Reach bare = services.operations().reach(rack("bare"));
        assertEquals(Operations.Reach.Kind.DIRECT, bare.kind());
        assertTrue(bare.detail().contains("no Deployment api in bare-system"), bare.detail());
        Operations.Reach down = services.operations().reach(rack("down"));
        assertEquals(Operations.Reach.Kind.API_DOWN, down.kind());
        assertTrue(down.detail().contains("no ready pod behind Service api in down-system"), down.detail());
    }

    @Test
    void aBareClusterIsWrittenDirectlyWithoutComment() {
        Outcome o = services.operations().scale(rack("bare"), "shop", "web", Operations.Scale.count(4));
        assertTrue(o.ok(), o.message());
        assertEquals("scaled shop/web (count=4)", o.message());
        assertEquals(Optional.of("kubernetes"), o.path());
        assertEquals(4, kube.client().apps().deployments().inNamespace("bare-shop").withName("web").get().getSpec()
                .getReplicas());
        // A deploy on a bare cluster is rackside's own: it gets as far as the release, which is not there.
        Outcome p = services.operations().promote(rack("bare"), "shop", "RNOPE", Operations.Deploy.of(Progress.NONE));
        assertFalse(p.ok());
        assertFalse(p.message().contains("rack API"), p.message());
        assertTrue(p.message().toLowerCase().contains("rnope"), p.message());
    }

    @Test
    void aRackWhoseApiIsDownFallsBackForOneObjectChangesAndSaysWhy() {
        List<String> said = new ArrayList<>();
        Outcome o = services.operations().restart(rack("down"), "shop", Optional.of("web"), said::add);
        assertTrue(o.ok(), o.message());
        assertEquals(Optional.of("kubernetes"), o.path());
        assertTrue(o.message().contains("(written to Kubernetes directly: the rack API cannot be used: "), o.message());
        assertTrue(said.stream().anyMatch(l -> l.startsWith("the rack API cannot be used (")), said.toString());
        assertTrue(kube.client().apps().deployments().inNamespace("down-shop").withName("web").get().getSpec()
                .getTemplate().getMetadata().getAnnotations().containsKey("convox.com/restart"), "the annotation Convox's ServiceRestart sets");
    }

    @Test
    void aRackWhoseApiIsDownRefusesDeploysUnlessDirect() {
        Outcome p = services.operations().promote(rack("down"), "shop", "RCUR", Operations.Deploy.of(Progress.NONE));
        assertEquals(Outcome.Kind.UNREACHABLE, p.kind());
        assertTrue(p.message().startsWith("promote refused: the rack API cannot be used: "), p.message());
        assertTrue(p.message().contains("nothing was changed"), p.message());
        assertTrue(p.message().contains("--direct"), p.message());
        assertTrue(kube.client().genericKubernetesResources(ConvoxCrds.ATOMS).inNamespace("down-shop").list()
                .getItems().isEmpty(), "nothing staged");
        Outcome env = services.operations().envChange(rack("down"), "shop", new Operations.EnvChange(Map.of("A",
                "1"), List.of()), Optional.empty());
        assertEquals(Outcome.Kind.UNREACHABLE, env.kind(), env.message());
        List<String> said = new ArrayList<>();
        Outcome direct = services.operations().promote(rack("down"), "shop", "RNOPE", new Operations.Deploy(
                Optional.of(Duration.ofSeconds(30)), true, said::add));
        assertFalse(direct.message().startsWith("promote refused: the rack API"), direct.message());
        assertTrue(said.stream().anyMatch(l -> l.contains("writing to Kubernetes directly")), said.toString());
    }
}
