package dev.rackside.views.terminal;

import dev.rackside.services.api.Terminal;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The process's own terminal for an exec or run session: raw and without echo while the session runs (the
 * remote TTY echoes and handles Ctrl-C), its size from {@code stty size}, its resizes noticed within a second, restored
 * exactly as it was ({@code stty -g}) when the session ends, however it ends (the console's Lanterna mode
 * included: it hands its terminal over while a session runs). Without a terminal (stdin piped)
 * the bytes pass as they are and nothing is changed.
 */
public final class RawTerminal implements Terminal, AutoCloseable {
    private final boolean tty;
    private final OutputStream out = new FileOutputStream(FileDescriptor.out);
    private final List<Consumer<Size>> listeners = new CopyOnWriteArrayList<>();
    private String saved;
    private volatile boolean closed;
    /** Lanterna's SIGWINCH handler while the session holds the terminal (put back on close), if it had one. */
    private Object previousWinch;
    private volatile Size last;
    private Size started;

    private RawTerminal(boolean tty) {
        this.tty = tty;
    }

    /** The terminal in raw mode if stdin and stdout are one; as it is otherwise. */
    public static RawTerminal open() {
        RawTerminal t = new RawTerminal(System.console() != null);
        if (t.tty) {
            t.saved = stty("-g").orElse(null);
            stty("raw", "-echo");
            t.started = t.size();
            t.previousWinch = Winch.take(t::checkSize);
            t.watchResizes();
        }
        return t;
    }

    @Override
    public InputStream input() {
        return System.in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public boolean tty() {
        return tty;
    }

    @Override
    public Size size() {
        if (!tty) {
            return Size.DEFAULT;
        }
        return stty("size").map(s -> s.trim().split("\\s+")).filter(p -> p.length == 2).map(p -> {
            try {
                return new Size(Integer.parseInt(p[1]), Integer.parseInt(p[0]));
            } catch (NumberFormatException e) {
                return Size.DEFAULT;
            }
        }).orElse(Size.DEFAULT);
    }

    @Override
    public void onResize(Consumer<Size> listener) {
        listeners.add(listener);
    }

    /**
     * Notices a resize: at once through SIGWINCH while the session holds the terminal (see {@link Winch}), and
     * by asking {@code stty size} once a second as well, where signals cannot be had.
     */
    private void watchResizes() {
        last = size();
        Thread t = new Thread(() -> {
            while (!closed) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                checkSize();
            }
        }, "rackside-terminal-size");
        t.setDaemon(true);
        t.start();
    }

    private synchronized void checkSize() {
        if (listeners.isEmpty() || closed) {
            return;
        }
        Size now = size();
        if (!now.equals(last)) {
            last = now;
            listeners.forEach(l -> l.accept(now));
        }
    }

    @Override
    public void close() {
        closed = true;
        Winch.restore(previousWinch, tty && started != null && !size().equals(started));
        try {
            out.flush();
        } catch (IOException e) {
            // the terminal is going away
        }
        if (tty) {
            if (saved != null) {
                stty(saved.trim());
            } else {
                stty("sane");
            }
        }
    }

    /** {@code stty ARGS < /dev/tty}: what it printed, or empty when it could not run. */
    private static java.util.Optional<String> stty(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("stty"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(new java.io.File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(text);
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }
}
