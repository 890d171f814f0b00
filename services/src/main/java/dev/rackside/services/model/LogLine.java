package dev.rackside.services.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One log line as rackside keeps it: when it was written, where it came from in Convox's naming
 * ({@code service/web/web-7d9c-x2xq}, {@code system/k8s/deployment/web}), and its text exactly as the
 * source sent it (decoded as UTF-8; never sanitised here, that is the display's job).
 *
 * @param raw the original bytes when they were not valid UTF-8 (so {@code --raw} can pass them through
 *            unchanged), otherwise null
 */
public record LogLine(Instant at, String source, String text, Origin origin, byte[] raw) {

    /** Where a line was read from. */
    public enum Origin { POD, EVENT, CLOUDWATCH, BUILD }

    /** Convox prints seconds: {@code 2026-11-26T10:19:22Z}. */
    public static final DateTimeFormatter CONVOX_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssX")
            .withZone(ZoneOffset.UTC);

    public LogLine(Instant at, String source, String text, Origin origin) {
        this(at, source, text, origin, null);
    }

    /** {@code <RFC3339 time> <source> <message>}, as {@code convox logs} prints it. */
    public String convox() {
        return CONVOX_TIME.format(at) + " " + source + " " + text;
    }

    /**
     * What the line costs on the heap, near enough to bound a buffer by bytes: the record, the Instant,
     * the String and its array (one byte a char when Latin-1, two otherwise). The source string is
     * shared by every line of a stream and not counted.
     */
    public long footprint() {
        long chars = text.length();
        boolean latin1 = true;
        for (int i = 0; i < text.length() && latin1; i++) {
            latin1 = text.charAt(i) < 256;
        }
        return 32 + 24 + 24 + 16 + (latin1 ? chars : chars * 2) + (raw == null ? 0 : 16 + raw.length);
    }
}
