package dev.rackside.services.audit;


import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import dev.rackside.services.model.JournalRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    FileJournal journalWith(int actions) throws Exception {
        FileJournal j = new FileJournal(dir.resolve("journal.jsonl"));
        for (int i = 0; i < actions; i++) {
            JournalRecord intent = JournalRecord.intent("a" + i, "oncall@prod-admin", "prod", Optional.of("api"),
                    "scale", Map.of("service", "web", "count", String.valueOf(i + 2)));
            j.append(intent);
            j.append(intent.outcome(i == 1 ? Optional.of("forbidden: deployments.apps \"web\"") : Optional.empty()));
        }
        return j;
    }

    List<String> lines(FileJournal j) throws Exception {
        return new ArrayList<>(Files.readAllLines(j.file(), StandardCharsets.UTF_8));
    }

    void write(FileJournal j, List<String> lines) throws Exception {
        Files.writeString(j.file(), String.join("\n", lines) + "\n");
    }

    @Test
    void anIntactJournalVerifies() throws Exception {
        FileJournal j = journalWith(3);
        dev.rackside.services.api.Journal.Verdict v = j.verify();
        assertTrue(v.intact(), v.problems().toString());
        assertEquals(6, v.records());
        assertEquals(List.of(), v.problems());
        assertTrue(lines(j).get(0).contains("\"prev\":\"" + FileJournal.GENESIS + "\""));
        assertTrue(lines(j).get(3).contains("\"result\":\"error\"") && lines(j).get(3).contains("forbidden"));
    }

    @Test
    void anIntentWithoutAnOutcomeIsReportedAsUnfinished() throws Exception {
        FileJournal j = journalWith(2);
        j.append(JournalRecord.intent("a9", "oncall@prod-admin", "prod", Optional.of("api"), "promote",
                Map.of("release", "RABCDEFGHIJ")));
        dev.rackside.services.api.Journal.Verdict v = j.verify();
        assertTrue(v.intact(), v.problems().toString());
        assertEquals(1, v.unfinished().size(), v.unfinished().toString());
        assertTrue(v.unfinished().get(0).startsWith("line 5: promote on prod/api by oncall@prod-admin at "),
                v.unfinished().get(0));
        assertTrue(v.unfinished().get(0).endsWith("no outcome recorded (it may still be running elsewhere, or "
                + "rackside stopped before it saw the result: look at the rack)"), v.unfinished().get(0));
        j.append(JournalRecord.intent("a9", "oncall@prod-admin", "prod", Optional.of("api"), "promote",
                Map.of("release", "RABCDEFGHIJ")).outcome(Optional.empty()));
        assertEquals(List.of(), j.verify().unfinished(), "its outcome closes it");
    }

    @Test
    void theJournalIsTheOperatorsAloneAndPutBackSoWhenFoundOpen() throws Exception {
        java.util.Set<java.nio.file.attribute.PosixFilePermission> open =
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
        FileJournal j = new FileJournal(dir.resolve("state/rackside/journal.jsonl"));
        j.append(JournalRecord.intent("b1", "oncall@prod-admin", "prod", Optional.empty(), "lock", Map.of()));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(j.file())));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(j.file().getParent())));
        Files.setPosixFilePermissions(j.file(), open);
        j.append(JournalRecord.intent("b2", "oncall@prod-admin", "prod", Optional.empty(), "lock", Map.of()));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(j.file())), "repaired at the next write");
    }

    @Test
    void anEditIsCaughtAndNamed() throws Exception {
        FileJournal j = journalWith(3);
        List<String> l = lines(j);
        l.set(2, l.get(2).replace("\"count\":\"3\"", "\"count\":\"30\""));
        write(j, l);
        dev.rackside.services.api.Journal.Verdict v = j.verify();
        assertFalse(v.intact());
        assertEquals(List.of("line 3: its content was edited after it was written"), v.problems());
    }

    @Test
    void anEditWithARecomputedHashIsCaughtByTheNextLine() throws Exception {
        FileJournal j = journalWith(3);
        List<String> l = lines(j);
        String forged = l.get(1).replace("\"result\":\"ok\"", "\"result\":\"error\"");
        var node = (tools.jackson.databind.node.ObjectNode) tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(forged);
        node.remove("hash");
        String body = tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(node);
        node.put("hash", FileJournal.sha256(body));
        l.set(1, tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(node));
        write(j, l);
        assertEquals(List.of("line 3: does not follow line 2 (a record was inserted, deleted or reordered before it)"),
                j.verify().problems());
    }

    @Test
    void deletionInsertionAndReorderingAreCaught() throws Exception {
        FileJournal j = journalWith(3);
        List<String> original = lines(j);
        List<String> deleted = new ArrayList<>(original);
        deleted.remove(2);
        write(j, deleted);
        assertEquals("line 3: does not follow line 2 (a record was inserted, deleted or reordered before it)",
                j.verify().problems().get(0));
        List<String> inserted = new ArrayList<>(original);
        inserted.add(1, original.get(4));
        write(j, inserted);
        assertFalse(j.verify().intact());
        assertTrue(j.verify().problems().get(0).startsWith("line 2:"), j.verify().problems().toString());
        List<String> swapped = new ArrayList<>(original);
        swapped.set(2, original.get(3));
        swapped.set(3, original.get(2));
        write(j, swapped);
        assertTrue(j.verify().problems().get(0).startsWith("line 3:"), j.verify().problems().toString());
    }

    @Test
    void aTornLastLineIsReportedAsSuchAndTheNextAppendCutsIt() throws Exception {
        FileJournal j = journalWith(2);
        String text = Files.readString(j.file());
        Files.writeString(j.file(), text + "{\"time\":\"2026-11-26T03:00:00Z\",\"kind\":\"int");
        dev.rackside.services.api.Journal.Verdict v = j.verify();
        assertTrue(v.intact(), "a crash is not tampering");
        assertEquals(4, v.records());
        assertTrue(v.problems().get(0).startsWith("line 5: torn last record"), v.problems().toString());
        j.append(JournalRecord.intent("after", "oncall", "prod", Optional.empty(), "lock", Map.of()));
        dev.rackside.services.api.Journal.Verdict after = j.verify();
        assertTrue(after.intact() && after.problems().isEmpty(), after.problems().toString());
        assertEquals(5, after.records());
    }

    @Test
    void twoProcessesAppendingAtOnceKeepTheChain() throws Exception {
        Path file = dir.resolve("shared.jsonl");
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        List<Process> ps = new ArrayList<>();
        for (String who : new String[] {"alice", "bob"}) {
            ps.add(new ProcessBuilder(java, "-cp", cp, JournalHammer.class.getName(), file.toString(), "40", who)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start());
        }
        for (Process p : ps) {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
        }
        dev.rackside.services.api.Journal.Verdict v = new FileJournal(file).verify();
        assertTrue(v.intact(), v.problems().toString());
        assertEquals(80, v.records());
    }

    @Test
    void killNineInABurstFromTwoProcessesLosesNothingAcknowledgedAndBreaksNoChain() throws Exception {
        Path file = dir.resolve("killed.jsonl");
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        List<Process> ps = new ArrayList<>();
        List<Set<String>> acked = new ArrayList<>();
        for (String who : new String[] {"alice", "bob"}) {
            Process p = new ProcessBuilder(javaBin, "-cp", cp, JournalHammer.class.getName(), file.toString(), "100000",
                    who).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Set<String> mine = ConcurrentHashMap.newKeySet();
            Thread reader = new Thread(() -> {
                try (var in = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.startsWith("acked ")) {
                            mine.add(line.substring(6));
                        }
                    }
                } catch (IOException e) {
                    // the process was killed mid-line: what it acknowledged before is what counts
                }
            });
            reader.start();
            ps.add(p);
            acked.add(mine);
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((acked.get(0).size() < 50 || acked.get(1).size() < 50) && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        for (Process p : ps) {
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, mid-write
        }
        for (Process p : ps) {
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        Thread.sleep(200); // the readers take the last acknowledged lines
        assertTrue(acked.get(0).size() >= 50 && acked.get(1).size() >= 50, "both were writing when killed");
        FileJournal j = new FileJournal(file);
        dev.rackside.services.api.Journal.Verdict v = j.verify();
        assertTrue(v.intact(), "kill -9 is not tampering: " + v.problems());
        Set<String> onRecord = new HashSet<>();
        for (Map<String, String> r : j.read()) {
            onRecord.add(r.get("action_id"));
        }
        for (Set<String> mine : acked) {
            for (String id : mine) {
                assertTrue(onRecord.contains(id), id + " was acknowledged but is not in the journal");
            }
        }
        // And the next writer carries on with an intact chain.
        j.append(JournalRecord.intent("after-kill", "oncall", "prod", Optional.empty(), "lock", Map.of()));
        assertTrue(j.verify().intact(), j.verify().problems().toString());
    }
}
