package dev.rackside.services.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The journal where the auditor can see it: every record about a rack also sent, as the line the local journal
 * holds, to a CloudWatch Logs group in the rack's account (racks.yaml {@code journal: {cloudwatch: GROUP}}), one
 * stream per operator host. The local file stays the record of truth. What has been delivered is remembered by
 * the hash of the last line sent (a cursor beside the journal), checked against the stream's own last event
 * before each delivery, so a batch whose answer was lost is not sent twice, and a failed delivery leaves the
 * rest for the next one: in order, never twice, never lost.
 */
public final class RemoteJournal {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** PutLogEvents takes at most 10,000 events and 1 MiB (each event counted with 26 bytes more). */
    private static final int BATCH_EVENTS = 10_000;
    private static final int BATCH_BYTES = 1_000_000;

    /** One journal line about the rack: its text as stored, its hash, its time. */
    record Line(String text, String hash, Instant time) {
    }

    /** How a delivery went: how many lines were sent now, how many wait, and why they wait. */
    public record Delivery(int sent, int waiting, Optional<String> problem) {
    }

    /** How the remote copy compares with the local journal. */
    public record Verdict(boolean intact, int local, int remote, List<String> problems) {
    }

    private final Path journal;
    private final String host;

    /** @param host the operator's host: the stream the records go to */
    public RemoteJournal(Path journal, String host) {
        this.journal = journal;
        this.host = host;
    }

