package dev.rackside.services.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Edits of an AtomVersion's template (multi-document YAML), as a direct write needs them. */
final class Templates {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private Templates() {
    }

    /** The template with its Namespace document's {@code convox.com/lock} annotation set to {@code locked}. */
    @SuppressWarnings("unchecked")
    static String withNamespaceLock(String yaml, boolean locked) {
        List<String> docs = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.isBlank()) {
                continue;
            }
            Map<String, Object> obj = YAML.readValue(doc, LinkedHashMap.class);
            if (obj != null && "Namespace".equals(obj.get("kind"))) {
                Map<String, Object> meta = (Map<String, Object>) obj.computeIfAbsent("metadata",
                        k -> new LinkedHashMap<>());
                Map<String, Object> ann = (Map<String, Object>) meta.computeIfAbsent("annotations",
                        k -> new LinkedHashMap<>());
                ann.put("convox.com/lock", String.valueOf(locked));
                doc = YAML.writeValueAsString(obj).replaceFirst("^---\\n", "");
            }
            docs.add(doc.strip());
        }
        return String.join("\n---\n", docs) + "\n";
    }
}
