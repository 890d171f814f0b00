package dev.rackside.services.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shape guard for stub fixtures, the Java counterpart of Prowler's {@code mocked_api_response}: every key
 * of a JSON fixture, and every element of an XML one, must be a wire name of the SDK response it stands for
 * (its {@code SdkField} location names, recursively). A fixture with a misspelt or invented field fails the
 * test instead of being silently ignored by the SDK's unmarshaller.
 */
public final class WireShape {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> ENVELOPE = Set.of("requestId", "RequestId", "ResponseMetadata");

    private WireShape() {
    }

    public static void check(String name, String body, Class<?> responseClass) {
        SdkPojo shape = instance(responseClass);
        List<String> unknown = new ArrayList<>();
        if (body.trim().startsWith("<")) {
            xml(name, body, shape, unknown);
        } else {
            json(JSON.readTree(body), shape, "", unknown);
        }
        if (!unknown.isEmpty()) {
            throw new AssertionError("fixture " + name + " has fields " + responseClass.getSimpleName()
                    + " does not know: " + unknown);
        }
    }

    private static SdkPojo instance(Class<?> type) {
        try {
            Object builder = type.getMethod("builder").invoke(null);
            return (SdkPojo) ((software.amazon.awssdk.utils.builder.SdkBuilder<?, ?>) builder).build();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type + " is not an SDK shape", e);
        }
    }

    private static Optional<SdkField<?>> field(SdkPojo shape, String wire) {
        return shape.sdkFields().stream().filter(f -> wire.equals(f.unmarshallLocationName())
                || wire.equals(f.locationName())).findFirst();
    }

    private static void json(JsonNode node, SdkPojo shape, String path, List<String> unknown) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            Optional<SdkField<?>> f = field(shape, e.getKey());
            if (f.isEmpty()) {
                unknown.add(path + e.getKey());
                continue;
            }
            value(e.getValue(), f.get(), path + e.getKey() + ".", unknown);
        }
    }

    private static void value(JsonNode value, SdkField<?> f, String path, List<String> unknown) {
        if (f.constructor() != null && value.isObject()) {
            json(value, f.constructor().get(), path, unknown);
            return;
        }
        Optional<ListTrait> list = f.getOptionalTrait(ListTrait.class);
        if (list.isPresent() && value.isArray()) {
            for (JsonNode item : value) {
                value(item, list.get().memberFieldInfo(), path, unknown);
            }
            return;
        }
        Optional<MapTrait> map = f.getOptionalTrait(MapTrait.class);
        if (map.isPresent() && value.isObject()) {
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                value(e.getValue(), map.get().valueFieldInfo(), path + e.getKey() + ".", unknown);
            }
        }
    }

    private static void xml(String name, String body, SdkPojo shape, List<String> unknown) {
        Element root;
        try {
            root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        } catch (Exception e) {
            throw new AssertionError("fixture " + name + " is not XML: " + e.getMessage(), e);
        }
        // A REST-XML payload member is the root itself; query protocols wrap the fields in <OpResponse>, and
        // the AWS query protocol (RDS) once more in <OpResult>.
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child && child.getTagName().endsWith("Result")) {
                root = child;
                break;
            }
        }
        Optional<SdkField<?>> payload = field(shape, root.getTagName());
        if (payload.isPresent() && payload.get().constructor() != null) {
            element(root, payload.get().constructor().get(), root.getTagName() + ".", unknown);
        } else {
            element(root, shape, "", unknown);
        }
    }

    private static void element(Element e, SdkPojo shape, String path, List<String> unknown) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element child) || ENVELOPE.contains(child.getTagName())) {
                continue;
            }
            Optional<SdkField<?>> f = field(shape, child.getTagName());
            if (f.isEmpty()) {
                unknown.add(path + child.getTagName());
                continue;
            }
            xmlValue(child, f.get(), path + child.getTagName() + ".", unknown);
        }
    }

    private static void xmlValue(Element e, SdkField<?> f, String path, List<String> unknown) {
        if (f.constructor() != null) {
            element(e, f.constructor().get(), path, unknown);
            return;
        }
        Optional<ListTrait> list = f.getOptionalTrait(ListTrait.class);
        if (list.isPresent()) {
            for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element item) {
                    xmlValue(item, list.get().memberFieldInfo(), path, unknown);
                }
            }
        }
    }
}
