package dev.rackside.services.rackapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An exec or run session's output as the rack sends it (convox 3.24.9 sdk/sdk.go execStream): the process's
 * bytes, then the exit code after a marker. Copies the bytes to {@code out} and returns the code.
 */
public final class ExecStream {
    /** sdk.go statusCodePrefix. */
    public static final String EXIT_MARKER = "F1E49A85-0AD7-4AEF-A618-C249C6E6568D:";
    private static final byte[] MARKER = EXIT_MARKER.getBytes(StandardCharsets.US_ASCII);

    private ExecStream() {
    }

    /** Relays until the stream ends; the exit code, or -1 when the stream ended without one (dropped). */
    public static int relay(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[16 * 1024];
        // Bytes that may be the start of the marker are held back until the next read decides.
        byte[] held = new byte[0];
        Integer code = null;
        StringBuilder codeText = null;
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            byte[] chunk = new byte[held.length + n];
            System.arraycopy(held, 0, chunk, 0, held.length);
            System.arraycopy(buf, 0, chunk, held.length, n);
            held = new byte[0];
            if (codeText != null) {
                codeText.append(new String(chunk, StandardCharsets.US_ASCII));
                continue;
            }
            int at = indexOf(chunk, MARKER);
            if (at >= 0) {
                out.write(chunk, 0, at);
                out.flush();
                codeText = new StringBuilder(new String(chunk, at + MARKER.length, chunk.length - at - MARKER.length,
                        StandardCharsets.US_ASCII));
                continue;
            }
            int keep = partialSuffix(chunk);
            out.write(chunk, 0, chunk.length - keep);
            out.flush();
            held = java.util.Arrays.copyOfRange(chunk, chunk.length - keep, chunk.length);
        }
        out.write(held);
        out.flush();
        if (codeText != null) {
            try {
                code = Integer.parseInt(codeText.toString().trim());
            } catch (NumberFormatException e) {
                throw new IOException("unable to read exit code: '" + codeText.toString().trim() + "'");
            }
        }
        return code == null ? -1 : code;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** How many trailing bytes are a prefix of the marker. */
    private static int partialSuffix(byte[] chunk) {
        for (int k = Math.min(MARKER.length - 1, chunk.length); k > 0; k--) {
            boolean match = true;
            for (int j = 0; j < k; j++) {
                if (chunk[chunk.length - k + j] != MARKER[j]) {
                    match = false;
                    break;
                }
            }
            if (match) {
                return k;
            }
        }
        return 0;
    }
}
