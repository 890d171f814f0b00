package dev.rackside.services.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.api.AppReader;
import dev.rackside.services.api.RackReader;
import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.api.Progress;
import dev.rackside.services.api.Services;
import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.session.SessionBuilder;
import dev.rackside.services.audit.FileJournal;
import dev.rackside.services.model.Process;
import dev.rackside.services.model.Rack;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.racks.RackRegistry;
import dev.rackside.services.kube.ConvoxObjects;
import dev.rackside.sandbox.SandboxServer;
import dev.rackside.services.testing.MockApi;
import dev.rackside.services.testing.SampleRack;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scale, restart and lock through rackside, read back through the API, journaled. */
class OperationsTest {
    @TempDir
    Path home;

    @Test
    void scalingTheSandboxThroughRacksideConverges() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (SandboxServer sandbox = SandboxServer.start(5, Duration.ofMillis(300), new SandboxServer.Options(true,
                false))) {
            Path kubeconfig = sandbox.writeKubeconfig(home.resolve("sandbox.kubeconfig"));
            Environment env = new Environment(Map.of(), home).onlyKubeconfig(kubeconfig);
            FileJournal journal = new FileJournal(home.resolve("journal.jsonl"));
            Services services = SessionBuilder.of(env).io(pool).journal(journal).aws(new AwsClients(Map.of())).build();
            Rack rack = services.racks().resolve(Optional.of("sandbox"));
            Operations ops = services.operations();
            Outcome scaled = ops.scale(rack, "backoffice", "web", new Operations.Scale(Optional.of(4), Optional.of(500),
                    Optional.of(768), Optional.empty(), Optional.empty()));
            assertEquals("scaled backoffice/web (count=4 cpu=500 memory=768)", scaled.message());
            assertEquals(Optional.of("kubernetes"), scaled.path(), "a bare cluster: a direct write");
            try (RackReader reader = services.readers().open(rack)) {
                AppReader app = reader.app("backoffice");
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                List<Process> ps = List.of();
                while (System.nanoTime() < until) {
                    ps = app.processes().current().rows();
                    if (ps.stream().filter(p -> p.type().equals("service") && p.service().equals("web")
                            && p.status().equals("running")).count() == 4) {
                        break;
                    }
                    Thread.sleep(50);
                }
                assertEquals(4, ps.stream().filter(p -> p.type().equals("service") && p.service().equals("web")
                        && p.status().equals("running")).count(), ps.toString());
                var web = app.services().current().rows().stream().filter(s -> s.name().equals("web")).findFirst()
                        .orElseThrow();
                assertEquals(500, web.cpu());
                assertEquals(768, web.memory());
                var d = sandbox.client().apps().deployments().inNamespace("sandbox-backoffice").withName("web").get();
                assertEquals("768Mi", d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources()
                        .getLimits().get("memory").toString(), "memory sets the limit too, as convox scale does");
            }
            java.util.List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
            Outcome restarted = ops.restart(rack, "backoffice", Optional.of("web"),
                    Optional.of(java.time.Duration.ofSeconds(60)), said::add);
            assertTrue(restarted.ok(), restarted.message());
            // Followed to its end: four new processes, all ready, the old ones gone (kubectl rollout status's test).
            assertEquals("restarted backoffice/web: 4 new processes ready", restarted.message(), said.toString());
            assertTrue(said.stream().anyMatch(l -> l.matches("web [0-3] of 4 new processes ready")), said.toString());
            var ann = sandbox.client().apps().deployments().inNamespace("sandbox-backoffice").withName("web").get()
                    .getSpec().getTemplate().getMetadata().getAnnotations();
            assertTrue(ann.get("convox.com/restart").matches("\\d{18,}"), ann.toString());
            assertTrue(ops.lock(rack, "backoffice", true).ok());
            assertEquals("true", sandbox.client().namespaces().withName("sandbox-backoffice").get().getMetadata()
                    .getAnnotations().get("convox.com/lock"));
            // A range is the autoscaler's (KEDA's ScaledObject); a classic HPA is convox.yml's, so Convox refuses.
            Outcome range = ops.scale(rack, "storefront", "web", new Operations.Scale(Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.of(4), Optional.of(12)));
            assertEquals(Outcome.Kind.REFUSED, range.kind(), range.message());
            assertTrue(range.message().startsWith("range scaling (min/max) requires KEDA on this rack"), range.message());
            dev.rackside.services.api.Journal.Verdict v = journal.verify();
            assertTrue(v.intact());
            assertEquals(8, v.records(), "intent and outcome for each of four actions");
            services.close();
            var records = journal.read();
            assertEquals("sandbox@sandbox", records.get(0).get("operator"));
            assertEquals("scale", records.get(0).get("action"));
            assertEquals("ok", records.get(1).get("result"));
            assertTrue(sandbox.client().v1().events().inNamespace("sandbox-backoffice").list().getItems().stream()
                    .anyMatch(e -> "Rackside".equals(e.getReason())));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void conflictsAndRefusalsChangeNothingAndSaySo() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (MockApi api = new MockApi()) {
            SampleRack.seed(new ConvoxObjects(api.client()), "prod");
            String web = "/apis/apps/v1/namespaces/prod-api/deployments/web";
            api.server().expect().put().withPath(web).andReturn(409, new StatusBuilder().withCode(409)
                    .withReason("Conflict").withMessage("Operation cannot be fulfilled on deployments.apps \"web\": "
                            + "the object has been modified").build()).times(RackOperations.CONFLICT_ATTEMPTS);
            api.server().expect().patch().withPath("/api/v1/namespaces/prod-api").andReturn(403, new StatusBuilder()
                    .withCode(403).withReason("Forbidden").withMessage("namespaces \"prod-api\" is forbidden: User "
                            + "\"viewer\" cannot update resource \"namespaces\"").build()).once();
            Path kubeconfig = api.writeKubeconfig(home, "ops");
            Environment env = new Environment(Map.of("KUBECONFIG", kubeconfig.toString()), home);
            Rack rack = new RackRegistry(env, pool).resolve(Optional.of("prod"));
            FileJournal journal = new FileJournal(home.resolve("journal.jsonl"));
            Services services = SessionBuilder.of(env).io(pool).journal(journal).aws(new AwsClients(Map.of())).build();
            Operations ops = services.operations();
            Outcome conflict = ops.scale(rack, "api", "web", Operations.Scale.count(5));
            assertEquals(Outcome.Kind.CONFLICT, conflict.kind(), conflict.message());
            assertTrue(conflict.message().startsWith("scale conflicted 3 times with other changes"), conflict.message());
            assertEquals(2, api.client().apps().deployments().inNamespace("prod-api").withName("web").get().getSpec()
                    .getReplicas(), "nothing was changed");
            Outcome forbidden = ops.lock(rack, "api", true);
            assertEquals(Outcome.Kind.FORBIDDEN, forbidden.kind());
            assertTrue(forbidden.message().contains("refused by the cluster: forbidden: namespaces \"prod-api\" is "
                    + "forbidden"), forbidden.message());
            Outcome missing = ops.scale(rack, "api", "nope", Operations.Scale.count(2));
            assertEquals("service nope not found in app api (no Deployment nope; agents cannot be scaled); nothing was "
                    + "changed", missing.message());
            Services readOnlySession = SessionBuilder.of(env).io(pool).journal(journal).readOnly(true)
                    .aws(new AwsClients(Map.of())).build();
            Outcome ro = readOnlySession.operations().restart(rack, "api", Optional.empty(), Progress.NONE);
            assertEquals("restart refused: this session is read-only (--read-only); nothing was changed",
                    ro.message());
            var records = journal.read();
            assertEquals(6, records.size(), "refused writes are journaled with their reason; read-only ones never start");
            assertEquals("error", records.get(1).get("result"));
            assertTrue(records.get(1).get("error").contains("conflicted"));

            api.server().expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
                    .andReturn(201, new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder()
                            .withNewStatus().withAllowed(false).endStatus().build()).always();
            Outcome denied = ops.restart(rack, "api", Optional.of("worker"), Progress.NONE);
            assertEquals("restart refused: your kube user (ops@ops) may not update deployments.apps in prod-api "
                    + "(SelfSubjectAccessReview); nothing was changed", denied.message());
            assertEquals(6, journal.read().size(), "known to be forbidden: refused before anything is journaled");
        } finally {
            pool.shutdownNow();
        }
    }
}
