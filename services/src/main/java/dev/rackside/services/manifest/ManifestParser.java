package dev.rackside.services.manifest;

import dev.rackside.services.manifest.Manifest.Balancer;
import dev.rackside.services.manifest.Manifest.Build;
import dev.rackside.services.manifest.Manifest.Config;
import dev.rackside.services.manifest.Manifest.Deployment;
import dev.rackside.services.manifest.Manifest.ExtraPort;
import dev.rackside.services.manifest.Manifest.Health;
import dev.rackside.services.manifest.Manifest.Link;
import dev.rackside.services.manifest.Manifest.Port;
import dev.rackside.services.manifest.Manifest.Probe;
import dev.rackside.services.manifest.Manifest.Resource;
import dev.rackside.services.manifest.Manifest.Scale;
import dev.rackside.services.manifest.Manifest.Service;
import dev.rackside.services.manifest.Manifest.Timer;
import dev.rackside.services.manifest.Reader.At;
import dev.rackside.services.text.LocatedYaml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and validates a whole convox.yml (convox-model.md section 7): {@code ${VAR}} interpolated from the
 * release env first, Convox's defaults applied, every error collected with file, line, column and key,
 * keys convox.yml does not have reported as warnings, and declared env keys without a default that the
 * release env lacks reported by name (Convox refuses to promote such a release).
 */
public final class ManifestParser {
    /** The result: the manifest, and what was wrong but not fatal. */
    public record Parsed(Manifest manifest, List<String> warnings) {
    }

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern RANGE = Pattern.compile("(\\d+)-(\\d+)");
    private static final Pattern OPEN = Pattern.compile("(\\d+)\\+");
    /** The most services one convox.yml may have here (Convox sets no bound; none of its racks has near this). */
    public static final int MAX_SERVICES = 500;

    private static final Set<String> TOP = Set.of("environment", "services", "resources", "timers", "balancers",
            "labels", "configs", "appSettings", "budget", "params");
    private static final Set<String> SERVICE = Set.of("build", "image", "command", "port", "ports", "health",
            "liveness", "startupProbe", "grpcHealthEnabled", "scale", "environment", "resources", "domain",
            "internal", "internalRouter", "agent", "deployment", "singleton", "termination", "drain", "timeout",
            "tls", "sticky", "whitelist", "init", "privileged", "annotations", "ingressAnnotations", "labels",
            "certificate", "dnsConfig", "lifecycle", "volumes", "volumeOptions", "configMounts", "initContainer",
            "imagePullSecrets", "nodeSelectorLabels", "nodeAffinityLabels", "securityContext", "accessControl",
            "disableHostUsers", "test");
    private static final Set<String> SCALE = Set.of("count", "cpu", "memory", "gpu", "limit", "targets", "min", "max",
            "autoscale", "keda", "vpa");
    private static final Set<String> RESERVED_LABELS = Set.of("system", "rack", "app", "name", "service", "release",
            "type");
    private static final Set<String> RESOURCE_TYPES = Set.of("postgres", "mysql", "mariadb", "postgis", "redis",
            "memcached", "rds-postgres", "rds-mysql", "rds-mariadb", "elasticache-redis", "elasticache-memcached");

    private ManifestParser() {
    }

