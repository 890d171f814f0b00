package dev.rackside.services.compliance.evidence;

import dev.rackside.services.audit.PrivateFiles;
import dev.rackside.services.model.compliance.Finding;
import dev.rackside.services.model.compliance.Inventory;
import dev.rackside.services.model.compliance.Report;
import dev.rackside.services.model.compliance.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every compliance run kept as an evidence bundle under {@code $XDG_STATE_HOME/rackside/evidence/<rack>/}: the
 * findings, every raw response the inventory read (with its SHA-256 and time), what failed or was absent, and
 * who ran it with which version; hash-chained run to run as the journal is ({@code prev}, {@code hash}), so a
 * bundle removed, edited or slipped in between is found by {@link #history}. Files are the operator's alone.
 */
public final class EvidenceStore {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** One stored run as {@code compliance history} lists it. */
    public record Run(String id, String started, String source, Map<Status, Integer> counts, String hash,
            Optional<String> problem) {
    }

    private final Path dir;

    /** @param dir {@code $XDG_STATE_HOME/rackside/evidence} */
    public EvidenceStore(Path dir) {
        this.dir = dir;
    }

    /** Stores the run; returns its file. */
    public synchronized Path save(Report r) throws IOException {
        Path rackDir = dir.resolve(safe(r.rack()));
        Files.createDirectories(dir);
        List<Path> before = files(r.rack());
        String prev = before.isEmpty() ? "" : JSON.readTree(Files.readString(before.get(before.size() - 1)))
                .path("hash").asString("");
        ObjectNode o = JSON.createObjectNode();
        o.put("rack", r.rack()).put("started", r.started().toString()).put("version", r.version())
                .put("source", r.source()).put("partition", r.partition());
        r.account().ifPresent(a -> o.put("account", a));
        r.region().ifPresent(a -> o.put("region", a));
        ArrayNode fs = o.putArray("findings");
        for (Finding f : r.findings()) {
            ObjectNode x = fs.addObject().put("check", f.check().id()).put("status", f.status().name())
                    .put("resource", f.resource()).put("region", f.region()).put("message", f.message());
            ArrayNode ev = x.putArray("evidence");
            f.evidence().forEach(ev::add);
        }
        Inventory inv = r.inventory();
        ArrayNode entries = o.putArray("inventory");
        for (Inventory.Entry e : new TreeMap<>(inv.entries()).values()) {
            entries.addObject().put("key", e.key()).put("at", e.at().toString()).put("sha256", e.sha256())
                    .put("body", e.body());
        }
        ObjectNode failures = o.putObject("failures");
        new TreeMap<>(inv.failures()).forEach(failures::put);
        ObjectNode absences = o.putObject("absences");
        new TreeMap<>(inv.absences()).forEach(absences::put);
        o.put("prev", prev);
        o.put("hash", chain(prev, o));
        String name = NAME.format(r.started());
        Path file = rackDir.resolve(name + ".json");
        for (int i = 2; Files.exists(file); i++) {
            file = rackDir.resolve(name + "-" + i + ".json");
        }
        Path tmp = rackDir.resolve("." + file.getFileName() + ".tmp");
        PrivateFiles.ensure(tmp);
        Files.writeString(tmp, JSON.writeValueAsString(o) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** The rack's runs, oldest first, each checked: its own hash, and that it follows the one before. */
    public List<Run> history(String rack) throws IOException {
        List<Run> out = new ArrayList<>();
        String expectedPrev = "";
        for (Path f : files(rack)) {
            String id = f.getFileName().toString().replaceFirst("\\.json$", "");
            JsonNode o;
            try {
                o = JSON.readTree(Files.readString(f));
            } catch (RuntimeException e) {
                out.add(new Run(id, "", "", Map.of(), "", Optional.of("not a readable bundle: " + e.getMessage())));
                continue;
            }
            Map<Status, Integer> counts = new EnumMap<>(Status.class);
            o.path("findings").forEach(x -> counts.merge(Status.valueOf(x.path("status").asString()), 1,
                    Integer::sum));
            String hash = o.path("hash").asString("");
            String prev = o.path("prev").asString("");
            Optional<String> problem = Optional.empty();
            ObjectNode copy = (ObjectNode) o.deepCopy();
            copy.remove("hash");
            if (!chain(prev, copy).equals(hash)) {
                problem = Optional.of("edited: its content does not give its hash");
            } else if (!prev.equals(expectedPrev)) {
                problem = Optional.of("does not follow the run before it (a run removed, or this one slipped in)");
            }
            out.add(new Run(id, o.path("started").asString(), o.path("source").asString(), counts, hash, problem));
            expectedPrev = hash;
        }
        return out;
    }

    /** A stored run by id (a prefix is enough), or the last ones: {@code back} 0 is the newest. */
    public Optional<JsonNode> read(String rack, Optional<String> id, int back) throws IOException {
        List<Path> all = files(rack);
        Optional<Path> f;
        if (id.isPresent()) {
            f = all.stream().filter(p -> p.getFileName().toString().startsWith(id.get())).reduce((a, b) -> b);
        } else {
            f = all.size() > back ? Optional.of(all.get(all.size() - 1 - back)) : Optional.empty();
        }
        if (f.isEmpty()) {
            return Optional.empty();
        }
        JsonNode o = JSON.readTree(Files.readString(f.get()));
        ((ObjectNode) o).put("id", f.get().getFileName().toString().replaceFirst("\\.json$", ""));
        return Optional.of(o);
    }

    /** The newest kept run's file. */
    public Optional<Path> newest(String rack) throws IOException {
        List<Path> all = files(rack);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private List<Path> files(String rack) throws IOException {
        Path rackDir = dir.resolve(safe(rack));
        if (!Files.isDirectory(rackDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(rackDir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")
                    && !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    /** sha256(prev + "\n" + sha256 of the bundle's JSON without its hash). */
    private static String chain(String prev, ObjectNode withoutHash) {
        ObjectNode c = withoutHash.deepCopy();
        c.remove("hash");
        c.remove("id");
        return sha256(prev + "\n" + sha256(JSON.writeValueAsString(c)));
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(
                    StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String safe(String rack) {
        return rack.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
