package dev.rackside.views.console;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A large buffer between Lanterna and the terminal: Lanterna writes cell by cell, and an unbuffered
 * stream costs a syscall (and over SSH a packet) per cell. It flushes by itself only after a cursor
 * position query ({@code ESC [ 6 n}), whose answer Lanterna waits for; {@code refresh()} flushes the rest
 * (platform-notes A3).
 */
public final class TerminalOutput extends BufferedOutputStream {
    private final CountingSink sink;

    public TerminalOutput(OutputStream out) {
        this(new CountingSink(out));
    }

    private TerminalOutput(CountingSink sink) {
        super(sink, 1 << 16);
        this.sink = sink;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        super.write(b, off, len);
        if (endsWithPositionQuery(b, off, len)) {
            flush();
        }
    }

    @Override
    public synchronized void write(int b) throws IOException {
        super.write(b);
        if (b == 'n' && count >= 2 && buf[count - 2] == '6') {
            flush();
        }
    }

    private static boolean endsWithPositionQuery(byte[] b, int off, int len) {
        return len >= 2 && b[off + len - 1] == 'n' && b[off + len - 2] == '6';
    }

    /** Bytes that reached the terminal so far: what the benchmarks count. */
    public long bytesWritten() {
        return sink.count;
    }

    /** How many times the buffer went out to the terminal (once per drawn frame, plus size queries). */
    public long flushes() {
        return sink.flushes;
    }

    /** {@link System#nanoTime()} of the last flush, for key-to-screen latency. */
    public long lastFlushNanos() {
        return sink.lastFlush;
    }

    /** Counts what passes through to the real stream. */
    private static final class CountingSink extends OutputStream {
        private final OutputStream out;
        private volatile long count;
        private volatile long flushes;
        private volatile long lastFlush;

        CountingSink(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
            lastFlush = System.nanoTime();
            flushes++;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
