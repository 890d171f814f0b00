package dev.rackside.services.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.testing.MockApi;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rack-wide store's slim pods against a pod as an EKS API server sends it (managedFields, kubectl's
 * last-applied copy, env, volumes, probes, a full status): a table row made from the slim pod is the row made from
 * the whole one, what the tables never read is not kept, and a watch event (which fabric8 first reads as a Pod)
 * arrives as a slim pod too.
 */
class SlimPodTest {
    private static final String NS = "prod-api";
    private static MockApi api;
    private static KubernetesClient client;

    /** kubectl get pod -o json of a Convox web process on EKS, trimmed of nothing the tables read. */
    static String wirePod(String name, String waiting) {
        String state = waiting == null ? "\"running\": {\"startedAt\": \"2026-12-01T09:14:02Z\"}"
                : "\"waiting\": {\"reason\": \"" + waiting + "\", \"message\": \"back-off 5m0s restarting failed container\"}";
        return """
                {"apiVersion": "v1", "kind": "Pod",
                 "metadata": {"name": "%s", "generateName": "web-5d9c7b-", "namespace": "prod-api",
                  "uid": "5b0c6f3e-8a51-4c43-9b7e-1f2d3c4b5a69", "resourceVersion": "88231",
                  "creationTimestamp": "2026-12-01T09:13:55Z",
                  "labels": {"app": "api", "name": "web", "pod-template-hash": "5d9c7b", "rack": "prod",
                   "release": "RAPICURRDDD", "service": "web", "system": "convox", "type": "service"},
                  "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{\\"big\\": true}",
                   "eks.amazonaws.com/compute-type": "ec2"},
                  "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-5d9c7b",
                   "uid": "0e9d8c7b-6a5f-4e3d-2c1b-0a9f8e7d6c5b", "controller": true, "blockOwnerDeletion": true}],
                  "managedFields": [{"manager": "kube-controller-manager", "operation": "Update", "apiVersion": "v1",
                   "time": "2026-12-01T09:13:55Z", "fieldsType": "FieldsV1",
                   "fieldsV1": {"f:metadata": {"f:labels": {".": {}, "f:app": {}}}}}]},
                 "spec": {"nodeName": "ip-10-0-1-17.ec2.internal", "serviceAccountName": "api",
                  "containers": [{"name": "api", "image": "1234.dkr.ecr.us-gov-west-1.amazonaws.com/prod/api:web.BXYZ",
                   "args": ["bin/web", "--port", "3000"],
                   "env": [{"name": "DATABASE_URL", "value": "postgres://u:hunter2@db/api"}],
                   "ports": [{"containerPort": 3000, "protocol": "TCP"}],
                   "readinessProbe": {"httpGet": {"path": "/health", "port": 3000}, "periodSeconds": 5},
                   "resources": {"limits": {"memory": "512Mi"}, "requests": {"cpu": "250m", "memory": "256Mi"}},
                   "volumeMounts": [{"name": "ca", "mountPath": "/etc/convox"}]}],
                  "volumes": [{"name": "ca", "configMap": {"name": "ca"}}]},
                 "status": {"phase": "Running", "hostIP": "10.0.1.17", "podIP": "10.0.1.99",
                  "startTime": "2026-12-01T09:13:55Z",
                  "conditions": [{"type": "Ready", "status": "%s", "lastTransitionTime": "2026-12-01T09:14:08Z"},
                   {"type": "PodScheduled", "status": "True", "lastTransitionTime": "2026-12-01T09:13:55Z"}],
                  "containerStatuses": [{"name": "api", "ready": %s, "restartCount": %d, "started": true,
                   "image": "1234.dkr.ecr.us-gov-west-1.amazonaws.com/prod/api:web.BXYZ",
                   "imageID": "docker-pullable://1234.dkr.ecr/prod/api@sha256:ab12",
                   "containerID": "containerd://9f8e", "state": {%s}}]}}
                """.formatted(name, waiting == null ? "True" : "False", waiting == null, waiting == null ? 0 : 7, state);
    }

    @BeforeAll
    static void start() {
        api = new MockApi();
        client = api.client();
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName(NS).endMetadata().build()).create();
        client.pods().inNamespace(NS).resource(client.getKubernetesSerialization()
                .unmarshal(wirePod("web-5d9c7b-aaaaa", null), Pod.class)).create();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void aRowFromTheSlimPodIsTheRowFromTheWholeOneAndNothingElseIsKept() {
        Pod whole = client.pods().inNamespace(NS).withName("web-5d9c7b-aaaaa").get();
        List<SlimPod> listed = client.resources(SlimPod.class).inNamespace(NS).list().getItems();
        assertEquals(1, listed.size());
        SlimPod slim = listed.get(0);
        assertInstanceOf(SlimPod.class, slim);

        assertEquals(ProcessMapper.fromPod(whole), ProcessMapper.fromPod(slim));
        assertEquals(AppHealth.of(List.of(whole), false), AppHealth.of(List.of(slim), false));
        assertEquals("bin/web --port 3000", ProcessMapper.fromPod(slim).command());
        assertEquals("250m", slim.getSpec().getContainers().get(0).getResources().getRequests().get("cpu").toString());
        assertEquals(whole.getMetadata().getResourceVersion(), slim.getMetadata().getResourceVersion());

        assertTrue(slim.getMetadata().getManagedFields() == null || slim.getMetadata().getManagedFields().isEmpty());
        assertTrue(slim.getMetadata().getAnnotations() == null || slim.getMetadata().getAnnotations().isEmpty());
        assertTrue(slim.getMetadata().getOwnerReferences() == null || slim.getMetadata().getOwnerReferences().isEmpty());
        assertTrue(slim.getSpec().getContainers().get(0).getEnv().isEmpty(), "env (secrets among it) is not kept");
        assertTrue(slim.getSpec().getVolumes() == null || slim.getSpec().getVolumes().isEmpty());
        assertNull(slim.getSpec().getContainers().get(0).getReadinessProbe());
    }

    @Test
    void aWatchEventArrivesAsASlimPodWithTheNewStatus() throws Exception {
        var executor = Executors.newFixedThreadPool(2);
        Watch<SlimPod> w = Watch.of(Watch.Mode.LIVE, "pods", Watch.source(client.resources(SlimPod.class)
                .inNamespace(NS)), executor, () -> { });
        try {
            w.start().get(10, java.util.concurrent.TimeUnit.SECONDS);
            client.pods().inNamespace(NS).resource(client.getKubernetesSerialization()
                    .unmarshal(wirePod("web-5d9c7b-bbbbb", "CrashLoopBackOff"), Pod.class)).create();
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (w.inNamespace(NS).size() < 2 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            List<SlimPod> pods = w.inNamespace(NS);
            assertEquals(2, pods.size(), "the created pod reached the store");
            SlimPod crashed = pods.stream().filter(p -> p.getMetadata().getName().equals("web-5d9c7b-bbbbb"))
                    .findFirst().orElseThrow();
            assertInstanceOf(SlimPod.class, crashed);
            assertEquals("crashed", ProcessMapper.fromPod(crashed).status());
            assertEquals("1 crashing", AppHealth.of(pods, false));
            assertTrue(crashed.getSpec().getContainers().get(0).getEnv().isEmpty());
        } finally {
            w.close();
            executor.shutdownNow();
        }
    }
}