    /**
     * @param source names the manifest in messages, e.g. "release RABCDEFGHIJ convox.yml"
     * @throws ManifestProblem listing every error, one per line, when the manifest cannot be used
     */
    public static Parsed parse(String source, String text, Map<String, String> env) {
        LocatedYaml doc = Interpolation.load(source, text, env);
        Reader r = new Reader(doc);
        At root = r.root();
        r.onlyKeys(root, TOP);
        List<String> environment = r.strings(root.child("environment"));
        Map<String, Resource> resources = resources(r, root.child("resources"));
        Map<String, Service> services = new LinkedHashMap<>();
        At svcs = root.child("services");
        if (r.isMap(svcs) && svcs.node().size() > MAX_SERVICES) {
            // Refused before anything is rendered or applied: a deploy of 20,000 Deployments outlives its
            // deadline and holds the Lease while it creates them.
            throw new ManifestProblem(doc.where(svcs.pointer()) + ": services: " + svcs.node().size()
                    + " services; rackside deploys at most " + MAX_SERVICES + " from one convox.yml");
        }
        if (r.isMap(svcs)) {
            for (String name : svcs.node().propertyNames()) {
                At s = svcs.child(name);
                checkName(r, s, name);
                services.put(name, service(r, s, name, resources));
            }
        }
        Map<String, Timer> timers = timers(r, root.child("timers"), services);
        Map<String, Balancer> balancers = balancers(r, root.child("balancers"), services);
        List<Config> configs = new ArrayList<>();
        At cfgs = root.child("configs");
        if (cfgs.present()) {
            for (int i = 0; i < cfgs.node().size(); i++) {
                At c = cfgs.item(i);
                r.onlyKeys(c, Set.of("id", "name", "value"));
                Optional<String> id = r.string(c.child("id"));
                if (id.isEmpty()) {
                    r.error(c, "a config needs an id");
                } else {
                    configs.add(new Config(id.get(), r.string(c.child("name")), r.string(c.child("value"))));
                }
            }
        }
        requiredEnv(r, root.child("environment"), env);
        for (String name : services.keySet()) {
            requiredEnv(r, svcs.child(name).child("environment"), env);
        }
        if (!r.errors.isEmpty()) {
            throw new ManifestProblem(String.join("\n", r.errors));
        }
        Manifest m = new Manifest(environment, services, resources, timers, balancers, r.pairs(root.child("labels")),
                configs, r.pairs(root.child("params")));
        return new Parsed(m, List.copyOf(r.warnings));
    }

    private static void checkName(Reader r, At at, String name) {
        if (!NAME.matcher(name).matches()) {
            r.error(at, "'" + name + "' is not a valid name (a lowercase letter, then lowercase letters, digits or -)");
        }
    }

    /** {@code KEY} without {@code =default} must be in the release env; {@code *} imports everything. */
    private static void requiredEnv(Reader r, At list, Map<String, String> env) {
        List<String> entries = r.strings(list);
        for (int i = 0; i < entries.size(); i++) {
            String e = entries.get(i).trim();
            if (!e.contains("=") && !e.equals("*") && !env.containsKey(e)) {
                r.error(list.item(i), "required env " + e + " is not set in the release env (convox env set " + e
                        + "=...)");
            }
        }
    }

