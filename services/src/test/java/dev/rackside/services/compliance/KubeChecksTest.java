package dev.rackside.services.compliance;




import dev.rackside.services.model.compliance.Inventory;
import dev.rackside.services.model.compliance.Status;
import dev.rackside.services.model.compliance.Finding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.testing.MockApi;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The eight Kubernetes checks against the mock API: pass, each fail mode, a refused read, nothing in scope. */
class KubeChecksTest {
    MockApi api;

    @BeforeEach
    void start() {
        api = new MockApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void namespace(String name, Map<String, String> extra) {
        Map<String, String> labels = new java.util.HashMap<>(Map.of("system", "convox", "rack", "prod", "type", "app"));
        labels.putAll(extra);
        api.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                .endMetadata().build()).create();
    }

    private void lockedDown(String ns) {
        api.client().network().networkPolicies().inNamespace(ns).resource(new NetworkPolicyBuilder().withNewMetadata()
                .withName("default-deny").endMetadata().withNewSpec().withNewPodSelector().endPodSelector()
                .withPolicyTypes("Ingress", "Egress").endSpec().build()).create();
        api.client().serviceAccounts().inNamespace(ns).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("web").endMetadata().withAutomountServiceAccountToken(false).build()).create();
        api.client().resourceQuotas().inNamespace(ns).resource(new ResourceQuotaBuilder().withNewMetadata()
                .withName("quota").endMetadata().withNewSpec().addToHard("pods", new Quantity("20")).endSpec().build())
                .create();
        api.client().apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata()
                .withName("web").withNamespace(ns).endMetadata().withNewSpec().withNewTemplate().withNewSpec()
                .withServiceAccountName("web").withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(1000L)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .addNewContainer().withName("web").withImage("web").withNewSecurityContext()
                .withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext().withNewResources().addToLimits("cpu", new Quantity("500m"))
                .addToLimits("memory", new Quantity("512Mi")).endResources().endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
    }

    private void wideOpen(String ns) {
        api.client().apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata()
                .withName("admin").withNamespace(ns).endMetadata().withNewSpec().withNewTemplate().withNewSpec()
                .withHostNetwork(true).addNewVolume().withName("docker").withNewHostPath().withPath("/var/run/docker.sock")
                .endHostPath().endVolume().addNewContainer().withName("admin").withImage("admin")
                .withNewSecurityContext().withPrivileged(true).withRunAsUser(0L).withNewCapabilities()
                .withAdd("SYS_ADMIN").endCapabilities().endSecurityContext().addNewEnvFrom().withNewSecretRef()
                .withName("env-admin").endSecretRef().endEnvFrom().endContainer().endSpec().endTemplate().endSpec()
                .build()).create();
    }

    private Map<String, Finding> run() {
        Inventory inv = new Inventory();
        KubeCollector.collect(api.client(), "prod", inv, Clock.systemUTC());
        return KubeRules.evaluate(inv).stream().collect(Collectors.toMap(f -> f.check().id() + " " + f.resource(),
                f -> f, (a, b) -> a.status() == Status.FAIL ? a : b, java.util.TreeMap::new));
    }

    @Test
    void aLockedDownNamespacePassesEveryCheck() {
        namespace("prod-api", Map.of("pod-security.kubernetes.io/enforce", "restricted"));
        lockedDown("prod-api");
        Map<String, Finding> f = run();
        for (String check : List.of("k8s-netpol-default-deny k8s:prod-api", "k8s-pss-enforced k8s:prod-api",
                "k8s-no-privileged k8s:prod-api/Deployment/web", "k8s-run-as-non-root k8s:prod-api/Deployment/web",
                "k8s-secrets-not-env k8s:prod-api/Deployment/web", "k8s-resource-limits k8s:prod-api/Deployment/web",
                "k8s-sa-token-automount k8s:prod-api/Deployment/web", "k8s-no-default-ns k8s:default")) {
            assertEquals(Status.PASS, f.get(check).status(), check + ": " + f.get(check));
        }
        assertEquals("NetworkPolicy default-deny denies all ingress and egress by default",
                f.get("k8s-netpol-default-deny k8s:prod-api").message());
        assertTrue(f.get("k8s-netpol-default-deny k8s:prod-api").evidence().stream()
                .allMatch(d -> d.matches("[0-9a-f]{64}")), "decided on SHA-256-identified responses");
    }

    @Test
    void eachFailModeNamesTheOffendingValue() {
        namespace("prod-admin", Map.of("pod-security.kubernetes.io/enforce", "privileged"));
        wideOpen("prod-admin");
        api.client().apps().deployments().inNamespace("default").resource(new DeploymentBuilder().withNewMetadata()
                .withName("stray").withNamespace("default").endMetadata().withNewSpec().withNewTemplate().withNewSpec()
                .addNewContainer().withName("x").withImage("x").endContainer().endSpec().endTemplate().endSpec().build())
                .create();
        Map<String, Finding> f = run();
        String admin = "k8s:prod-admin/Deployment/admin";
        assertEquals("namespace prod-admin has no NetworkPolicy", f.get("k8s-netpol-default-deny k8s:prod-admin")
                .message());
        assertEquals("pod-security.kubernetes.io/enforce is 'privileged'", f.get("k8s-pss-enforced k8s:prod-admin")
                .message());
        assertEquals("hostNetwork; hostPath volume docker (/var/run/docker.sock); container admin privileged; "
                + "container admin adds SYS_ADMIN", f.get("k8s-no-privileged " + admin).message());
        assertEquals("container admin: runAsNonRoot not true, runAsUser 0, allowPrivilegeEscalation not false, "
                + "capabilities.drop lacks ALL, seccompProfile unset", f.get("k8s-run-as-non-root " + admin).message());
        assertEquals("container admin envFrom secret env-admin", f.get("k8s-secrets-not-env " + admin).message());
        assertEquals("container admin has no cpu or memory limit", f.get("k8s-resource-limits " + admin).message());
        assertEquals("namespace prod-admin has no ResourceQuota", f.get("k8s-resource-limits k8s:prod-admin")
                .message());
        assertEquals("runs as the default ServiceAccount; mounts an API token (automountServiceAccountToken not false "
                + "on the pod or ServiceAccount default)", f.get("k8s-sa-token-automount " + admin).message());
        assertEquals("Deployment stray runs in the default namespace",
                f.get("k8s-no-default-ns k8s:default/Deployment/stray").message());
        assertTrue(f.values().stream().filter(x -> x.resource().startsWith("k8s:prod-admin"))
                .allMatch(x -> x.status() == Status.FAIL), f.toString());
    }

    @Test
    void aRefusedReadMakesOnlyTheChecksThatNeededItError() {
        namespace("prod-api", Map.of("pod-security.kubernetes.io/enforce", "restricted"));
        lockedDown("prod-api");
        api.server().expect().get().withPath("/apis/networking.k8s.io/v1/namespaces/prod-api/networkpolicies")
                .andReturn(403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
                        + "\"networkpolicies is forbidden\",\"reason\":\"Forbidden\",\"code\":403}").always();
        Map<String, Finding> f = run();
        Finding netpol = f.get("k8s-netpol-default-deny k8s:prod-api");
        assertEquals(Status.ERROR, netpol.status());
        assertTrue(netpol.message().startsWith("could not read networkpolicies:prod-api: "), netpol.message());
        assertEquals(Status.PASS, f.get("k8s-pss-enforced k8s:prod-api").status(), "the others still evaluate");
        assertEquals(Status.PASS, f.get("k8s-no-privileged k8s:prod-api/Deployment/web").status());
    }

    @Test
    void nothingInScopeIsNotApplicableNeverAPass() {
        Map<String, Finding> f = run();
        assertEquals(Status.NOT_APPLICABLE, f.get("k8s-netpol-default-deny k8s:namespaces").status());
        assertEquals("the rack has no app namespaces", f.get("k8s-pss-enforced k8s:namespaces").message());
    }

    @Test
    void aRecordedExceptionTurnsSecretEnvIntoAnExplainedPass() {
        namespace("prod-api", Map.of());
        wideOpen("prod-api");
        api.client().apps().deployments().inNamespace("prod-api").withName("admin").edit(d -> {
            d.getMetadata().setAnnotations(Map.of(KubeRules.SECRET_ENV_EXCEPTION, "Convox env; CHG-1042"));
            return d;
        });
        Finding f = run().get("k8s-secrets-not-env k8s:prod-api/Deployment/admin");
        assertEquals(Status.PASS, f.status());
        assertTrue(f.message().contains("CHG-1042"), f.message());
    }
}
