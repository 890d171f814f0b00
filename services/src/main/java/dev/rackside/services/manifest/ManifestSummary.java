package dev.rackside.services.manifest;

import dev.rackside.services.text.LocatedYaml;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The parts of a release's convox.yml the read path needs: per service the count range, routing and agent
 * flag, per resource its type. The full schema with validation and rendering belongs to the deploy work;
 * this reads only what the tables show, with the same defaults Convox applies (no scale block = count 1).
 */
public record ManifestSummary(Map<String, ServiceSpec> services, Map<String, ResourceSpec> resources) {

    /** What the services table needs of one service. */
    public record ServiceSpec(String name, boolean internal, boolean internalRouter, boolean agent,
            Optional<Integer> min, Optional<Integer> max, Autoscale autoscale) {
        public ServiceSpec(String name, boolean internal, boolean internalRouter, boolean agent,
                Optional<Integer> min, Optional<Integer> max) {
            this(name, internal, internalRouter, agent, min, max, Autoscale.NONE);
        }
    }

    /**
     * What {@code convox services} shows in AUTOSCALE (provider/k8s service.go ServiceList): {@code scale.autoscale}
     * (or {@code scale.keda}) with its thresholds, else the classic HPA of a ranged count with
     * {@code scale.targets}.
     */
    public record Autoscale(boolean declared, boolean keda, Optional<Integer> cpu, Optional<Integer> memory) {
        public static final Autoscale NONE = new Autoscale(false, false, Optional.empty(), Optional.empty());
    }

    /** A declared resource and its type (postgres, redis, rds-postgres ...). */
    public record ResourceSpec(String name, String type) {
    }

    private static final Pattern RANGE = Pattern.compile("(\\d+)-(\\d+)");
    private static final Pattern OPEN = Pattern.compile("(\\d+)\\+");
    private static final int AUTOSCALE_DEFAULT_MAX = 10;

    public ManifestSummary {
        services = Map.copyOf(services);
        resources = Map.copyOf(resources);
    }

    /**
     * @param source names the manifest in messages, e.g. "release RABCDEFGHIJ convox.yml"
     * @throws ManifestProblem naming line and key when the manifest is empty or malformed
     */
    public static ManifestSummary parse(String source, String text, Map<String, String> env) {
        LocatedYaml doc = Interpolation.load(source, text, env);
        JsonNode root = doc.root();
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        JsonNode svcs = root.get("services");
        if (svcs != null && !svcs.isNull()) {
            if (!svcs.isObject()) {
                throw new ManifestProblem(doc.where("/services") + ": services: expected a map of services");
            }
            for (String name : svcs.propertyNames()) {
                services.put(name, service(doc, name, svcs.get(name)));
            }
        }
        Map<String, ResourceSpec> resources = new LinkedHashMap<>();
        JsonNode res = root.get("resources");
        if (res != null && res.isObject()) {
            for (String name : res.propertyNames()) {
                resources.put(name, new ResourceSpec(name, res.get(name).path("type").asString("")));
            }
        }
        return new ManifestSummary(services, resources);
    }

    private static ServiceSpec service(LocatedYaml doc, String name, JsonNode s) {
        String at = "/services/" + name;
        if (s == null || s.isNull()) {
            return new ServiceSpec(name, false, false, false, Optional.of(1), Optional.of(1));
        }
        if (!s.isObject()) {
            throw new ManifestProblem(doc.where(at) + ": services." + name + ": expected a map");
        }
        JsonNode agentNode = s.get("agent");
        boolean agent = agentNode != null && (agentNode.isObject()
                ? agentNode.path("enabled").asBoolean(false) : agentNode.asBoolean(false));
        Range range = scale(doc, at + "/scale", "services." + name + ".scale", s.get("scale"));
        return new ServiceSpec(name, s.path("internal").asBoolean(false), s.path("internalRouter").asBoolean(false),
                agent, range.min, range.max, autoscale(s.get("scale")));
    }

    private static Autoscale autoscale(JsonNode scale) {
        if (scale == null || !scale.isObject()) {
            return Autoscale.NONE;
        }
        JsonNode a = scale.get("autoscale");
        JsonNode t = scale.get("targets");
        boolean declared = a != null && a.isObject();
        JsonNode thresholds = declared ? a : t;
        Optional<Integer> cpu = Optional.empty();
        Optional<Integer> memory = Optional.empty();
        if (thresholds != null && thresholds.isObject()) {
            if (thresholds.path("cpu").canConvertToInt()) {
                cpu = Optional.of(thresholds.path("cpu").asInt());
            } else if (thresholds.path("cpu").path("threshold").canConvertToInt()) {
                cpu = Optional.of(thresholds.path("cpu").path("threshold").asInt());
            }
            if (thresholds.path("memory").canConvertToInt()) {
                memory = Optional.of(thresholds.path("memory").asInt());
            } else if (thresholds.path("memory").path("threshold").canConvertToInt()) {
                memory = Optional.of(thresholds.path("memory").path("threshold").asInt());
            }
        }
        return new Autoscale(declared, scale.has("keda"), cpu, memory);
    }

    private record Range(Optional<Integer> min, Optional<Integer> max) {
        static Range of(int min, int max) {
            return new Range(Optional.of(min), Optional.of(max));
        }
    }

    private static Range scale(LocatedYaml doc, String at, String key, JsonNode scale) {
        if (scale == null || scale.isNull()) {
            return Range.of(1, 1);
        }
        if (!scale.isObject()) {
            return count(doc, at, key, scale);
        }
        Range range = scale.has("count") ? count(doc, at + "/count", key + ".count", scale.get("count"))
                : Range.of(1, 1);
        if (scale.has("min")) {
            range = new Range(Optional.of(integer(doc, at + "/min", key + ".min", scale.get("min"))), range.max);
        }
        if (scale.has("max")) {
            range = new Range(range.min, Optional.of(integer(doc, at + "/max", key + ".max", scale.get("max"))));
        } else if (scale.has("autoscale") && range.min.equals(range.max)) {
            range = new Range(range.min, Optional.of(AUTOSCALE_DEFAULT_MAX));
        }
        return range;
    }

    private static Range count(LocatedYaml doc, String at, String key, JsonNode count) {
        if (count.isIntegralNumber()) {
            return Range.of(count.asInt(), count.asInt());
        }
        if (count.isObject()) {
            int min = integer(doc, at + "/min", key + ".min", count.get("min"));
            int max = count.has("max") ? integer(doc, at + "/max", key + ".max", count.get("max")) : min;
            return Range.of(min, max);
        }
        String text = count.asString("").trim();
        Matcher m = RANGE.matcher(text);
        if (m.matches()) {
            return Range.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        m = OPEN.matcher(text);
        if (m.matches()) {
            return new Range(Optional.of(Integer.parseInt(m.group(1))), Optional.empty());
        }
        if (text.matches("\\d+")) {
            return Range.of(Integer.parseInt(text), Integer.parseInt(text));
        }
        throw new ManifestProblem(doc.where(at) + ": " + key + ": '" + text
                + "' is not a count (a number, \"min-max\" or {min, max})");
    }

    private static int integer(LocatedYaml doc, String at, String key, JsonNode v) {
        if (v != null && (v.isIntegralNumber() || v.asString("").matches("\\d+"))) {
            return v.asInt();
        }
        throw new ManifestProblem(doc.where(at) + ": " + key + ": expected a whole number");
    }
}
