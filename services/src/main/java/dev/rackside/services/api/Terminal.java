package dev.rackside.services.api;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * The operator's end of an interactive session (exec, run): bytes typed, bytes shown, whether it is a terminal
 * (then the session gets a TTY), its size and its resizes. The CLI gives its own terminal in raw mode; the
 * console suspends its screen and gives the same.
 */
public interface Terminal {
    InputStream input();

    OutputStream output();

    /** Whether the input is a terminal: when not, the session is asked for no TTY (as {@code convox exec}). */
    boolean tty();

    Size size();

    /** Tells {@code listener} every new size while the session runs (a terminal resized). */
    default void onResize(Consumer<Size> listener) {
    }

    record Size(int columns, int rows) {
        public static final Size DEFAULT = new Size(80, 24);
    }
}
