package dev.rackside.services.model.compliance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A check's framework controls as people read them: {@code SOC 2: CC6.1 · HIPAA: … · NIST: SC-7}, always in that order. */
public final class Controls {
    /** The frameworks, in the order reports list them, with the names auditors use. */
    public static final Map<String, String> FRAMEWORKS = new java.util.LinkedHashMap<>();

    static {
        FRAMEWORKS.put("soc2", "SOC 2");
        FRAMEWORKS.put("hipaa", "HIPAA");
        FRAMEWORKS.put("pci", "PCI DSS 4.0");
        FRAMEWORKS.put("nist", "NIST 800-53");
    }

    private Controls() {
    }

    public static String line(Check c) {
        List<String> parts = new ArrayList<>();
        FRAMEWORKS.forEach((key, name) -> {
            List<String> ids = c.controls().get(key);
            if (ids != null && !ids.isEmpty()) {
                parts.add(name + ": " + String.join(", ", ids));
            }
        });
        c.controls().keySet().stream().filter(k -> !FRAMEWORKS.containsKey(k)).sorted()
                .forEach(k -> parts.add(k + ": " + String.join(", ", c.controls().get(k))));
        return String.join(" · ", parts);
    }
}
