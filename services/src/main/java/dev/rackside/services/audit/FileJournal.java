package dev.rackside.services.audit;


import dev.rackside.services.model.JournalEntry;
import dev.rackside.services.model.JournalRecord;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operator journal: {@code journal.jsonl}, append-only, one JSON record a line, each holding the SHA-256
 * of the line before it ({@code prev}; the first holds 64 zeros) and of itself ({@code hash}, over the line
 * without that field). Appends take an exclusive file lock (two rackside processes may write at once) and
 * are forced to disk before the action they announce proceeds.
 */
public final class FileJournal implements dev.rackside.services.api.Journal {
    static final String GENESIS = "0".repeat(64);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** File locks guard against other processes; within this JVM they would throw, so a lock per path. */
    private static final Map<Path, Object> IN_PROCESS = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path file;

    public FileJournal(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public Path file() {
        return file;
    }

    /** Appends {@code record}; returns once it is on disk. A torn last line (a crash mid-write) is cut first. */
    @Override
    public void append(JournalRecord record) throws IOException {
        PrivateFiles.ensure(file);
        synchronized (IN_PROCESS.computeIfAbsent(file, f -> new Object())) {
            appendLocked(record);
        }
    }

    private void appendLocked(JournalRecord record) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
                FileChannel ch = raf.getChannel();
                FileLock lock = ch.lock()) {
            byte[] all = new byte[(int) ch.size()];
            ch.read(ByteBuffer.wrap(all), 0);
            int end = all.length;
            // A line without its newline never finished: the action it announced never proceeded.
            while (end > 0 && all[end - 1] != '\n') {
                end--;
            }
            ch.truncate(end);
            String prev = GENESIS;
            if (end > 0) {
                int start = end - 1;
                while (start > 0 && all[start - 1] != '\n') {
                    start--;
                }
                prev = sha256(new String(all, start, end - 1 - start, StandardCharsets.UTF_8));
            }
            String line = line(record, prev) + "\n";
            ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), end);
            ch.force(true);
        }
    }

    static String line(JournalRecord r, String prev) {
        ObjectNode o = JSON.createObjectNode();
        o.put("time", r.time().toString());
        o.put("kind", r.kind());
        o.put("action_id", r.actionId());
        o.put("operator", r.operator());
        r.awsCaller().ifPresent(a -> o.put("aws_caller", a));
        o.put("rack", r.rack());
        r.app().ifPresent(a -> o.put("app", a));
        o.put("action", r.action());
        ObjectNode params = o.putObject("params");
        new TreeMap<>(r.params()).forEach(params::put);
        r.result().ifPresent(x -> o.put("result", x));
        r.error().ifPresent(x -> o.put("error", x));
        r.path().ifPresent(x -> o.put("path", x));
        o.put("prev", prev);
        String body = JSON.writeValueAsString(o);
        o.put("hash", sha256(body));
        return JSON.writeValueAsString(o);
    }

    /** Checks the whole chain; the first broken line is named with its number. */
    @Override
    public Verdict verify() throws IOException {
        if (!Files.exists(file)) {
            return new Verdict(true, 0, GENESIS, List.of());
        }
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<String> problems = new ArrayList<>();
        boolean torn = !text.isEmpty() && !text.endsWith("\n");
        String[] lines = text.isEmpty() ? new String[0] : text.split("\n", -1);
        int count = torn ? lines.length : lines.length - 1;
        String prev = GENESIS;
        int records = 0;
        java.util.LinkedHashMap<String, String> open = new java.util.LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String line = lines[i];
            int n = i + 1;
            if (torn && i == count - 1) {
                problems.add("line " + n + ": torn last record (rackside stopped while writing it; the action it "
                        + "announced did not proceed)");
                break;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (RuntimeException e) {
                problems.add("line " + n + ": not a journal record");
                return new Verdict(false, records, prev, problems);
            }
            if (!(node instanceof ObjectNode o) || !o.has("hash") || !o.has("prev")) {
                problems.add("line " + n + ": not a journal record");
                return new Verdict(false, records, prev, problems);
            }
            if (!o.get("prev").asString().equals(prev)) {
                problems.add("line " + n + ": does not follow line " + (n - 1)
                        + " (a record was inserted, deleted or reordered before it)");
                return new Verdict(false, records, prev, problems);
            }
            String claimed = o.get("hash").asString();
            ObjectNode body = o.deepCopy();
            body.remove("hash");
            if (!sha256(JSON.writeValueAsString(body)).equals(claimed)) {
                problems.add("line " + n + ": its content was edited after it was written");
                return new Verdict(false, records, prev, problems);
            }
            prev = sha256(line);
            records++;
            String id = o.path("action_id").asString("");
            if ("intent".equals(o.path("kind").asString(""))) {
                open.put(id, "line " + n + ": " + o.path("action").asString("") + " on " + o.path("rack").asString("")
                        + (o.hasNonNull("app") ? "/" + o.get("app").asString("") : "") + " by "
                        + o.path("operator").asString("") + " at " + o.path("time").asString("")
                        + ": no outcome recorded (it may still be running elsewhere, or rackside stopped before it "
                        + "saw the result: look at the rack)");
            } else {
                open.remove(id);
            }
        }
        return new Verdict(problems.isEmpty() || torn && problems.size() == 1 && records == count - 1, records, prev,
                problems, List.copyOf(open.values()));
    }

    @Override
    public List<JournalEntry> entries() throws IOException {
        List<JournalEntry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            try {
                JsonNode o = JSON.readTree(line);
                java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
                o.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asString("")));
                JournalRecord r = new JournalRecord(text(o, "kind"), text(o, "action_id"),
                        java.time.Instant.parse(text(o, "time")), text(o, "operator"), opt(o, "aws_caller"),
                        text(o, "rack"), opt(o, "app"), text(o, "action"), params, opt(o, "result"), opt(o, "error"),
                        opt(o, "path"));
                out.add(new JournalEntry(r, text(o, "prev"), text(o, "hash"), n));
            } catch (RuntimeException e) {
                // a torn or foreign line: verify names it
            }
        }
        return out;
    }

    private static String text(JsonNode o, String f) {
        return o.path(f).asString("");
    }

    private static java.util.Optional<String> opt(JsonNode o, String f) {
        return o.has(f) && !o.get(f).isNull() ? java.util.Optional.of(o.get(f).asString("")) : java.util.Optional.empty();
    }

    /** Every record, oldest first, as parsed JSON (for the History pane and exports). */
    public List<Map<String, String>> read() throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            try {
                JsonNode node = JSON.readTree(line);
                Map<String, String> row = new TreeMap<>();
                node.properties().forEach(e -> row.put(e.getKey(), e.getValue().isObject()
                        ? JSON.writeValueAsString(e.getValue()) : e.getValue().asString()));
                out.add(row);
            } catch (RuntimeException e) {
                // a torn last line: verify reports it
            }
        }
        return out;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
