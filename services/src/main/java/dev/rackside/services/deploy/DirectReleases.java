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
import java.util.Optional;
import java.util.TreeMap;

/**
 * ReleaseCreate done directly, for racks without an API, exactly as Convox's provider does it (convox 3.24.9
 * provider/k8s/release.go ReleaseCreate and releaseFork, pkg/common/env.go EnvDiff, pkg/structs id.go and
 * environment.go): fork the newest release (or the parent given) for its build and env; a build given replaces
 * it, and the release then takes the build's description and manifest; an env given replaces it and, when it
 * differs, describes itself {@code env add:A change:B remove:C} (each kind sorted); a description given wins.
 */
final class DirectReleases {
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KubernetesClient client;
    private final Rack rack;
    private final String app;
    private final String ns;
    private final Clock clock;

    DirectReleases(KubernetesClient client, Rack rack, String app, Clock clock) {
        this.client = client;
        this.rack = rack;
        this.app = app;
        this.ns = ConvoxLabels.appNamespace(rack.internalName(), app);
        this.clock = clock;
    }

    /** ReleaseList(limit 1): the newest by {@code created}. */
    Optional<GenericKubernetesResource> newest() {
        return client.genericKubernetesResources(ConvoxCrds.RELEASES).inNamespace(ns).list().getItems().stream()
                .max(Comparator.comparing(r -> ConvoxCrds.spec(r, "created")));
    }

    GenericKubernetesResource get(String id) {
        GenericKubernetesResource r = client.genericKubernetesResources(ConvoxCrds.RELEASES).inNamespace(ns)
                .withName(id.toLowerCase(Locale.ROOT)).get();
        if (r == null) {
            throw new Refusal("release " + id.toUpperCase(Locale.ROOT) + " not found in app " + app
                    + "; nothing was changed");
        }
        return r;
    }

    /** Creates the release; returns its id. */
    String create(Optional<String> build, Optional<String> env, Optional<String> description,
            Optional<String> parent) {
        GenericKubernetesResource base = parent.map(this::get).or(this::newest).orElse(null);
        String rBuild = base == null ? "" : ConvoxCrds.spec(base, "build");
        String rEnv = base == null ? "" : ConvoxCrds.spec(base, "env");
        String rDescription = "";
        String rManifest = "";
        if (build.isPresent()) {
            rBuild = build.get();
        }
        if (!rBuild.isEmpty()) {
            GenericKubernetesResource b = client.genericKubernetesResources(ConvoxCrds.BUILDS).inNamespace(ns)
                    .withName(rBuild.toLowerCase(Locale.ROOT)).get();
            if (b == null) {
                throw new Refusal("build " + rBuild.toUpperCase(Locale.ROOT) + " not found in app " + app
                        + "; nothing was changed");
            }
            rDescription = ConvoxCrds.spec(b, "description");
            rManifest = ConvoxCrds.spec(b, "manifest");
        }
        if (env.isPresent()) {
            String diff = envDiff(rEnv, env.get());
            if (!diff.isBlank()) {
                rDescription = "env " + diff;
            }
            rEnv = env.get();
        }
        if (description.isPresent()) {
            rDescription = description.get();
        }
        return write(rBuild, rEnv, rManifest, rDescription);
    }

    /** The Release CR as the rack's api writes one (ID R + 10 letters, Convox's time format). */
    private String write(String build, String env, String manifest, String description) {
        String id = newId();
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion("convox.com/v1");
        r.setKind("Release");
        r.setMetadata(new ObjectMetaBuilder().withName(id.toLowerCase(Locale.ROOT)).withNamespace(ns)
                .withLabels(Map.of("system", "convox", "rack", rack.internalName(), "app", app)).build());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("build", build);
        spec.put("env", env);
        spec.put("manifest", manifest);
        spec.put("created", ConvoxTime.format(clock.instant()));
        spec.put("description", description);
        r.setAdditionalProperty("spec", spec);
        client.genericKubernetesResources(ConvoxCrds.RELEASES).inNamespace(ns).resource(r).create();
        return id;
    }

    /** structs.Environment.String(): the KEY=VALUE lines sorted as lines (not by key), joined by newlines. */
    static String envString(Map<String, String> env) {
        List<String> lines = new ArrayList<>();
        env.forEach((k, v) -> lines.add(k + "=" + v));
        java.util.Collections.sort(lines);
        return String.join("\n", lines);
    }

    /** structs.Environment.Load: KEY=VALUE lines, keys trimmed, lines without '=' skipped. */
    static TreeMap<String, String> envLoad(String text) {
        TreeMap<String, String> out = new TreeMap<>();
        for (String line : text.split("\n", -1)) {
            int eq = line.indexOf('=');
            if (eq >= 0 && !line.substring(0, eq).trim().isEmpty()) {
                out.put(line.substring(0, eq).trim(), line.substring(eq + 1));
            }
        }
        return out;
    }

    /** pkg/common/env.go EnvDiff. */
    static String envDiff(String a, String b) {
        TreeMap<String, String> ae = envLoad(a.strip());
        TreeMap<String, String> be = envLoad(b.strip());
        List<String> parts = new ArrayList<>();
        be.forEach((k, v) -> {
            if (!ae.containsKey(k)) {
                parts.add("add:" + k);
            }
        });
        be.forEach((k, v) -> {
            if (ae.containsKey(k) && !ae.get(k).equals(v)) {
                parts.add("change:" + k);
            }
        });
        ae.forEach((k, v) -> {
            if (!be.containsKey(k)) {
                parts.add("remove:" + k);
            }
        });
        return String.join(" ", parts);
    }

    static String newId() {
        StringBuilder b = new StringBuilder("R");
        for (int i = 0; i < 10; i++) {
            b.append(LETTERS.charAt(RANDOM.nextInt(LETTERS.length())));
        }
        return b.toString();
    }

    /** The env of the newest release (what {@code convox env} shows and {@code env set} starts from). */
    TreeMap<String, String> currentEnv() {
        return newest().map(r -> new TreeMap<>(Interpolation.parseEnv(ConvoxCrds.spec(r, "env"))))
                .orElseThrow(() -> new Refusal("app " + app + " has no release yet; nothing to read"));
    }
}
