package dev.rackside.services.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.audit.Journal;
import dev.rackside.services.kube.ConvoxCrds;
import dev.rackside.services.model.Rack;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.racks.RackRegistry;
import dev.rackside.sandbox.SandboxServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promote, rollback and cancel through rackside on the sandbox: with the rack's atom controller (rackside
 * hands over and watches) and without one (rackside drives the atom itself).
 */
class PromoteTest {
    private static final String NS = "sandbox-storefront";

    @TempDir
    Path home;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    SandboxServer sandbox;
    Rack rack;
    Journal journal;
    Operations ops;
    final List<String> progress = new CopyOnWriteArrayList<>();

    void open(boolean atomController) throws Exception {
        sandbox = SandboxServer.start(5, Duration.ofMillis(300), atomController);
        Path kubeconfig = sandbox.writeKubeconfig(home.resolve("sandbox.kubeconfig"));
        Environment env = new Environment(Map.of(), home).onlyKubeconfig(kubeconfig);
        rack = new RackRegistry(env, pool).resolve(Optional.of("sandbox"));
        journal = new Journal(home.resolve("journal.jsonl"));
        ops = new KubeOperations(env, journal, false);
    }

    @AfterEach
    void close() {
        if (sandbox != null) {
            sandbox.close();
        }
        pool.shutdownNow();
    }

    /** The storefront's releases, newest first: [0] is the unpromoted bad one. */
    List<GenericKubernetesResource> releases() {
        return sandbox.client().genericKubernetesResources(ConvoxCrds.RELEASES).inNamespace(NS).list().getItems()
                .stream().sorted(Comparator.comparing((GenericKubernetesResource r) -> ConvoxCrds.spec(r, "created"))
                        .reversed()).toList();
    }

    String active() {
        return sandbox.client().namespaces().withName(NS).get().getMetadata().getAnnotations()
                .get("convox.com/app-release");
    }

    String id(GenericKubernetesResource r) {
        return r.getMetadata().getName().toUpperCase(java.util.Locale.ROOT);
    }

    String older() {
        String active = active();
        return releases().stream().map(this::id).filter(r -> !r.equals(active)).skip(2).findFirst().orElseThrow();
    }

    String bad() {
        GenericKubernetesResource r = releases().get(0);
        assertTrue(ConvoxCrds.spec(r, "description").contains("never passes"), ConvoxCrds.spec(r, "description"));
        return id(r);
    }

