package dev.rackside.services.logs;



import dev.rackside.services.text.LogLevel;
import dev.rackside.services.api.LogBuffer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.model.LogLine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts of the log path: lines out of chunks, merge order, the bounded buffer, export. */
class LogCoreTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private static LineAssembler assembler() {
        return new LineAssembler("service/web/web-1", LogLine.Origin.POD, true, () -> T0);
    }

    private static List<String> texts(List<LogLine> lines) {
        return lines.stream().map(LogLine::text).toList();
    }

    @Test
    void chunksSplitAnywhereStillMakeWholeLines() {
        LineAssembler a = assembler();
        byte[] all = ("2026-11-26T10:00:01.000000001Z GET /caf\u00e9 200\n"
                + "2026-11-26T10:00:02Z second\r\n2026-11-26T10:00:03Z no newline at the end")
                .getBytes(StandardCharsets.UTF_8);
        List<LogLine> out = new ArrayList<>();
        // One byte at a time splits the timestamp, the two-byte é and the CRLF.
        for (byte b : all) {
            out.addAll(a.accept(ByteBuffer.wrap(new byte[] {b})));
        }
        out.addAll(a.finish());
        assertEquals(List.of("GET /caf\u00e9 200", "second", "no newline at the end"), texts(out));
        assertEquals(Instant.parse("2026-11-26T10:00:01.000000001Z"), out.get(0).at());
        assertEquals(Instant.parse("2026-11-26T10:00:03Z"), out.get(2).at());
        assertNull(out.get(0).raw(), "valid UTF-8 keeps no copy of its bytes");
    }

    @Test
    void invalidUtf8IsReplacedAndTheBytesKeptForRaw() {
        byte[] bad = {'2', '0', '2', '6', '-', '1', '1', '-', '2', '6', 'T', '1', '0', ':', '0', '0', ':', '0', '0',
            'Z', ' ', 'o', 'k', (byte) 0xff, (byte) 0xc3, '!', '\n'};
        List<LogLine> out = assembler().accept(ByteBuffer.wrap(bad));
        assertEquals("ok\ufffd\ufffd!", out.get(0).text());
        assertArrayEquals(new byte[] {'o', 'k', (byte) 0xff, (byte) 0xc3, '!'}, out.get(0).raw());
    }

    @Test
    void aRunawayLineIsCutWithAMarker() {
        LineAssembler a = assembler();
        byte[] big = new byte[LineAssembler.MAX_LINE + 5000];
        java.util.Arrays.fill(big, (byte) 'x');
        a.accept(ByteBuffer.wrap(big));
        List<LogLine> out = a.accept(ByteBuffer.wrap("\nnext\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, out.size());
        assertTrue(out.get(0).text().endsWith("…[line cut: 5000 more bytes]"), out.get(0).text().substring(
                out.get(0).text().length() - 40));
        assertEquals("next", out.get(1).text(), "the line after a cut one is whole");
        assertEquals(T0, out.get(1).at(), "a line without a timestamp gets the arrival time");
    }

    @Test
    void linesFromSlowerStreamsStillGoInTimeOrder() {
        LogMerger m = new LogMerger(Duration.ofMillis(250));
        long ms = 1_000_000;
        // Pod a's lines at :01 and :03 arrive first; pod b's :02 arrives 200 ms later, inside the window.
        m.add(List.of(line("a", 1), line("a", 3)), 0);
        assertEquals(List.of(), m.drain(100 * ms, false), "nothing leaves before its window is over");
        m.add(List.of(line("b", 2)), 200 * ms);
        assertEquals(List.of("a@1"), m.drain(260 * ms, false).stream().map(LogCoreTest::name).toList(),
                "a@3 waits behind b@2, whose window is not over");
        assertEquals(List.of("b@2", "a@3"), m.drain(460 * ms, false).stream().map(LogCoreTest::name).toList());
        assertEquals(0, m.late());
        // A line later than the window is delivered anyway, out of order, and counted.
        m.add(List.of(line("c", 0)), 500 * ms);
        assertEquals(List.of("c@0"), m.drain(800 * ms, false).stream().map(LogCoreTest::name).toList());
        assertEquals(1, m.late());

        LogMerger skew = new LogMerger(Duration.ofMillis(250));
        skew.add(List.of(line("a", 5), line("a", 9)), 0);
        skew.add(List.of(line("b", 4), line("b", 8)), 150 * ms);
        skew.add(List.of(line("c", 1)), 240 * ms);
        assertEquals(List.of("c@1", "b@4", "a@5", "b@8", "a@9"),
                skew.drain(600 * ms, false).stream().map(LogCoreTest::name).toList());
        assertEquals(0, skew.late());
    }

    @Test
    void theBufferIsBoundedByLinesAndByBytes() {
        LogBuffer byLines = new LogBuffer(3, Long.MAX_VALUE);
        for (int i = 0; i < 10; i++) {
            byLines.append(List.of(line("a", i)));
        }
        assertEquals(7, byLines.first());
        assertEquals(10, byLines.end());
        assertEquals(7, byLines.evicted());
        assertEquals("a@7", name(byLines.get(7)));
        assertNull(byLines.get(6), "evicted lines are gone, not wrapped around");

        LogLine one = line("a", 10);
        LogBuffer byBytes = new LogBuffer(1000, one.footprint() * 5);
        for (int i = 10; i < 30; i++) {
            byBytes.append(List.of(line("a", i)));
        }
        assertEquals(5, byBytes.end() - byBytes.first());
        assertTrue(byBytes.bytes() <= one.footprint() * 5);
        assertEquals(15, byBytes.evicted());
    }

    @Test
    void exportWritesATimeRange(@TempDir Path dir) throws Exception {
        LogBuffer b = new LogBuffer();
        for (int i = 0; i < 10; i++) {
            b.append(List.of(line(i % 2 == 0 ? "a" : "b", i)));
        }
        Path file = dir.resolve("out/export.log");
        int n = LogExport.write(b, file, T0.plusSeconds(3), T0.plusSeconds(6));
        assertEquals(3, n);
        assertEquals(List.of("2026-11-26T10:00:03Z service/web/b text 3", "2026-11-26T10:00:04Z service/web/a text 4",
                "2026-11-26T10:00:05Z service/web/b text 5"), Files.readAllLines(file));
        assertEquals(10, LogExport.write(b, file, null, null));
    }

    @Test
    void levelsAreReadFromWordsJsonAndLogfmt() {
        assertEquals(LogLevel.ERROR, LogLevel.of("ERROR NoMethodError: undefined method"));
        assertEquals(LogLevel.WARN, LogLevel.of("2026/11/26 WARN slow query"));
        assertEquals(LogLevel.INFO, LogLevel.of("{\"level\":\"info\",\"msg\":\"request\"}"));
        assertEquals(LogLevel.DEBUG, LogLevel.of("{\"msg\":\"x\", \"severity\": \"DEBUG\"}"));
        assertEquals(LogLevel.ERROR, LogLevel.of("time=1 level=error msg=boom"));
        assertEquals(LogLevel.NONE, LogLevel.of("Information about errors"));
    }

    private static LogLine line(String pod, int second) {
        return new LogLine(T0.plusSeconds(second), "service/web/" + pod, "text " + second, LogLine.Origin.POD);
    }

    private static String name(LogLine l) {
        return l.source().substring(l.source().lastIndexOf('/') + 1) + "@" + (l.at().getEpochSecond()
                - T0.getEpochSecond());
    }
}
