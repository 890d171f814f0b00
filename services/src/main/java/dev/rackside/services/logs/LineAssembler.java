package dev.rackside.services.logs;

import dev.rackside.services.model.LogLine;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns the chunks of one stream into lines. A chunk may end anywhere, even inside a UTF-8 sequence, so
 * bytes are kept until their newline arrives. The kubelet's {@code timestamps=true} prefix becomes the
 * line's time. A line longer than {@link #MAX_LINE} bytes is cut there with a marker saying how much was
 * left out, so one runaway line can never take the heap. Invalid UTF-8 is replaced, and the original bytes
 * kept for {@code --raw}.
 */
final class LineAssembler {
    static final int MAX_LINE = 1 << 20;

    private final String source;
    private final LogLine.Origin origin;
    private final boolean timestamps;
    private final Supplier<Instant> clock;
    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] buf = new byte[512];
    private int len;
    private long cut;

    LineAssembler(String source, LogLine.Origin origin, boolean timestamps, Supplier<Instant> clock) {
        this.source = source;
        this.origin = origin;
        this.timestamps = timestamps;
        this.clock = clock;
    }

    /** The complete lines the chunk finished, oldest first. */
    List<LogLine> accept(ByteBuffer chunk) {
        List<LogLine> out = new ArrayList<>();
        while (chunk.hasRemaining()) {
            byte b = chunk.get();
            if (b == '\n') {
                out.add(line());
            } else if (len < MAX_LINE) {
                if (len == buf.length) {
                    buf = Arrays.copyOf(buf, Math.min(MAX_LINE, buf.length * 2));
                }
                buf[len++] = b;
            } else {
                cut++;
            }
        }
        return out;
    }

    /** The last line when the stream ended without a newline, if any. */
    List<LogLine> finish() {
        return len == 0 && cut == 0 ? List.of() : List.of(line());
    }

    private LogLine line() {
        int end = len;
        if (end > 0 && buf[end - 1] == '\r') {
            end--;
        }
        int start = 0;
        Instant at = null;
        if (timestamps) {
            int space = indexOf((byte) ' ', 0, Math.min(end, 40));
            if (space > 0) {
                try {
                    at = Instant.parse(new String(buf, 0, space, StandardCharsets.ISO_8859_1));
                    start = space + 1;
                } catch (DateTimeParseException e) {
                    at = null;
                }
            }
        }
        if (at == null) {
            at = clock.get();
        }
        byte[] raw = null;
        String text;
        if (ascii(start, end)) {
            text = new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
        } else {
            try {
                CharBuffer chars = strict.decode(ByteBuffer.wrap(buf, start, end - start));
                text = chars.toString();
            } catch (CharacterCodingException e) {
                text = new String(buf, start, end - start, StandardCharsets.UTF_8); // replaces with U+FFFD
                raw = Arrays.copyOfRange(buf, start, end);
            }
        }
        if (cut > 0) {
            text = text + " …[line cut: " + cut + " more bytes]";
        }
        len = 0;
        cut = 0;
        if (buf.length > 64 * 1024) {
            buf = new byte[512]; // one huge line should not pin a megabyte per stream
        }
        return new LogLine(at, source, text, origin, raw);
    }

    private boolean ascii(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
