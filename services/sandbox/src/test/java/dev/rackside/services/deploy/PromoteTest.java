package dev.rackside.services.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.api.Progress;
import dev.rackside.services.api.Services;
import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.session.SessionBuilder;
import dev.rackside.services.audit.FileJournal;
import dev.rackside.services.kube.ConvoxCrds;
import dev.rackside.services.model.Rack;
import dev.rackside.services.racks.Environment;
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
    FileJournal journal;
    Services services;
    Operations ops;
    final List<String> progress = new CopyOnWriteArrayList<>();
    final Progress lines = progress::add;

    /** The sandbox as a bare cluster (no rack API): these are the direct writes, rackside's own renderer. */
    void open(boolean atomController) throws Exception {
        sandbox = SandboxServer.start(5, Duration.ofMillis(300), new SandboxServer.Options(atomController, false));
        Path kubeconfig = sandbox.writeKubeconfig(home.resolve("sandbox.kubeconfig"));
        Environment env = new Environment(Map.of(), home).onlyKubeconfig(kubeconfig);
        journal = new FileJournal(home.resolve("journal.jsonl"));
        services = SessionBuilder.of(env).io(pool).journal(journal).aws(new AwsClients(Map.of())).build();
        rack = services.racks().resolve(Optional.of("sandbox"));
        ops = services.operations();
    }

    Operations.Deploy deploy(long seconds) {
        return new Operations.Deploy(Optional.of(Duration.ofSeconds(seconds)), false, lines);
    }

    @AfterEach
    void close() {
        if (services != null) {
            services.close();
        }
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
        Outcome result = ops.promote(rack, "storefront", target, deploy(60));
        assertEquals("promoted " + target + ": Running", result.message());
        assertEquals(Optional.of("kubernetes"), result.path(), "a bare cluster: written directly");
        assertEquals(target, active());
        assertTrue(progress.contains("the rack's atom controller applies it; watching"), progress.toString());
        assertTrue(progress.stream().anyMatch(p -> p.startsWith("replicas: web ")), progress.toString());
        var web = sandbox.client().apps().deployments().inNamespace(NS).withName("web").get();
        assertEquals(target, web.getSpec().getTemplate().getMetadata().getLabels().get("release"),
                "the rendered Deployment is what runs, labelled with the release id as Convox labels it");
        assertEquals(List.of("intent", "outcome"), journal.read().stream().map(r -> r.get("kind")).toList());
        assertEquals("kubernetes", journal.read().get(1).get("path"), "the journal names the path taken");
        assertEquals(null, sandbox.client().leases().inNamespace(NS).withName(DeployLease.NAME).get(),
                "the lease is given back");
    }

    @Test
    void aReleaseWhosePodsNeverBecomeReadyRollsBackByItself() throws Exception {
        open(true);
        String before = active();
        Outcome e = ops.promote(rack, "storefront", bad(), deploy(3));
        assertEquals(Outcome.Kind.FAILED, e.kind());
        assertTrue(e.message().contains("rolled back: Reverted"), e.message());
        assertTrue(e.message().contains("deadline passed with web "), "it says why: " + e.message());
        assertEquals(before, active(), "the previous release runs again");
        assertTrue(atomEvents().containsAll(List.of("Pending => Updating", "Updating => Deadline",
                "Deadline => Rollback", "Rollback => Reverted")), atomEvents().toString());
        assertTrue(journal.read().get(1).get("error").contains("Reverted"), journal.read().toString());
    }

    @Test
    void withoutAControllerRacksideDrivesTheAtomItself() throws Exception {
        open(false);
        String target = older();
        assertEquals("promoted " + target + ": Running", ops.promote(rack, "storefront", target, deploy(60))
                .message());
        assertTrue(progress.contains("no atom controller on this rack: rackside applies it and watches the rollout"),
                progress.toString());
        assertEquals(target, active());
        String running = active();
        assertEquals(Outcome.Kind.FAILED, ops.promote(rack, "storefront", bad(), deploy(3)).kind());
        assertEquals(running, active());
        assertTrue(atomEvents().contains("Rollback => Reverted"), atomEvents().toString());
    }

    @Test
    void cancelRollsTheDeployBack() throws Exception {
        open(false);
        String before = active();
        CompletableFuture<Outcome> promote = CompletableFuture.supplyAsync(() -> ops.promote(rack, "storefront", bad(),
                deploy(600)), pool);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!progress.contains("Atom app: Updating") && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        List<String> cancelling = new CopyOnWriteArrayList<>();
        Outcome cancelled = ops.cancel(rack, "storefront", new Operations.Deploy(Optional.of(Duration.ofSeconds(60)),
                false, cancelling::add));
        assertEquals("Cancelled: the deploy's driver rolls it back", cancelled.message(),
                "the promoting rackside holds the lease");
        assertTrue(cancelling.contains("Rewriting last active release..."), "as convox apps cancel: " + cancelling);
        Outcome e = promote.get(60, TimeUnit.SECONDS);
        assertTrue(e.message().contains("Reverted"), e.message());
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
        Outcome e = ops.promote(rack, "storefront", older(), deploy(60));
        assertEquals(Outcome.Kind.CONFLICT, e.kind());
        assertTrue(e.message().startsWith("alice@prod (rackside pid 1 on bastion) is deploying this app"),
                e.message());
        DeployLease bob = new DeployLease(sandbox.client(), NS, "bob", Clock.offset(Clock.systemUTC(),
                DeployLease.DURATION.plusSeconds(1)));
        bob.acquire(); // alice stopped renewing: her lease expired, and bob may take it
        assertThrows(Refusal.class, alice::acquire);
        assertTrue(!alice.renew(), "alice learns she lost it");
    }

    @Test
    void rollbackMakesANewReleaseWithTheOldBuildAndEnvAndPromotesIt() throws Exception {
        open(true);
        String target = older();
        GenericKubernetesResource old = releases().stream().filter(r -> id(r).equals(target)).findFirst().orElseThrow();
        String result = ops.rollback(rack, "storefront", target, deploy(60)).message();
        GenericKubernetesResource made = releases().get(0);
        assertEquals("promoted " + id(made) + ": Running", result);
        // Convox's ReleaseCreate{build, env}: the new release takes the build's description and manifest.
        GenericKubernetesResource build = sandbox.client().genericKubernetesResources(ConvoxCrds.BUILDS).inNamespace(NS)
                .withName(ConvoxCrds.spec(old, "build").toLowerCase(java.util.Locale.ROOT)).get();
        assertEquals(ConvoxCrds.spec(build, "description"), ConvoxCrds.spec(made, "description"));
        assertEquals(ConvoxCrds.spec(build, "manifest"), ConvoxCrds.spec(made, "manifest"));
        assertEquals(ConvoxCrds.spec(old, "build"), ConvoxCrds.spec(made, "build"));
        assertEquals(ConvoxCrds.spec(old, "env"), ConvoxCrds.spec(made, "env"));
        assertEquals(id(made), active());
    }

    @Test
    void envChangesMakeAReleasePromotedOnlyWhenAskedAndSecretsStayOutOfTheJournal() throws Exception {
        open(true);
        String active = active();
        assertEquals("****", ops.env(rack, "storefront").get("STRIPE_KEY"), "values are masked");
        String made = ops.envChange(rack, "storefront", new Operations.EnvChange(Map.of("FEATURE_X", "on",
                "STRIPE_KEY", "sk_live_NEW"), List.of("RAILS_ENV")), Optional.empty()).message();
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
        Outcome same = ops.envChange(rack, "storefront", new Operations.EnvChange(Map.of("FEATURE_X", "on"), List.of()),
                Optional.empty());
        assertTrue(same.ok(), "Convox makes a release even when the env does not change: " + same);
        GenericKubernetesResource build = sandbox.client().genericKubernetesResources(ConvoxCrds.BUILDS).inNamespace(NS)
                .withName(ConvoxCrds.spec(r, "build").toLowerCase(java.util.Locale.ROOT)).get();
        assertEquals(ConvoxCrds.spec(build, "description"), ConvoxCrds.spec(releases().get(0), "description"),
                "with nothing changed EnvDiff is empty: the release keeps its build's description, as Convox's");
    }
}