    private static Service service(Reader r, At s, String name, Map<String, Resource> resources) {
        if (!s.present()) {
            s = new At(tools.jackson.databind.node.JsonNodeFactory.instance.objectNode(), s.pointer(), s.key());
        } else if (!r.isMap(s)) {
            return null;
        }
        r.onlyKeys(s, SERVICE);
        Set<String> features = new LinkedHashSet<>();
        for (String k : s.node().propertyNames()) {
            features.add(k);
        }
        Optional<String> image = r.string(s.child("image"));
        Optional<Build> build = image.isPresent() ? Optional.empty() : Optional.of(build(r, s.child("build")));
        boolean agent = s.child("agent").present() && (s.child("agent").node().isObject()
                ? r.bool(s.child("agent").child("enabled"), false) : r.bool(s.child("agent"), false));
        boolean singleton = r.bool(s.child("singleton"), false);
        Health health = health(r, s.child("health"));
        Scale scale = scale(r, s.child("scale"), features);
        int min = agent || singleton ? 0 : 50;
        int max = agent || singleton ? 100 : 200;
        At dep = s.child("deployment");
        r.onlyKeys(dep, Set.of("minimum", "maximum"));
        Deployment deployment = new Deployment(r.integer(dep.child("minimum"), min), r.integer(dep.child("maximum"),
                max));
        if (deployment.minimum() < 0 || deployment.minimum() > 100) {
            r.error(dep.child("minimum"), "must be from 0 to 100 (percent of the count kept running)");
        }
        if (deployment.maximum() < 100 || deployment.maximum() > 200) {
            r.error(dep.child("maximum"), "must be from 100 to 200 (percent of the count while rolling)");
        }
        boolean internal = r.bool(s.child("internal"), false);
        boolean internalRouter = r.bool(s.child("internalRouter"), false);
        if (internal && internalRouter) {
            r.error(s.child("internalRouter"), "internal and internalRouter cannot both be true");
        }
        List<Link> links = new ArrayList<>();
        List<String> res = r.strings(s.child("resources"));
        for (int i = 0; i < res.size(); i++) {
            String[] parts = res.get(i).split(":", 2);
            if (!resources.containsKey(parts[0])) {
                r.error(s.child("resources").item(i), "no resource named '" + parts[0] + "' in resources");
            }
            links.add(parts.length > 1 ? new Link(parts[0], parts[1].strip(), true)
                    : new Link(parts[0], parts[0].toUpperCase(Locale.ROOT).replace('-', '_'), false));
        }
        Map<String, String> labels = r.pairs(s.child("labels"));
        for (String l : labels.keySet()) {
            if (RESERVED_LABELS.contains(l)) {
                r.error(s.child("labels").child(l), "'" + l + "' is a label Convox sets itself");
            }
        }
        At domain = s.child("domain");
        List<String> domains = new ArrayList<>();
        for (String d : r.strings(domain)) {
            for (String part : d.split(",")) {
                if (!part.isBlank()) {
                    domains.add(part.trim());
                }
            }
        }
        At tls = s.child("tls");
        r.onlyKeys(tls, Set.of("redirect"));
        At term = s.child("termination");
        r.onlyKeys(term, Set.of("grace"));
        Optional<Port> mainPort = port(r, s.child("port"));
        // ApplyDefaults drops a ports entry that repeats the main port over TCP: the main port has it already.
        List<ExtraPort> extra = ports(r, s.child("ports")).stream().filter(p -> mainPort.map(m -> m.port() != p.port()
                || !p.protocol().equals("tcp")).orElse(true)).toList();
        return new Service(name, build, image, r.string(s.child("command")), mainPort, extra, health, probe(r, s.child("liveness"), true), probe(r,
                        s.child("startupProbe"), false), r.bool(s.child("grpcHealthEnabled"), false), scale,
                r.strings(s.child("environment")), links, domains, internal, internalRouter, agent, deployment,
                singleton, r.integer(term.child("grace"), 30), r.integer(s.child("drain"), 30),
                r.integer(s.child("timeout"), 60), r.bool(tls.child("redirect"), true), r.bool(s.child("sticky"),
                        false), r.string(s.child("whitelist")), r.bool(s.child("init"), true),
                r.bool(s.child("privileged"), false), r.pairs(s.child("annotations")),
                r.pairs(s.child("ingressAnnotations")), labels, r.strings(s.child("volumes")), features);
    }

    private static Build build(Reader r, At b) {
        if (!b.present()) {
            return new Build(".", "Dockerfile", List.of());
        }
        if (!b.node().isObject()) {
            return new Build(r.string(b).orElse("."), "Dockerfile", List.of());
        }
        r.onlyKeys(b, Set.of("path", "manifest", "args"));
        return new Build(r.string(b.child("path")).orElse("."), r.string(b.child("manifest")).orElse("Dockerfile"),
                r.strings(b.child("args")));
    }

    private static Optional<Port> port(Reader r, At p) {
        return port(r, p, "http");
    }

    /**
     * A ServicePortScheme (pkg/manifest/yaml.go): {@code 3000}, {@code "https:3000"} or {@code {port, scheme}};
     * {@code scheme} when none is given ("http" for the main port, "" for a health or liveness port).
     */
    private static Optional<Port> port(Reader r, At p, String defaultScheme) {
        if (!p.present()) {
            return Optional.empty();
        }
        String scheme = defaultScheme;
        Optional<Integer> port;
        if (p.node().isObject()) {
            r.onlyKeys(p, Set.of("port", "scheme"));
            At inner = p.child("port");
            if (inner.present() && !inner.node().isIntegralNumber()) {
                return port(r, inner, defaultScheme).map(q -> new Port(q.port(), r.string(p.child("scheme"))
                        .orElse(q.scheme())));
            }
            port = r.integer(inner);
            scheme = r.string(p.child("scheme")).orElse(defaultScheme);
        } else if (p.node().isIntegralNumber()) {
            port = Optional.of(p.node().asInt());
        } else {
            String s = p.node().asString("");
            int colon = s.indexOf(':');
            if (colon > 0) {
                scheme = s.substring(0, colon);
                s = s.substring(colon + 1);
            }
            port = s.matches("\\d+") ? Optional.of(Integer.parseInt(s)) : Optional.empty();
            if (port.isEmpty()) {
                r.error(p, "expected a port (3000, \"https:3000\" or {port, scheme}), not '" + p.node().asString("")
                        + "'");
            }
        }
        if (!Set.of("http", "https", "grpc").contains(scheme) && !(scheme.isEmpty() && defaultScheme.isEmpty())) {
            r.error(p, "scheme must be http, https or grpc, not '" + scheme + "'");
        }
        String sc = scheme;
        return port.filter(n -> n != 0).map(n -> new Port(n, sc));
    }

