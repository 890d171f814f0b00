package dev.rackside.services.racks;


import dev.rackside.services.text.Suggest;
import dev.rackside.services.model.ComplianceSettings;
import dev.rackside.services.model.RackSettings;
import dev.rackside.services.model.Tier;
import dev.rackside.services.text.LocatedYaml;
import dev.rackside.services.text.YamlProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads racks.yaml. A broken entry is reported with file, line and field and left out whole; the other
 * entries still load. A file that is not YAML at all loads nothing and says where it broke.
 */
public final class RacksFile {
    static final List<String> FIELDS =
            List.of("name", "context", "kubeconfig", "awsProfile", "region", "approvedRegions", "tier", "readOnly",
                    "compliance", "api", "apiCA", "deployTimeout", "journal");
    static final List<String> COMPLIANCE_FIELDS = List.of("publicPorts", "allowedLinks", "logArchiveAccounts",
            "cloudtrailLake");
    /** An event data store's ARN: arn:PARTITION:cloudtrail:REGION:ACCOUNT:eventdatastore/ID. */
    static final Pattern LAKE = Pattern.compile("arn:aws(-us-gov|-cn|-iso[a-z]?)?:cloudtrail:[a-z]{2}(-gov|-iso[a-z]?)?"
            + "-[a-z]+-\\d+:\\d{12}:eventdatastore/[A-Za-z0-9._-]{3,128}");
    private static final Pattern LINK = Pattern.compile("(pcx|tgw-attach)-[0-9a-f]{8,17}");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d+");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /** What a read produced: the entries that are valid, and one message per problem. */
    public record Result(List<RackConfig> racks, List<String> problems) {
        public Result {
            racks = List.copyOf(racks);
            problems = List.copyOf(problems);
        }

        public static Result empty() {
            return new Result(List.of(), List.of());
        }
    }

    private RacksFile() {
    }

