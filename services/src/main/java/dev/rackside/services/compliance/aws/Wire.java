package dev.rackside.services.compliance.aws;

import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An SDK v2 response as JSON under the service model's member names ({@code KeyRotationEnabled},
 * {@code resourcesVpcConfig}), the names compliance-catalog.md uses. The inventory keeps this as the raw
 * response: rules and recorded inventories read the same shape, and a field AWS left out stays out (an
 * absent list is not an empty one).
 */
public final class Wire {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Wire() {
    }

    public static String text(Object value) {
        return JSON.writeValueAsString(tree(value));
    }

    public static JsonNode tree(Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        if (v instanceof JsonNode n) {
            return n;
        }
        if (v instanceof SdkPojo pojo) {
            ObjectNode o = NODES.objectNode();
            for (SdkField<?> f : pojo.sdkFields()) {
                Object x = f.getValueOrDefault(pojo);
                if (x == null || x instanceof SdkAutoConstructList<?> || x instanceof SdkAutoConstructMap<?, ?>) {
                    continue;
                }
                o.set(f.memberName(), tree(x));
            }
            return o;
        }
        if (v instanceof Collection<?> c) {
            ArrayNode a = NODES.arrayNode();
            c.forEach(x -> a.add(tree(x)));
            return a;
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = NODES.objectNode();
            m.forEach((k, x) -> o.set(String.valueOf(k), tree(x)));
            return o;
        }
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (v instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (v instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (v instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (v instanceof Instant t) {
            return NODES.stringNode(t.toString());
        }
        if (v instanceof SdkBytes b) {
            return NODES.stringNode(Base64.getEncoder().encodeToString(b.asByteArrayUnsafe()));
        }
        return NODES.stringNode(String.valueOf(v));
    }
}
