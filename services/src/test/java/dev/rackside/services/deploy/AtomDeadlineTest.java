package dev.rackside.services.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.kube.ConvoxCrds;
import dev.rackside.services.testing.MockApi;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A release too big to apply within its deadline on a rack where rackside drives the Atom (no controller, or the
 * sandbox's): the driver stops applying once the deadline passes, goes to Deadline and rolls back to the
 * previous version, instead of creating objects long after the operator's {@code --timeout} (the 20,000-service
 * convox.yml that ran 92 s past a 20 s timeout).
 */
class AtomDeadlineTest {
    private static MockApi api;
    private static final String NS = "prod-big";

    @BeforeAll
    static void start() {
        api = new MockApi();
        api.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata()
                .build()).create();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void anApplyThatOutlastsTheDeadlineStopsAndRollsBack() {
        version("v1", "RPREVIOUS", 1);
        version("v2", "RHUGE", 60);
        GenericKubernetesResource atom = new GenericKubernetesResource();
        atom.setApiVersion("atom.convox.com/v1");
        atom.setKind("Atom");
        atom.setMetadata(new ObjectMetaBuilder().withName("app").withNamespace(NS).build());
        atom.setAdditionalProperty("status", "Pending");
        atom.setAdditionalProperty("spec", Map.of("currentVersion", "v2", "previousVersion", "v1",
                "progressDeadlineSeconds", 20, "releaseCache", "v2|RHUGE"));
        api.client().genericKubernetesResources(ConvoxCrds.ATOMS).inNamespace(NS).resource(atom).create();

        // Each look at the clock is one second later: 60 objects take a minute to apply against a 20 s deadline.
        AtomicLong seconds = new AtomicLong();
        Clock ticking = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.parse("2026-12-02T08:00:00Z").plusSeconds(seconds.getAndIncrement());
            }
        };
        List<String> said = new ArrayList<>();
        AtomDriver driver = new AtomDriver(api.client(), NS, (ns, kind, name, reason, message) -> said.add(reason
                + ": " + message), o -> { }, true, ticking);

        assertEquals("Deadline", driver.step());
        int applied = api.client().configMaps().inNamespace(NS).withLabel("release", "RHUGE").list().getItems().size();
        assertTrue(applied > 0 && applied < 60, "stopped part way, not after all 60: " + applied);
        assertTrue(said.stream().anyMatch(l -> l.matches("Deadline: the deadline passed while applying; \\d+ objects "
                + "were not applied")), said.toString());

        assertEquals("Rollback", driver.step());
        assertNotNull(api.client().configMaps().inNamespace(NS).withName("previous-0").get(),
                "the previous version applied again");
        assertEquals("v1", ConvoxCrds.spec(driver.atom(), "currentVersion"));
    }

    private static void version(String name, String release, int objects) {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < objects; i++) {
            yaml.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ")
                    .append(release.equals("RHUGE") ? "huge-" : "previous-").append(i)
                    .append("\n  labels:\n    release: ").append(release).append("\ndata:\n  n: \"").append(i)
                    .append("\"\n");
        }
        GenericKubernetesResource v = new GenericKubernetesResource();
        v.setApiVersion("atom.convox.com/v1");
        v.setKind("AtomVersion");
        v.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        v.setAdditionalProperty("spec", Map.of("release", release, "template",
                Base64.getEncoder().encodeToString(yaml.toString().getBytes(StandardCharsets.UTF_8))));
        api.client().genericKubernetesResources(ConvoxCrds.ATOM_VERSIONS).inNamespace(NS).resource(v).create();
    }
}