    /** The operator's host as the stream names it: $HOSTNAME, else the system's name for this machine. */
    public static String localHost() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h.strip();
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown-host";
        }
    }

    public String stream() {
        return host.replaceAll("[:*]", "_");
    }

    /** Sends the rack's records not yet in the group's stream; never throws for AWS trouble. */
    public synchronized Delivery deliver(String rack, CloudWatchLogsClient logs, String group) {
        List<Line> lines;
        try {
            lines = lines(rack);
        } catch (IOException e) {
            return new Delivery(0, 0, Optional.of("cannot read the journal " + journal + ": " + e.getMessage()));
        }
        int from;
        try {
            ensureStream(logs, group);
            from = start(lines, cursor(rack, group), lastRemoteHash(logs, group));
        } catch (SdkException e) {
            return new Delivery(0, pendingAfter(lines, cursor(rack, group)), Optional.of(describe(group, e)));
        }
        int sent = 0;
        while (from < lines.size()) {
            List<Line> batch = batch(lines, from);
            try {
                PutLogEventsResponse r = logs.putLogEvents(p -> p.logGroupName(group).logStreamName(stream())
                        .logEvents(batch.stream().map(l -> InputLogEvent.builder().message(l.text())
                                .timestamp(l.time().toEpochMilli()).build()).toList()));
                if (r.rejectedLogEventsInfo() != null && r.rejectedLogEventsInfo().tooOldLogEventEndIndex() != null) {
                    return new Delivery(sent, lines.size() - from, Optional.of(group + ": CloudWatch refused "
                            + r.rejectedLogEventsInfo().tooOldLogEventEndIndex() + " records older than its 14 days; "
                            + "they stay in the local journal"));
                }
            } catch (SdkException e) {
                return new Delivery(sent, lines.size() - from, Optional.of(describe(group, e)));
            }
            from += batch.size();
            sent += batch.size();
            saveCursor(rack, group, lines.get(from - 1).hash());
        }
        return new Delivery(sent, 0, Optional.empty());
    }

    /**
     * {@code audit verify --remote}: every line of the stream is a line of the local journal, byte for byte, in
     * the local order, and every local line about the rack from the stream's first is there.
     */
    public Verdict verify(String rack, CloudWatchLogsClient logs, String group) throws IOException {
        List<Line> local = lines(rack);
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < local.size(); i++) {
            at.put(local.get(i).hash(), i);
        }
        List<String> remote = new ArrayList<>();
        String token = null;
        while (true) {
            String t = token;
            GetLogEventsResponse r = logs.getLogEvents(g -> g.logGroupName(group).logStreamName(stream())
                    .startFromHead(true).nextToken(t));
            r.events().stream().map(OutputLogEvent::message).forEach(remote::add);
            if (r.nextForwardToken() == null || r.nextForwardToken().equals(t) || r.events().isEmpty()) {
                break;
            }
            token = r.nextForwardToken();
        }
        List<String> problems = new ArrayList<>();
        int expected = -1;
        for (int i = 0; i < remote.size(); i++) {
            String msg = remote.get(i);
            String hash = hashOf(msg);
            Integer index = at.get(hash);
            if (index == null || !local.get(index).text().equals(msg)) {
                problems.add(group + "/" + stream() + " event " + (i + 1) + " is not a line of the local journal"
                        + (index == null ? "" : " (its hash is, its text differs: edited)"));
                continue;
            }
            if (expected >= 0 && index != expected) {
                problems.add(group + "/" + stream() + " event " + (i + 1) + " is line " + (index + 1) + " of the rack's"
                        + " records where line " + (expected + 1) + " belongs (missing or reordered)");
            }
            expected = index + 1;
        }
        if (expected >= 0 && expected < local.size()) {
            problems.add((local.size() - expected) + " records not yet in " + group + "/" + stream()
                    + " (they go with the next delivery)");
        }
        return new Verdict(problems.stream().noneMatch(p -> !p.contains("not yet in")), local.size(), remote.size(),
                problems);
    }

    /** The journal's lines about the rack, in order. */
    List<Line> lines(String rack) throws IOException {
        List<Line> out = new ArrayList<>();
        if (!Files.exists(journal)) {
            return out;
        }
        for (String text : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
            try {
                JsonNode o = JSON.readTree(text);
                if (rack.equals(o.path("rack").asString("")) && !o.path("hash").asString("").isEmpty()) {
                    out.add(new Line(text, o.path("hash").asString(), Instant.parse(o.path("time").asString())));
                }
            } catch (JacksonException | java.time.format.DateTimeParseException e) {
                // a torn line: audit verify names it; it was never a finished record
            }
        }
        return out;
    }

    private static String hashOf(String message) {
        try {
            return JSON.readTree(message).path("hash").asString("");
        } catch (JacksonException e) {
            return "";
        }
    }

    /** Where delivery resumes: after the stream's last line when it is one of ours, else after the cursor. */
    private static int start(List<Line> lines, Optional<String> cursor, Optional<String> remoteLast) {
        for (Optional<String> mark : List.of(remoteLast, cursor)) {
            if (mark.isPresent()) {
                for (int i = lines.size() - 1; i >= 0; i--) {
                    if (lines.get(i).hash().equals(mark.get())) {
                        return i + 1;
                    }
                }
            }
        }
        return 0;
    }

    private static int pendingAfter(List<Line> lines, Optional<String> cursor) {
        return lines.size() - start(lines, cursor, Optional.empty());
    }

    private static List<Line> batch(List<Line> lines, int from) {
        List<Line> b = new ArrayList<>();
        int bytes = 0;
        for (int i = from; i < lines.size() && b.size() < BATCH_EVENTS; i++) {
            int size = lines.get(i).text().getBytes(StandardCharsets.UTF_8).length + 26;
            if (!b.isEmpty() && bytes + size > BATCH_BYTES) {
                break;
            }
            b.add(lines.get(i));
            bytes += size;
        }
        return b;
    }

    private void ensureStream(CloudWatchLogsClient logs, String group) {
        try {
            logs.createLogStream(c -> c.logGroupName(group).logStreamName(stream()));
        } catch (ResourceAlreadyExistsException e) {
            // it is there from an earlier delivery
        }
    }

    private Optional<String> lastRemoteHash(CloudWatchLogsClient logs, String group) {
        GetLogEventsResponse r = logs.getLogEvents(g -> g.logGroupName(group).logStreamName(stream())
                .startFromHead(false).limit(1));
        return r.events().isEmpty() ? Optional.empty() : Optional.of(hashOf(r.events().get(r.events().size() - 1)
                .message())).filter(h -> !h.isEmpty());
    }

    private Path cursorFile(String rack, String group) {
        return journal.resolveSibling("journal-remote").resolve(rack + "@" + group.replaceAll("[^A-Za-z0-9._-]", "_")
                + "@" + stream() + ".cursor");
    }

    private Optional<String> cursor(String rack, String group) {
        try {
            Path f = cursorFile(rack, group);
            return Files.exists(f) ? Optional.of(Files.readString(f).strip()).filter(s -> !s.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void saveCursor(String rack, String group, String hash) {
        try {
            Path f = cursorFile(rack, group);
            Files.createDirectories(f.getParent());
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.writeString(tmp, hash + "\n");
            Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the stream's own last line tells the next delivery where to resume
        }
    }

    private static String describe(String group, SdkException e) {
        String m = dev.rackside.services.aws.AwsErrors.describe(e);
        return "journal copy to CloudWatch Logs group " + group + " failed (" + m + "); the records wait and go "
                + "with the next delivery";
    }
}