    private static List<ExtraPort> ports(Reader r, At ps) {
        List<ExtraPort> out = new ArrayList<>();
        List<String> items = r.strings(ps);
        for (int i = 0; i < items.size(); i++) {
            String[] parts = items.get(i).split("/", 2);
            String protocol = parts.length > 1 ? parts[1].toLowerCase(Locale.ROOT) : "tcp";
            if (!parts[0].matches("\\d+") || !(protocol.equals("tcp") || protocol.equals("udp"))) {
                r.error(ps.item(i), "expected a port like 5000 or \"5000/udp\", not '" + items.get(i) + "'");
            } else {
                out.add(new ExtraPort(Integer.parseInt(parts[0]), protocol));
            }
        }
        return out;
    }

    private static Health health(Reader r, At h) {
        if (!h.present()) {
            return new Health("/", 5, 5, 4, false, Optional.empty());
        }
        if (!h.node().isObject()) {
            return new Health(r.string(h).orElse("/"), 5, 5, 4, false, Optional.empty());
        }
        r.onlyKeys(h, Set.of("path", "grace", "interval", "timeout", "disable", "port"));
        int interval = r.integer(h.child("interval"), 5);
        int timeout = r.integer(h.child("timeout"), interval - 1);
        if (timeout >= interval) {
            r.error(h.child("timeout"), "must be less than the interval (" + interval + ")");
        }
        return new Health(r.string(h.child("path")).orElse("/"), r.integer(h.child("grace"), interval), interval,
                timeout, r.bool(h.child("disable"), false), port(r, h.child("port"), ""));
    }

