package dev.rackside.app.cli;

import dev.rackside.services.api.BuildProgress;
import dev.rackside.services.text.ByteSizes;
import dev.rackside.services.text.Visible;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A build's progress on the command line: step lines and the build's log as they come (through the command's
 * writer, the one boundary that makes outside text visible), and the upload as a bar redrawn in place on a
 * terminal (bytes, rate, time left) or, when the output is a file or a pipe, one plain line at each tenth.
 * The bar needs a carriage return, which the boundary rightly shows as {@code ^M} (a bare CR in a log line could
 * overwrite what the operator reads); it holds only rackside's own figures, so it goes to the terminal's stderr
 * directly, as {@code logs --raw} writes bytes.
 */
final class UploadMeter implements BuildProgress {
    private static final int WIDTH = 24;

    private final PrintWriter out;
    private final java.io.PrintStream bar;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastDraw;
    private int lastTenth = -1;
    private boolean drawn;

    UploadMeter(PrintWriter out, boolean terminal) {
        this(out, System.err, terminal);
    }

    UploadMeter(PrintWriter out, java.io.PrintStream bar, boolean terminal) {
        this.out = out;
        this.bar = bar;
        this.terminal = terminal;
    }

    @Override
    public synchronized void line(String text) {
        clearBar();
        out.println(Visible.of(text));
        out.flush();
    }

    @Override
    public synchronized void log(String text) {
        line(text);
    }

    @Override
    public synchronized void uploaded(long sent, long total) {
        if (total <= 0) {
            return;
        }
        if (!terminal) {
            int tenth = (int) Math.min(10, sent * 10 / total);
            if (tenth > lastTenth) {
                lastTenth = tenth;
                out.println("Uploading source: " + tenth * 10 + "% (" + ByteSizes.of(sent) + " of "
                        + ByteSizes.of(total) + ")");
                out.flush();
            }
            return;
        }
        long now = System.nanoTime();
        if (sent < total && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        out.flush();
        bar.print("\r" + bar(sent, total, (now - started) / 1e9));
        bar.flush();
        drawn = true;
    }

    /** "Uploading [###########.............]  45%  1.1 MB of 2.4 MB  3.2 MB/s  ETA 0:02" */
    static String bar(long sent, long total, double seconds) {
        int filled = (int) (WIDTH * sent / total);
        double rate = seconds > 0 ? sent / seconds : 0;
        long left = rate > 0 ? (long) Math.ceil((total - sent) / rate) : -1;
        return String.format(Locale.ROOT, "Uploading [%s%s] %3d%%  %s of %s  %s/s  ETA %s", "#".repeat(filled),
                ".".repeat(WIDTH - filled), sent * 100 / total, ByteSizes.of(sent), ByteSizes.of(total),
                ByteSizes.of((long) rate), left < 0 ? "-:--" : left / 60 + ":" + String.format(Locale.ROOT,
                        "%02d", left % 60));
    }

    private void clearBar() {
        if (drawn) {
            bar.print("\r" + " ".repeat(78) + "\r");
            bar.flush();
            drawn = false;
        }
    }
}
