package dev.rackside.services.testing;

import dev.rackside.services.kube.ConvoxObjects;

import dev.rackside.services.kube.ConvoxObjects.PodState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A Convox rack with one app of every kind the read path must handle, used by the service, CLI and
 * end-to-end tests alike so they all assert against the same cluster.
 */
public final class SampleRack {
    public static final Instant NOW = Instant.now();
    public static final String RELEASE_1 = "RAPIOLDBBBB";
    public static final String RELEASE_2 = "RAPIPREVCCC";
    public static final String RELEASE_3 = "RAPICURRDDD";
    public static final String BUILD_OK = "BAPIGOODAAA";
    public static final String BUILD_FAILED = "BAPIBADBBBB";

    private SampleRack() {
    }

    /** Two racks behind one context: {@code prod} (the sample apps) and {@code staging} (one app). */
    public static void seedTwoRacks(ConvoxObjects f) {
        seed(f, "prod");
        f.rack("staging", "3.23.1", "us-east-1", "staging.example.org");
        f.app("staging", "site", "Running", "RSITEAAAAAA", false, null);
    }

    /** Seeds rack {@code rack} with apps api (full), billing, legacy, broken, empty. */
    public static void seed(ConvoxObjects f, String rack) {
        f.rack(rack, "3.24.8", "us-gov-west-1", rack + ".example.org");
        String env = "DATABASE_PASSWORD=hunter2\nQUEUE=default\nSECRET_KEY_BASE=abc123";

        String ns = f.app(rack, "api", "Running", RELEASE_3, false,
                "{\"BuildCpu\":\"512\",\"BuildMem\":\"1024\"}");
        f.release(ns, rack, "api", RELEASE_1, BUILD_OK, NOW.minus(Duration.ofDays(14)), "initial", env,
                ConvoxObjects.MANIFEST);
        f.release(ns, rack, "api", RELEASE_2, BUILD_OK, NOW.minus(Duration.ofDays(2)), "env add:QUEUE", env,
                ConvoxObjects.MANIFEST);
        f.release(ns, rack, "api", RELEASE_3, BUILD_OK, NOW.minus(Duration.ofHours(3)), "build 1a2b3c4 fix login",
                env, ConvoxObjects.MANIFEST);
        f.build(ns, rack, "api", BUILD_OK, "complete", RELEASE_1, NOW.minus(Duration.ofDays(14)),
                NOW.minus(Duration.ofDays(14)).plusSeconds(65), "build 1a2b3c4");
        f.build(ns, rack, "api", BUILD_FAILED, "failed", null, NOW.minus(Duration.ofDays(1)),
                NOW.minus(Duration.ofDays(1)).plusSeconds(12), "build 9f8e7d6");
        f.deployment(ns, rack, "api", "web", 2, 3000, "256m", "512Mi", RELEASE_3);
        f.deployment(ns, rack, "api", "worker", 3, null, "250m", "1Gi", RELEASE_3);
        f.deployment(ns, rack, "api", "admin", 1, 4000, "100m", "128Mi", RELEASE_3);
        f.hpa(ns, rack, "api", "web", 2, 8);
        f.resource(ns, rack, "api", "database", "postgres", "postgres://app:s3cretpass@resource-database.prod-api.svc.cluster.local:5432/app");
        f.resource(ns, rack, "api", "cache", "redis", "redis://resource-cache.prod-api.svc.cluster.local:6379/0");
        List<String> args = List.of("bin/web", "--port", "3000");
        Instant t = NOW.minus(Duration.ofMinutes(30));
        f.pod(ns, rack, "api", "web", "service", "web-5d9c7b-aaaaa", PodState.RUNNING, RELEASE_3, t, args);
        f.pod(ns, rack, "api", "web", "service", "web-5d9c7b-bbbbb", PodState.STARTING, RELEASE_3, t.plusSeconds(1),
                args);
        f.pod(ns, rack, "api", "worker", "service", "worker-7f6d-ccccc", PodState.UNHEALTHY, RELEASE_3, t,
                List.of("bin/worker", "--queue", "default"));
        f.pod(ns, rack, "api", "worker", "service", "worker-7f6d-ddddd", PodState.CRASHED, RELEASE_3, t,
                List.of("bin/worker", "--queue", "default"));
        f.pod(ns, rack, "api", "worker", "service", "worker-7f6d-eeeee", PodState.PENDING, RELEASE_3, t, List.of());
        f.pod(ns, rack, "api", "worker", "timer", "timer-cleanup-fffff", PodState.COMPLETE, RELEASE_3, t,
                List.of("bin/cleanup"));
        f.pod(ns, rack, "api", "admin", "process", "admin-ggggg", PodState.FAILED, RELEASE_3, t,
                List.of("sh", "-c", "rake db:migrate && echo 'done'"));
        f.pod(ns, rack, "api", "admin", "service", "admin-6c5b-hhhhh", PodState.UNKNOWN, RELEASE_3, t, List.of());

        // A deploy in flight with a malformed params annotation: still listed, problem shown.
        String billing = f.app(rack, "billing", "Updating", "RBILLINGAAA", true, "{not json");
        f.release(billing, rack, "billing", "RBILLINGAAA", "BBILLINGAAA", NOW.minus(Duration.ofMinutes(5)),
                "promote", "", ConvoxObjects.MANIFEST);

        // An older rack's app: no app-status annotation, the Atom says Deadline.
        String legacy = f.app(rack, "legacy", null, null, false, null);
        f.atom(legacy, "Deadline", "app-1700000000000000000", "RLEGACYAAAA");

        // A release whose manifest is broken YAML, and one whose manifest is empty.
        String broken = f.app(rack, "broken", "Running", "RBROKENAAAA", false, null);
        f.release(broken, rack, "broken", "RBROKENAAAA", "BBROKENAAAA", NOW.minus(Duration.ofHours(1)), "oops", "",
                "services:\n  web:\n    scale: [1, 2\n");
        String empty = f.app(rack, "empty", "Running", "REMPTYAAAAA", false, null);
        f.release(empty, rack, "empty", "REMPTYAAAAA", "BEMPTYAAAAA", NOW.minus(Duration.ofHours(1)), "empty", "",
                "");
    }
}
