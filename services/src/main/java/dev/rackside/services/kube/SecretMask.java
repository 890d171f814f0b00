package dev.rackside.services.kube;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a cluster object into YAML for the operator to read, with every secret value masked: a release's
 * whole env (Convox env is where secrets live), env values whose names look secret, Secret data, resource
 * passwords and passwords inside URLs. Revealing one value is a separate, journaled action.
 */
public final class SecretMask {
    public static final String MASK = "****";
    private static final Pattern SECRET_NAME =
            Pattern.compile(".*(PASS|SECRET|TOKEN|KEY|CREDENTIAL|PRIVATE|AUTH).*", Pattern.CASE_INSENSITIVE);

    private SecretMask() {
    }

    public static String yaml(Object kubernetesObject) {
        JsonNode tree = Serialization.jsonMapper().valueToTree(kubernetesObject);
        mask(tree, tree.path("kind").asString(""));
        return Serialization.yamlMapper().writeValueAsString(tree);
    }

    private static void mask(JsonNode node, String kind) {
        if (node instanceof ObjectNode o) {
            if (o.has("metadata") && o.get("metadata") instanceof ObjectNode meta) {
                meta.remove("managedFields");
                if (meta.get("annotations") instanceof ObjectNode ann) {
                    ann.remove(ConvoxLabels.LAST_APPLIED);
                }
            }
            if (("Secret".equals(kind)) && o.get("data") instanceof ObjectNode data) {
                maskAll(data);
            }
            if (("Secret".equals(kind)) && o.get("stringData") instanceof ObjectNode data) {
                maskAll(data);
            }
            if ("Release".equals(kind) && o.get("spec") instanceof ObjectNode spec && spec.has("env")) {
                spec.put("env", maskEnvLines(spec.get("env").asString("")));
            }
            if ("ConfigMap".equals(kind) && o.get("data") instanceof ObjectNode data) {
                maskSecretKeys(data);
            }
            if (o.has("name") && o.has("value") && o.get("value").isString()) {
                String name = o.get("name").asString("");
                String value = o.get("value").asString();
                o.put("value", SECRET_NAME.matcher(name).matches() ? MASK : ResourceMapper.maskPassword(value));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator(); it.hasNext(); ) {
                mask(it.next().getValue(), kind);
            }
        } else if (node instanceof ArrayNode a) {
            for (JsonNode child : a) {
                mask(child, kind);
            }
        }
    }

    private static void maskAll(ObjectNode data) {
        for (String key : data.propertyNames()) {
            data.put(key, MASK);
        }
    }

    private static void maskSecretKeys(ObjectNode data) {
        for (String key : data.propertyNames()) {
            String value = data.get(key).asString("");
            data.put(key, SECRET_NAME.matcher(key).matches() ? MASK : ResourceMapper.maskPassword(value));
        }
    }

    /** {@code KEY=value} lines to {@code KEY=****}: names stay readable, values do not. */
    public static String maskEnvLines(String env) {
        StringBuilder out = new StringBuilder();
        for (String line : env.split("\n", -1)) {
            int eq = line.indexOf('=');
            out.append(eq > 0 ? line.substring(0, eq + 1) + MASK : line);
            out.append('\n');
        }
        return out.substring(0, out.length() - 1);
    }
}
