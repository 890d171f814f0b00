package dev.rackside.services.kube;

import dev.rackside.services.model.App;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Namespace (+ Atom fallback on older racks) to the app row {@code convox apps} prints. */
public final class AppMapper {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the Atom {@code app} says, for racks that predate the app-status annotations. */
    public record AtomState(String status, Optional<String> release) {
    }

    private AppMapper() {
    }

    public static String appName(Namespace ns, String rack) {
        Map<String, String> labels = orEmpty(ns.getMetadata().getLabels());
        String name = labels.getOrDefault(ConvoxLabels.APP, labels.get(ConvoxLabels.NAME));
        if (name != null && !name.isBlank()) {
            return name;
        }
        String nsName = ns.getMetadata().getName();
        return nsName.startsWith(rack + "-") ? nsName.substring(rack.length() + 1) : nsName;
    }

    /** True when the namespace carries the app record itself (racks since the app-status annotation). */
    public static boolean hasStatusAnnotation(Namespace ns) {
        return orEmpty(ns.getMetadata().getAnnotations()).containsKey(ConvoxLabels.ANN_STATUS);
    }

    /**
     * @param atom the Atom fallback: absent when not needed or not (yet) readable
     * @param atomProblem why the fallback could not be read, if it could not
     */
    public static App fromNamespace(Namespace ns, String rack, Optional<AtomState> atom, Optional<String> atomProblem) {
        Map<String, String> ann = orEmpty(ns.getMetadata().getAnnotations());
        List<String> problems = new ArrayList<>();
        String raw = ann.get(ConvoxLabels.ANN_STATUS);
        Optional<String> release = Optional.ofNullable(ann.get(ConvoxLabels.ANN_RELEASE)).filter(s -> !s.isBlank());
        String status;
        if (raw != null) {
            status = AtomStatus.cli(raw);
        } else if (atom.isPresent()) {
            raw = atom.get().status();
            status = AtomStatus.cli(raw);
            release = release.or(() -> atom.get().release());
        } else {
            status = "unknown";
            atomProblem.ifPresent(p -> problems.add("status unknown: " + p));
        }
        boolean terminating = ns.getMetadata().getDeletionTimestamp() != null
                || (ns.getStatus() != null && "Terminating".equals(ns.getStatus().getPhase()));
        if (terminating) {
            status = "deleting";
        }
        String params = ann.get(ConvoxLabels.ANN_PARAMS);
        if (params != null && !params.isBlank()) {
            try {
                JsonNode p = JSON.readTree(params);
                if (!p.isObject()) {
                    problems.add(ConvoxLabels.ANN_PARAMS + " annotation is not a JSON object: " + abbreviate(params));
                }
            } catch (JacksonException e) {
                problems.add(ConvoxLabels.ANN_PARAMS + " annotation is not valid JSON ("
                        + e.getOriginalMessage().lines().findFirst().orElse("") + "): " + abbreviate(params));
            }
        }
        return new App(appName(ns, rack), ns.getMetadata().getName(), status, Optional.ofNullable(raw),
                release.map(r -> r.toUpperCase(java.util.Locale.ROOT)), "true".equals(ann.get(ConvoxLabels.ANN_LOCK)),
                problems);
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    static <K, V> Map<K, V> orEmpty(Map<K, V> m) {
        return m == null ? Map.of() : m;
    }
}
