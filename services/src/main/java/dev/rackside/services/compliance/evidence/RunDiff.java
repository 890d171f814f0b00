package dev.rackside.services.compliance.evidence;

import dev.rackside.services.model.compliance.RunChanges;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What changed between two stored runs, as a list an assessor reads: checks that went FAIL→PASS (fixed) and
 * PASS→FAIL (new failures), findings that appeared or vanished (a resource created or removed), and for every
 * response read in both runs whose content changed, the fields that changed with their old and new values
 * ({@code kms:GetKeyRotationStatus ... KeyRotationEnabled: true → false}).
 */
public final class RunDiff {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Per response, at most this many changed fields are listed; the rest are counted. */
    private static final int FIELDS = 12;

    private RunDiff() {
    }

    /** {@code a} the older run, {@code b} the newer, both as {@link EvidenceStore#read} gives them. */
    public static RunChanges of(JsonNode a, JsonNode b) {
        List<RunChanges.Change> out = new ArrayList<>();
        Map<String, JsonNode> before = findings(a);
        Map<String, JsonNode> after = findings(b);
        for (Map.Entry<String, JsonNode> e : after.entrySet()) {
            JsonNode old = before.get(e.getKey());
            String now = e.getValue().path("status").asString();
            if (old == null) {
                out.add(new RunChanges.Change("appeared", e.getKey() + ": " + now + " (" + e.getValue().path("message").asString()
                        + ")"));
                continue;
            }
            String was = old.path("status").asString();
            if (was.equals(now)) {
                continue;
            }
            String kind = now.equals("FAIL") ? "new-failure" : was.equals("FAIL") && now.equals("PASS") ? "fixed"
                    : "changed";
            out.add(new RunChanges.Change(kind, e.getKey() + ": " + was + " → " + now + " (" + e.getValue().path("message")
                    .asString() + ")"));
        }
        for (String k : before.keySet()) {
            if (!after.containsKey(k)) {
                out.add(new RunChanges.Change("vanished", k + ": was " + before.get(k).path("status").asString()));
            }
        }
        Map<String, JsonNode> ra = responses(a);
        Map<String, JsonNode> rb = responses(b);
        for (Map.Entry<String, JsonNode> e : rb.entrySet()) {
            JsonNode old = ra.get(e.getKey());
            if (old == null) {
                out.add(new RunChanges.Change("read", e.getKey() + ": read only in the newer run"));
            } else if (!old.path("sha256").asString().equals(e.getValue().path("sha256").asString())) {
                List<String> fields = new ArrayList<>();
                fieldsChanged("", parse(old.path("body").asString()), parse(e.getValue().path("body").asString()),
                        fields);
                String shown = String.join("; ", fields.subList(0, Math.min(FIELDS, fields.size())));
                out.add(new RunChanges.Change("evidence", e.getKey() + ": " + (fields.isEmpty() ? "content changed" : shown
                        + (fields.size() > FIELDS ? "; and " + (fields.size() - FIELDS) + " more" : ""))));
            }
        }
        for (String k : ra.keySet()) {
            if (!rb.containsKey(k)) {
                out.add(new RunChanges.Change("read", k + ": read only in the older run"));
            }
        }
        return new RunChanges(a.path("id").asString(), b.path("id").asString(), out);
    }

    /** Findings by "check resource region". */
    private static Map<String, JsonNode> findings(JsonNode run) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode f : run.path("findings")) {
            String region = f.path("region").asString("");
            out.put(f.path("check").asString() + " " + f.path("resource").asString() + (region.isEmpty() ? ""
                    : " (" + region + ")"), f);
        }
        return out;
    }

    private static Map<String, JsonNode> responses(JsonNode run) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        run.path("inventory").forEach(e -> out.put(e.path("key").asString(), e));
        return out;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return JSON.getNodeFactory().stringNode(body);
        }
    }

    /** Leaf fields that differ, as "path: old → new"; arrays compared by position. */
    private static void fieldsChanged(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a.isObject() && b.isObject()) {
            java.util.Set<String> keys = new java.util.TreeSet<>(a.propertyNames());
            keys.addAll(b.propertyNames());
            for (String k : keys) {
                fieldsChanged(path.isEmpty() ? k : path + "." + k, a.path(k), b.path(k), out);
            }
        } else if (a.isArray() && b.isArray()) {
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                fieldsChanged(path + "[" + i + "]", a.path(i), b.path(i), out);
            }
        } else if (!a.equals(b)) {
            out.add(path + ": " + show(a) + " → " + show(b));
        }
    }

    private static String show(JsonNode n) {
        if (n.isMissingNode()) {
            return "(absent)";
        }
        String s = n.isValueNode() ? n.asString() : n.toString();
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