    /** Liveness is off unless it has a path; a startup probe may use a TCP port instead. */
    private static Optional<Probe> probe(Reader r, At p, boolean liveness) {
        if (!p.present() || !r.isMap(p)) {
            return Optional.empty();
        }
        r.onlyKeys(p, Set.of("path", "tcpSocketPort", "grace", "interval", "timeout", "successThreshold",
                "failureThreshold", "port"));
        Optional<String> path = r.string(p.child("path"));
        Optional<Integer> tcp = r.integer(p.child("tcpSocketPort"));
        if (path.isEmpty() && (liveness || tcp.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new Probe(path, tcp, r.integer(p.child("grace"), 10), r.integer(p.child("interval"), 5),
                r.integer(p.child("timeout"), 5), r.integer(p.child("successThreshold"), 1),
                r.integer(p.child("failureThreshold"), 3), port(r, p.child("port"), "")));
    }

    private static Scale scale(Reader r, At s, Set<String> features) {
        if (!s.present()) {
            return new Scale(1, Optional.of(1), 250, 512, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty());
        }
        if (!s.node().isObject()) {
            int[] c = count(r, s);
            return new Scale(c[0], c[1] < 0 ? Optional.empty() : Optional.of(c[1]), 250, 512, Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
        r.onlyKeys(s, SCALE);
        for (String k : List.of("autoscale", "keda", "vpa")) {
            if (s.child(k).present()) {
                features.add("scale." + k);
            }
        }
        // pkg/manifest/manifest.go ApplyDefaults: scale.min and scale.max override the count; min alone is a
        // fixed count (to 10 with autoscale), max alone sets the minimum too when there is no count.
        boolean autoscale = s.child("autoscale").present();
        int[] c = s.child("count").present() ? count(r, s.child("count")) : new int[] {1, 1};
        Optional<Integer> minKey = r.integer(s.child("min"));
        Optional<Integer> maxKey = r.integer(s.child("max"));
        int min = c[0];
        Optional<Integer> max = c[1] < 0 ? Optional.empty() : Optional.of(c[1]);
        if (minKey.isPresent() && maxKey.isPresent()) {
            min = minKey.get();
            max = maxKey;
        } else if (minKey.isPresent()) {
            min = minKey.get();
            max = Optional.of(autoscale ? (s.child("count").present() && c[1] > 0 ? c[1] : 10) : min);
        } else if (maxKey.isPresent()) {
            max = maxKey;
            if (!s.child("count").present() && !autoscale) {
                min = maxKey.get();
            }
        }
        if (autoscale && max.map(m -> m == 0).orElse(false)) {
            max = Optional.of(10);
        }
        if (max.isPresent() && max.get() < min) {
            r.error(s.child("count"), "the maximum " + max.get() + " is below the minimum " + min);
        }
        Optional<Integer> gpu = Optional.empty();
        At g = s.child("gpu");
        if (g.present()) {
            features.add("scale.gpu");
            gpu = g.node().isObject() ? r.integer(g.child("count")) : r.integer(g);
        }
        boolean noDefaults = gpu.isPresent();
        At limit = s.child("limit");
        r.onlyKeys(limit, Set.of("cpu", "memory"));
        At targets = s.child("targets");
        r.onlyKeys(targets, Set.of("cpu", "memory", "external"));
        if (targets.child("external").present()) {
            features.add("scale.targets.external");
        }
        // Without a GPU, cpu and memory default to Convox's 250m and 512Mi, or to the limit when one is set (so
        // the request is never above the limit).
        Optional<Integer> limitCpu = r.integer(limit.child("cpu")).filter(v -> v > 0);
        Optional<Integer> limitMemory = r.integer(limit.child("memory")).filter(v -> v > 0);
        int cpu = r.integer(s.child("cpu"), noDefaults ? 0 : limitCpu.orElse(250));
        int memory = r.integer(s.child("memory"), noDefaults ? 0 : limitMemory.orElse(512));
        if (limitCpu.isPresent() && limitCpu.get() < cpu) {
            r.error(limit.child("cpu"), "cpu limit can not be less cpu request (" + cpu + ")");
        }
        if (limitMemory.isPresent() && limitMemory.get() < memory) {
            r.error(limit.child("memory"), "memory limit can not be less memory request (" + memory + ")");
        }
        return new Scale(min, max, cpu, memory, limitCpu, limitMemory, r.integer(targets.child("cpu")),
                r.integer(targets.child("memory")), gpu);
    }

    /** {min, max}; max -1 for an open range {@code "2+"}. */
    private static int[] count(Reader r, At c) {
        JsonNodeText t = new JsonNodeText(c);
        if (c.node().isIntegralNumber()) {
            return new int[] {c.node().asInt(), c.node().asInt()};
        }
        if (c.node().isObject()) {
            r.onlyKeys(c, Set.of("min", "max"));
            int min = r.integer(c.child("min"), 1);
            return new int[] {min, r.integer(c.child("max"), min)};
        }
        Matcher m = RANGE.matcher(t.text);
        if (m.matches()) {
            return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
        }
        m = OPEN.matcher(t.text);
        if (m.matches()) {
            return new int[] {Integer.parseInt(m.group(1)), -1};
        }
        if (t.text.matches("\\d+")) {
            return new int[] {Integer.parseInt(t.text), Integer.parseInt(t.text)};
        }
        r.error(c, "'" + t.text + "' is not a count (a number, \"min-max\", \"min+\" or {min, max})");
        return new int[] {1, 1};
    }

    private record JsonNodeText(String text) {
        JsonNodeText(At at) {
            this(at.node().isContainer() ? "" : at.node().asString("").trim());
        }
    }

    private static Map<String, Resource> resources(Reader r, At rs) {
        Map<String, Resource> out = new LinkedHashMap<>();
        if (!r.isMap(rs)) {
            return out;
        }
        for (String name : rs.node().propertyNames()) {
            At x = rs.child(name);
            checkName(r, x, name);
            if (!r.isMap(x)) {
                r.error(x, "a resource needs a type");
                continue;
            }
            r.onlyKeys(x, Set.of("type", "image", "options"));
            Optional<String> type = r.string(x.child("type"));
            if (type.isEmpty()) {
                r.error(x, "a resource needs a type");
                continue;
            }
            if (!RESOURCE_TYPES.contains(type.get())) {
                r.error(x.child("type"), "unknown resource type '" + type.get() + "' (one of "
                        + String.join(", ", new java.util.TreeSet<>(RESOURCE_TYPES)) + ")");
            }
            out.put(name, new Resource(name, type.get(), r.string(x.child("image")), r.pairs(x.child("options"))));
        }
        return out;
    }

    private static Map<String, Timer> timers(Reader r, At ts, Map<String, Service> services) {
        Map<String, Timer> out = new LinkedHashMap<>();
        if (!r.isMap(ts)) {
            return out;
        }
        for (String name : ts.node().propertyNames()) {
            At t = ts.child(name);
            checkName(r, t, name);
            if (!r.isMap(t)) {
                continue;
            }
            r.onlyKeys(t, Set.of("schedule", "service", "command", "concurrency", "parallelCount", "annotations"));
            String schedule = r.string(t.child("schedule")).orElse("");
            String[] fields = schedule.trim().split("\\s+");
            if (fields.length < 5) {
                r.error(t.child("schedule"), "expected a 5-field cron schedule (UTC), not '" + schedule + "'");
            }
            // Convox cuts a longer schedule to 5 fields and reads ? as *.
            String cron = String.join(" ", java.util.Arrays.copyOf(fields, Math.min(5, fields.length))).replace('?',
                    '*');
            String service = r.string(t.child("service")).orElse("");
            if (!services.containsKey(service)) {
                r.error(t.child("service"), "no service named '" + service + "' in services");
            }
            String concurrency = r.string(t.child("concurrency")).orElse("Allow");
            String c = concurrency.substring(0, 1).toUpperCase(Locale.ROOT) + concurrency.substring(1)
                    .toLowerCase(Locale.ROOT);
            if (!Set.of("Allow", "Forbid", "Replace").contains(c)) {
                r.error(t.child("concurrency"), "must be Allow, Forbid or Replace, not '" + concurrency + "'");
            }
            out.put(name, new Timer(name, cron, service, r.string(t.child("command")).orElse(""), c,
                    r.integer(t.child("parallelCount"), 1), r.pairs(t.child("annotations"))));
        }
        return out;
    }

    private static Map<String, Balancer> balancers(Reader r, At bs, Map<String, Service> services) {
        Map<String, Balancer> out = new LinkedHashMap<>();
        if (!r.isMap(bs)) {
            return out;
        }
        for (String name : bs.node().propertyNames()) {
            At b = bs.child(name);
            if (!r.isMap(b)) {
                continue;
            }
            r.onlyKeys(b, Set.of("service", "ports", "whitelist", "annotations"));
            String service = r.string(b.child("service")).orElse("");
            if (!services.containsKey(service)) {
                r.error(b.child("service"), "no service named '" + service + "' in services");
            }
            Map<Integer, Integer> ports = new LinkedHashMap<>();
            At ps = b.child("ports");
            if (r.isMap(ps)) {
                for (String listen : ps.node().propertyNames()) {
                    At target = ps.child(listen);
                    Optional<Integer> to = target.node().isObject() ? r.integer(target.child("port"))
                            : r.integer(target);
                    if (!listen.matches("\\d+")) {
                        r.error(target, "a balancer listens on a port number, not '" + listen + "'");
                    } else {
                        to.ifPresent(p -> ports.put(Integer.parseInt(listen), p));
                    }
                }
            }
            out.put(name, new Balancer(name, service, ports, r.strings(b.child("whitelist")),
                    r.pairs(b.child("annotations"))));
        }
        return out;
    }
}