    List<String> atomEvents() {
        return sandbox.client().v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> "Atom".equals(e.getInvolvedObject().getKind()) && "Status".equals(e.getReason()))
                .map(e -> e.getMessage()).toList();
    }

    @Test
    void withTheRacksControllerRacksideHandsOverAndAGoodReleaseEndsRunning() throws Exception {
        open(true);
        String target = older();
        String result = ops.promote(rack, "storefront", target, Duration.ofSeconds(60), progress::add);
        assertEquals("promoted " + target + ": Running", result);
        assertEquals(target, active());
        assertTrue(progress.contains("the rack's atom controller applies it; watching"), progress.toString());
        assertTrue(progress.stream().anyMatch(p -> p.startsWith("replicas: web ")), progress.toString());
        var web = sandbox.client().apps().deployments().inNamespace(NS).withName("web").get();
        assertEquals(target.toLowerCase(java.util.Locale.ROOT), web.getSpec().getTemplate().getMetadata().getLabels()
                .get("release"), "the rendered Deployment is what runs");
        assertEquals(List.of("intent", "outcome"), journal.read().stream().map(r -> r.get("kind")).toList());
        assertEquals(null, sandbox.client().leases().inNamespace(NS).withName(DeployLease.NAME).get(),
                "the lease is given back");
    }

    @Test
    void aReleaseWhosePodsNeverBecomeReadyRollsBackByItself() throws Exception {
        open(true);
        String before = active();
        Operations.Refused e = assertThrows(Operations.Refused.class, () -> ops.promote(rack, "storefront", bad(),
                Duration.ofSeconds(3), progress::add));
        assertTrue(e.getMessage().contains("rolled back: Reverted"), e.getMessage());
        assertEquals(before, active(), "the previous release runs again");
        assertTrue(atomEvents().containsAll(List.of("Pending => Updating", "Updating => Deadline",
                "Deadline => Rollback", "Rollback => Reverted")), atomEvents().toString());
        assertTrue(journal.read().get(1).get("error").contains("Reverted"), journal.read().toString());
    }

    @Test
    void withoutAControllerRacksideDrivesTheAtomItself() throws Exception {
        open(false);
        String target = older();
        assertEquals("promoted " + target + ": Running", ops.promote(rack, "storefront", target,
                Duration.ofSeconds(60), progress::add));
        assertTrue(progress.contains("no atom controller on this rack: rackside applies it and watches the rollout"),
                progress.toString());
        assertEquals(target, active());
        String running = active();
        assertThrows(Operations.Refused.class, () -> ops.promote(rack, "storefront", bad(), Duration.ofSeconds(3),
                progress::add));
        assertEquals(running, active());
        assertTrue(atomEvents().contains("Rollback => Reverted"), atomEvents().toString());
    }

    @Test
    void cancelRollsTheDeployBack() throws Exception {
        open(false);
        String before = active();
        CompletableFuture<String> promote = CompletableFuture.supplyAsync(() -> ops.promote(rack, "storefront", bad(),
                Duration.ofSeconds(600), progress::add), pool);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!progress.contains("Atom app: Updating") && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        List<String> cancelling = new CopyOnWriteArrayList<>();
        String cancelled = ops.cancel(rack, "storefront", Duration.ofSeconds(60), cancelling::add);
        assertEquals("Cancelled: the deploy's driver rolls it back", cancelled, "the promoting rackside holds the lease");
        var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> promote.get(60, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("Reverted"), e.getCause().getMessage());
        assertEquals(before, active());
        assertTrue(atomEvents().containsAll(List.of("Cancelled => Rollback", "Rollback => Reverted")),
                atomEvents().toString());
    }

    @Test
    void theLeaseKeepsASecondOperatorOutAndExpiresWhenItsHolderDies() throws Exception {
        open(true);
        DeployLease alice = new DeployLease(sandbox.client(), NS, "alice@prod (rackside pid 1 on bastion)",
                Clock.systemUTC());
        alice.acquire();
        Operations.Refused e = assertThrows(Operations.Refused.class, () -> ops.promote(rack, "storefront", older(),
                Duration.ofSeconds(60), progress::add));
        assertTrue(e.getMessage().startsWith("alice@prod (rackside pid 1 on bastion) is deploying this app"),
                e.getMessage());
        DeployLease bob = new DeployLease(sandbox.client(), NS, "bob", Clock.offset(Clock.systemUTC(),
                DeployLease.DURATION.plusSeconds(1)));
        bob.acquire(); // alice stopped renewing: her lease expired, and bob may take it
        assertThrows(Operations.Refused.class, alice::acquire);
        assertTrue(!alice.renew(), "alice learns she lost it");
    }

    @Test
    void rollbackMakesANewReleaseWithTheOldBuildAndEnvAndPromotesIt() throws Exception {
        open(true);
        String target = older();
        GenericKubernetesResource old = releases().stream().filter(r -> id(r).equals(target)).findFirst().orElseThrow();
        String result = ops.rollback(rack, "storefront", target, Duration.ofSeconds(60), progress::add);
        GenericKubernetesResource made = releases().get(0);
        assertEquals("promoted " + id(made) + ": Running", result);
        assertEquals("rollback to " + target, ConvoxCrds.spec(made, "description"));
        assertEquals(ConvoxCrds.spec(old, "build"), ConvoxCrds.spec(made, "build"));
        assertEquals(ConvoxCrds.spec(old, "env"), ConvoxCrds.spec(made, "env"));
        assertEquals(id(made), active());
    }

    @Test
    void envChangesMakeAReleasePromotedOnlyWhenAskedAndSecretsStayOutOfTheJournal() throws Exception {
        open(true);
        String active = active();
        assertEquals("****", ops.env(rack, "storefront").get("STRIPE_KEY"), "values are masked");
        String made = ops.envChange(rack, "storefront", Map.of("FEATURE_X", "on", "STRIPE_KEY", "sk_live_NEW"),
                List.of("RAILS_ENV"), false, Duration.ofSeconds(60), progress::add);
        GenericKubernetesResource r = releases().get(0);
        assertTrue(made.startsWith("created release " + id(r) + " (not promoted"), made);
        assertEquals("env add:FEATURE_X change:STRIPE_KEY remove:RAILS_ENV", ConvoxCrds.spec(r, "description"));
        assertTrue(ConvoxCrds.spec(r, "env").contains("STRIPE_KEY=sk_live_NEW"));
        assertTrue(!ConvoxCrds.spec(r, "env").contains("RAILS_ENV="));
        assertEquals(active, active(), "not promoted");
        assertEquals("sk_live_NEW", ops.reveal(rack, "storefront", "STRIPE_KEY"));
        String journal = java.nio.file.Files.readString(home.resolve("journal.jsonl"));
        assertTrue(!journal.contains("sk_live_NEW") && journal.contains("<redacted>"), journal);
        assertTrue(journal.contains("\"action\":\"env reveal\""), "who read a secret is on record");
        assertThrows(Operations.Refused.class, () -> ops.envChange(rack, "storefront", Map.of("FEATURE_X", "on"),
                List.of(), false, Duration.ofSeconds(60), progress::add), "a change that changes nothing");
    }
}
