package dev.rackside.services.text;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The command line's one boundary to a terminal: everything the CLI prints (tables, outcomes, warnings, error
 * messages quoting the API or a config file, JSON) passes through {@link #writer}, which shows every control
 * and bidi character as {@link Visible} does, keeping only newline and tab. In JSON a C1 or bidi character
 * becomes its {@code \\uXXXX} escape, which is still the same JSON (Jackson already escapes C0). The bytes of
 * an exec session and {@code logs --raw} go to the process's stdout directly, on purpose, and never here.
 */
public final class TerminalText {
    private TerminalText() {
    }

    /** {@code out}, with every character it is given made visible. */
    public static PrintWriter writer(Writer out) {
        return new PrintWriter(new Shown(out), true);
    }

    private static final class Shown extends FilterWriter {
        Shown(Writer out) {
            super(out);
        }

        @Override
        public void write(int c) throws IOException {
            write(new char[] {(char) c}, 0, 1);
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            int start = off;
            int end = off + len;
            for (int i = off; i < end; i++) {
                char c = buf[i];
                if (c == '\n' || c == '\t' || !Visible.needsShowing(c)) {
                    continue;
                }
                out.write(buf, start, i - start);
                out.write(Visible.of(String.valueOf(c)));
                start = i + 1;
            }
            out.write(buf, start, end - start);
        }

        @Override
        public void write(String s, int off, int len) throws IOException {
            write(s.toCharArray(), off, len);
        }
    }
}
