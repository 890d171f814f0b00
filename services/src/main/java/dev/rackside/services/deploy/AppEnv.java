package dev.rackside.services.deploy;

import dev.rackside.services.kube.ConvoxCrds;
import dev.rackside.services.kube.ConvoxLabels;
import dev.rackside.services.kube.ConvoxTime;
import dev.rackside.services.manifest.Interpolation;
import dev.rackside.services.model.Rack;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An app's environment as Convox keeps it (convox-model.md section 3): the sorted {@code KEY=VALUE} lines of
 * its newest release. Changing it makes a new release from the newest one (same build and manifest) with
 * the description Convox writes ({@code env add:K change:K remove:K}); activating it is a promote.
 */
final class AppEnv {
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final KubernetesClient client;
    private final Rack rack;
    private final String app;
    private final String ns;
    private final Clock clock;

    AppEnv(KubernetesClient client, Rack rack, String app, Clock clock) {
        this.client = client;
        this.rack = rack;
        this.app = app;
        this.ns = ConvoxLabels.appNamespace(rack.internalName(), app);
        this.clock = clock;
    }

    GenericKubernetesResource newest() {
        return client.genericKubernetesResources(ConvoxCrds.RELEASES).inNamespace(ns).list().getItems().stream()
                .max(Comparator.comparing(r -> ConvoxCrds.spec(r, "created")))
                .orElseThrow(() -> new Operations.Refused("app " + app + " has no release yet; nothing to read"));
    }

    TreeMap<String, String> current() {
        return new TreeMap<>(Interpolation.parseEnv(ConvoxCrds.spec(newest(), "env")));
    }

    /** The new release's id, or a refusal when the change changes nothing. */
    String change(Map<String, String> set, List<String> unset) {
        GenericKubernetesResource base = newest();
        TreeMap<String, String> env = new TreeMap<>(Interpolation.parseEnv(ConvoxCrds.spec(base, "env")));
        List<String> add = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        set.forEach((k, v) -> {
            String before = env.put(k, v);
            if (before == null) {
                add.add(k);
            } else if (!before.equals(v)) {
                changed.add(k);
            }
        });
        for (String k : unset) {
            if (env.remove(k) != null) {
                removed.add(k);
            }
        }
        if (add.isEmpty() && changed.isEmpty() && removed.isEmpty()) {
            throw new Operations.Refused("the env of " + app + " already is what you asked for; no release made");
        }
        List<String> parts = new ArrayList<>();
        add.forEach(k -> parts.add("add:" + k));
        changed.forEach(k -> parts.add("change:" + k));
        removed.forEach(k -> parts.add("remove:" + k));
        StringBuilder lines = new StringBuilder();
        env.forEach((k, v) -> lines.append(lines.length() == 0 ? "" : "\n").append(k).append('=').append(v));
        String id = createRelease(client, rack, app, ConvoxCrds.spec(base, "build"), lines.toString(),
                ConvoxCrds.spec(base, "manifest"), "env " + String.join(" ", parts), clock);
        return id;
    }

    /** A new Release as the Convox api writes one (ID R + 10 letters, Convox's time format); returns its ID. */
    static String createRelease(KubernetesClient client, Rack rack, String app, String build, String env,
            String manifest, String description, Clock clock) {
        String id = newId();
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion("convox.com/v1");
        r.setKind("Release");
        r.setMetadata(new ObjectMetaBuilder().withName(id.toLowerCase(Locale.ROOT))
                .withNamespace(ConvoxLabels.appNamespace(rack.internalName(), app))
                .withLabels(Map.of("system", "convox", "rack", rack.internalName(), "app", app)).build());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("build", build);
        spec.put("env", env);
        spec.put("manifest", manifest);
        spec.put("created", ConvoxTime.format(clock.instant()));
        spec.put("description", description);
        r.setAdditionalProperty("spec", spec);
        client.genericKubernetesResources(ConvoxCrds.RELEASES).inNamespace(r.getMetadata().getNamespace())
                .resource(r).create();
        return id;
    }

    static String newId() {
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder("R");
        for (int i = 0; i < 10; i++) {
            b.append(LETTERS.charAt(r.nextInt(LETTERS.length())));
        }
        return b.toString();
    }
}
