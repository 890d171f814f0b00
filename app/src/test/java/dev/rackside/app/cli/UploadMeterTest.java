package dev.rackside.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The upload's progress as the operator reads it: a bar in place on a terminal, a line per tenth in a file. */
class UploadMeterTest {
    @Test
    void theBarSaysBytesRateAndTimeLeft() {
        assertEquals("Uploading [##########..............]  45%  1.1 MB of 2.4 MB  1.1 MB/s  ETA 0:02",
                UploadMeter.bar(1_132_462, 2_516_582, 1.0));
        assertEquals("Uploading [........................]   0%  0 B of 2.4 MB  0 B/s  ETA -:--",
                UploadMeter.bar(0, 2_516_582, 0));
    }

    @Test
    void withoutATerminalOneLinePerTenthAndTheLogMadeVisible() {
        StringWriter out = new StringWriter();
        UploadMeter m = new UploadMeter(new PrintWriter(out), false);
        for (long sent = 0; sent <= 10_000; sent += 250) {
            m.uploaded(sent, 10_000);
        }
        m.log("Step 1/2 : RUN echo \u001b]0;pwned\u0007");
        String[] lines = out.toString().split("\n");
        assertEquals(12, lines.length, out.toString());
        assertEquals("Uploading source: 0% (0 B of 10 KB)", lines[0]);
        assertEquals("Uploading source: 50% (5 KB of 10 KB)", lines[5]);
        assertEquals("Uploading source: 100% (10 KB of 10 KB)", lines[10]);
        assertFalse(lines[11].contains("\u001b"), "the build's log reaches the terminal through the boundary");
        assertFalse(out.toString().contains("\r"), "no bar redrawn in place in a file");
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceBesideTheLinesNotThroughThem() {
        StringWriter lines = new StringWriter();
        java.io.ByteArrayOutputStream barBytes = new java.io.ByteArrayOutputStream();
        // The command's writer is the sanitising boundary: a CR through it would arrive as ^M.
        UploadMeter m = new UploadMeter(dev.rackside.services.text.TerminalText.writer(lines),
                new java.io.PrintStream(barBytes, true, java.nio.charset.StandardCharsets.UTF_8), true);
        m.uploaded(0, 10_000);
        m.uploaded(10_000, 10_000);
        m.line("Uploading source... OK (10 KB in 0.1 s)");
        String bar = barBytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(bar.startsWith("\rUploading [........................]   0%"), bar);
        assertTrue(bar.contains("\rUploading [########################] 100%"), bar);
        assertTrue(bar.endsWith("\r" + " ".repeat(78) + "\r"), "cleared before the next line: " + bar);
        assertEquals("Uploading source... OK (10 KB in 0.1 s)\n", lines.toString());
    }
}
