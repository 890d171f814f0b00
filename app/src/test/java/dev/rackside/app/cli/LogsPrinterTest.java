package dev.rackside.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rackside.services.model.LogLine;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How {@code rackside logs} writes a line: sanitised for a terminal, cut when huge, byte-exact with --raw. */
class LogsPrinterTest {
    private static final Instant AT = Instant.parse("2026-11-26T10:00:00Z");
    private static final byte[] INVALID = {'o', 'k', (byte) 0xff, 0x1b, '[', '2', 'J'};

    private final LogLine escape = new LogLine(AT, "service/web/w", "\u001b[2J\u009b1m", LogLine.Origin.POD);
    private final LogLine invalid = new LogLine(AT, "service/web/w", "ok\ufffd\u001b[2J", LogLine.Origin.POD, INVALID);
    private final LogLine huge = new LogLine(AT, "service/web/w", "y".repeat(1 << 20), LogLine.Origin.POD);

    @Test
    void rawPassesTheBytesThroughUnchanged() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringWriter text = new StringWriter();
        var p = new LogsCommand.Printer(new PrintWriter(text), bytes, new PrintWriter(new StringWriter()), true, true,
                Optional.empty());
        p.accept(List.of(invalid));
        p.flush();
        byte[] head = "2026-11-26T10:00:00Z service/web/w ".getBytes(StandardCharsets.US_ASCII);
        byte[] want = new byte[head.length + INVALID.length + 1];
        System.arraycopy(head, 0, want, 0, head.length);
        System.arraycopy(INVALID, 0, want, head.length, INVALID.length);
        want[want.length - 1] = '\n';
        assertArrayEquals(want, bytes.toByteArray());
        assertEquals("", text.toString());
    }

    @Test
    void aTerminalGetsVisibleControlsAndACutLine() {
        StringWriter text = new StringWriter();
        var p = new LogsCommand.Printer(new PrintWriter(text), new ByteArrayOutputStream(),
                new PrintWriter(new StringWriter()), false, true, Optional.empty());
        p.accept(List.of(escape, huge));
        p.flush();
        List<String> lines = text.toString().lines().toList();
        assertEquals("2026-11-26T10:00:00Z service/web/w ^[[2J\\u009b1m", lines.get(0));
        assertEquals("2026-11-26T10:00:00Z service/web/w " + "y".repeat(LogsCommand.TERMINAL_LINE) + " …["
                + ((1 << 20) - LogsCommand.TERMINAL_LINE) + " more chars]", lines.get(1));
    }

    @Test
    void aPipeGetsVisibleControlsAndTheWholeLine() {
        StringWriter text = new StringWriter();
        var p = new LogsCommand.Printer(new PrintWriter(text), new ByteArrayOutputStream(),
                new PrintWriter(new StringWriter()), false, false, Optional.empty());
        p.accept(List.of(huge));
        p.flush();
        assertEquals(35 + (1 << 20) + 1, text.toString().length());
    }
}