    public static Result read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Result.empty();
        } catch (IOException e) {
            return new Result(List.of(), List.of(file + ": cannot be read: " + e.getMessage()));
        }
        return parse(file.toString(), text, file.toAbsolutePath().getParent());
    }

    /** Parses racks.yaml text; {@code source} names it in messages, {@code base} anchors relative paths. */
    public static Result parse(String source, String text, Path base) {
        LocatedYaml doc;
        try {
            doc = LocatedYaml.parse(source, text);
        } catch (YamlProblem e) {
            return new Result(List.of(), List.of(e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        List<RackConfig> racks = new ArrayList<>();
        JsonNode root = doc.root();
        if (root.isNull()) {
            return Result.empty();
        }
        if (!root.isObject()) {
            return new Result(List.of(), List.of(doc.where("") + ": expected a map with a 'racks' list"));
        }
        for (String key : root.propertyNames()) {
            if (!key.equals("racks")) {
                problems.add(doc.where("/" + key) + ": unknown top-level field '" + key + "'"
                        + Suggest.closest(key, List.of("racks")).map(s -> " (did you mean '" + s + "'?)").orElse("")
                        + "; it is ignored");
            }
        }
        JsonNode list = root.get("racks");
        if (list == null || list.isNull()) {
            return new Result(racks, problems);
        }
        if (!list.isArray()) {
            problems.add(doc.where("/racks") + ": racks: expected a list of racks");
            return new Result(racks, problems);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Entry entry = new Entry(doc, "/racks/" + i, "racks[" + i + "]", list.get(i), base);
            Optional<RackConfig> rack = entry.read();
            problems.addAll(entry.problems);
            if (rack.isPresent() && !seen.add(rack.get().name())) {
                problems.add(doc.where("/racks/" + i + "/name") + ": racks[" + i + "].name: rack '"
                        + rack.get().name() + "' is defined twice; the first definition is used");
            } else {
                rack.ifPresent(racks::add);
            }
        }
        return new Result(racks, problems);
    }

    /** One list entry; collects every problem it has before deciding it cannot load. */
    private static final class Entry {
        private final LocatedYaml doc;
        private final String pointer;
        private final String label;
        private final JsonNode node;
        private final Path base;
        private final List<String> problems = new ArrayList<>();

        Entry(LocatedYaml doc, String pointer, String label, JsonNode node, Path base) {
            this.doc = doc;
            this.pointer = pointer;
            this.label = label;
            this.node = node;
            this.base = base;
        }

        Optional<RackConfig> read() {
            if (!node.isObject()) {
                problem("", "expected a map with name and context");
                return Optional.empty();
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                String key = it.next().getKey();
                if (!FIELDS.contains(key)) {
                    problem("/" + key, "unknown field '" + key + "'"
                            + Suggest.closest(key, FIELDS).map(s -> " (did you mean '" + s + "'?)").orElse(""));
                }
            }
            Optional<String> name = requiredString("name");
            name.filter(n -> !NAME.matcher(n).matches()).ifPresent(n ->
                    problem("/name", "'" + n + "' is not a rack name (lower-case letters, digits and '-')"));
            Optional<String> context = requiredString("context");
            Optional<String> kubeconfig = optionalString("kubeconfig").map(this::resolvePath);
            Optional<String> awsProfile = optionalString("awsProfile");
            Optional<String> region = optionalString("region");
            region.filter(r -> !REGION.matcher(r).matches()).ifPresent(r ->
                    problem("/region", "'" + r + "' is not an AWS region (like us-gov-west-1)"));
            List<String> approved = regionList("approvedRegions");
            Tier tier = optionalString("tier").map(t -> Tier.parse(t).orElseGet(() -> {
                problem("/tier", "'" + t + "' is not a tier (production, staging, development)");
                return Tier.UNSET;
            })).orElse(Tier.UNSET);
            boolean readOnly = bool("readOnly");
            ComplianceSettings compliance = compliance();
            RackSettings settings = new RackSettings(api(), optionalString("apiCA").map(this::resolvePath)
                    .map(Path::of), deployTimeout(), journal());
            if (!problems.isEmpty()) {
                String what = name.map(n -> "rack '" + n + "'").orElse(label);
                problems.add(doc.where(pointer) + ": " + what + " was not loaded");
                return Optional.empty();
            }
            return Optional.of(new RackConfig(name.orElseThrow(), context.orElseThrow(), kubeconfig, awsProfile,
                    region, approved, tier, readOnly, compliance, settings));
        }

        /** {@code api: https://api.<domain>}: https only (plain http on loopback), no path beyond the host. */
        private Optional<java.net.URI> api() {
            return optionalString("api").flatMap(a -> {
                try {
                    java.net.URI u = new java.net.URI(a);
                    if (u.getHost() == null) {
                        problem("/api", "'" + hideUserInfo(a) + "' is not a URL like https://api.<rack domain>");
                        return Optional.empty();
                    }
                    dev.rackside.services.rackapi.Endpoint.requireSafe(u);
                    return Optional.of(u);
                } catch (java.net.URISyntaxException e) {
                    problem("/api", "'" + hideUserInfo(a) + "' is not a URL: " + e.getReason());
                } catch (IllegalArgumentException e) {
                    problem("/api", e.getMessage());
                }
                return Optional.empty();
            });
        }

        /** A password in a URL is never echoed back, not even in an error. */
        private static String hideUserInfo(String url) {
            return url.replaceAll("//[^/@]*@", "//****@");
        }

        /** {@code deployTimeout}: seconds, or a Go duration ({@code 50m}, {@code 1h30m}, {@code 900s}). */
        private Optional<java.time.Duration> deployTimeout() {
            return optionalString("deployTimeout").flatMap(t -> {
                Optional<java.time.Duration> d = dev.rackside.services.text.GoDuration.parse(t);
                if (d.isEmpty() || d.get().isNegative() || d.get().isZero()) {
                    problem("/deployTimeout", "'" + t + "' is not a duration (seconds, or like 50m, 1h30m)");
                    return Optional.empty();
                }
                return d;
            });
        }

        /** {@code journal: {cloudwatch: GROUP}}: a CloudWatch Logs group name as AWS allows them. */
        private Optional<String> journal() {
            JsonNode j = node.get("journal");
            if (j == null || j.isNull()) {
                return Optional.empty();
            }
            if (!j.isObject()) {
                problem("/journal", "expected a map with cloudwatch");
                return Optional.empty();
            }
            for (String key : j.propertyNames()) {
                if (!key.equals("cloudwatch")) {
                    problem("/journal/" + key, "unknown field '" + key + "'" + Suggest.closest(key,
                            List.of("cloudwatch")).map(x -> " (did you mean '" + x + "'?)").orElse(""));
                }
            }
            String group = j.path("cloudwatch").asString("");
            if (j.has("cloudwatch") && !group.matches("[.\\-_/#A-Za-z0-9]{1,512}")) {
                problem("/journal/cloudwatch", "'" + group + "' is not a CloudWatch Logs group name (letters, digits, "
                        + "and . - _ / #)");
                return Optional.empty();
            }
            return group.isEmpty() ? Optional.empty() : Optional.of(group);
        }

        /** The {@code compliance:} block; each value checked, each mistake named with its line. */
        private ComplianceSettings compliance() {
            JsonNode c = node.get("compliance");
            if (c == null || c.isNull()) {
                return ComplianceSettings.DEFAULTS;
            }
            if (!c.isObject()) {
                problem("/compliance", "expected a map with " + String.join(", ", COMPLIANCE_FIELDS));
                return ComplianceSettings.DEFAULTS;
            }
            for (String key : c.propertyNames()) {
                if (!COMPLIANCE_FIELDS.contains(key)) {
                    problem("/compliance/" + key, "unknown field '" + key + "'" + Suggest.closest(key,
                            COMPLIANCE_FIELDS).map(s -> " (did you mean '" + s + "'?)").orElse(""));
                }
            }
            List<Integer> ports = new ArrayList<>();
            for (String p : list(c, "publicPorts", ComplianceSettings.DEFAULTS.publicPorts().stream()
                    .map(String::valueOf).toList(), "\\d{1,5}", "a TCP port")) {
                int port = Integer.parseInt(p);
                ports.add(port);
            }
            return new ComplianceSettings(ports, list(c, "allowedLinks", List.of(), LINK.pattern(),
                    "a peering connection or transit gateway attachment id (pcx-..., tgw-attach-...)"),
                    list(c, "logArchiveAccounts", List.of(), ACCOUNT.pattern(), "a 12-digit AWS account id"),
                    lake(c));
        }

        /** {@code compliance: {cloudtrailLake: ARN}}: the event data store {@code audit trail} queries. */
        private Optional<String> lake(JsonNode c) {
            JsonNode v = c.get("cloudtrailLake");
            if (v == null || v.isNull()) {
                return Optional.empty();
            }
            if (!v.isString() || !LAKE.matcher(v.asString()).matches()) {
                problem("/compliance/cloudtrailLake", "'" + v.asString(v.toString()) + "' is not an event data "
                        + "store ARN (arn:aws:cloudtrail:REGION:ACCOUNT:eventdatastore/ID)");
                return Optional.empty();
            }
            return Optional.of(v.asString());
        }

        private List<String> list(JsonNode parent, String field, List<String> absent, String pattern,
                String what) {
            JsonNode v = parent.get(field);
            if (v == null || v.isNull()) {
                return absent;
            }
            String at = "/compliance/" + field;
            if (!v.isArray()) {
                problem(at, "expected a list of " + what + "s");
                return absent;
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                String s = v.get(i).asString("");
                if (!s.matches(pattern) || (field.equals("publicPorts") && Integer.parseInt(s) > 65535)) {
                    problem(at + "/" + i, "'" + s + "' is not " + what);
                } else {
                    out.add(s);
                }
            }
            return out;
        }

        private String resolvePath(String path) {
            if (path.equals("~") || path.startsWith("~/")) {
                return System.getProperty("user.home") + path.substring(1);
            }
            Path p = Path.of(path);
            return p.isAbsolute() || base == null ? p.toString() : base.resolve(p).normalize().toString();
        }

        private Optional<String> requiredString(String field) {
            if (node.get(field) == null || node.get(field).isNull()) {
                problems.add(doc.where(pointer) + ": " + label + "." + field + ": required field is missing");
                return Optional.empty();
            }
            return optionalString(field);
        }

        private Optional<String> optionalString(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return Optional.empty();
            }
            if (!v.isString() && !v.isNumber()) {
                problem("/" + field, "expected text");
                return Optional.empty();
            }
            String s = v.asString().trim();
            if (s.isEmpty()) {
                problem("/" + field, "must not be empty");
                return Optional.empty();
            }
            return Optional.of(s);
        }

        private List<String> regionList(String field) {
            JsonNode v = node.get(field);
            List<String> out = new ArrayList<>();
            if (v == null || v.isNull()) {
                return out;
            }
            if (!v.isArray()) {
                problem("/" + field, "expected a list of regions, like [us-gov-west-1, us-gov-east-1]");
                return out;
            }
            for (int i = 0; i < v.size(); i++) {
                String r = v.get(i).asString();
                if (!v.get(i).isString() || !REGION.matcher(r).matches()) {
                    problem("/" + field + "/" + i, "'" + r + "' is not an AWS region");
                } else {
                    out.add(r);
                }
            }
            return out;
        }

        private boolean bool(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return false;
            }
            if (!v.isBoolean()) {
                problem("/" + field, "expected true or false, got '" + v.asString() + "'");
                return false;
            }
            return v.booleanValue();
        }

        /** Records a problem at {@code sub} (a pointer below this entry, "" for the entry itself). */
        private void problem(String sub, String message) {
            String field = sub.replaceAll("/(\\d+)", "[$1]").replace('/', '.');
            problems.add(doc.where(pointer + sub) + ": " + label + field + ": " + message);
        }
    }
}
