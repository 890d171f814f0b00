package dev.rackside.views.terminal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Who answers SIGWINCH. In the console it is Lanterna, which on a resize asks the terminal where its cursor is
 * ({@code ESC[6n}); while a session (exec, run) holds the terminal that answer would arrive in the session's
 * input and be typed into the remote shell. So a session takes the signal for itself (and passes the new size
 * on at once) and gives it back when it ends. sun.misc.Signal is reached the way Lanterna reaches it, by
 * reflection: where it is missing, nothing is taken and the once-a-second size check still notices resizes.
 */
final class Winch {
    private Winch() {
    }

    /** Installs {@code onResize} as SIGWINCH's handler; the handler it replaced, or null when none could be. */
    static Object take(Runnable onResize) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object ours = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler}, (p, m, a) -> {
                switch (m.getName()) {
                    case "handle" -> onResize.run();
                    case "hashCode" -> {
                        return System.identityHashCode(p);
                    }
                    case "equals" -> {
                        return p == a[0];
                    }
                    case "toString" -> {
                        return "rackside session SIGWINCH";
                    }
                    default -> {
                    }
                }
                return null;
            });
            return handle(signal, handler).invoke(null, signal.getConstructor(String.class).newInstance("WINCH"),
                    ours);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * Puts {@code previous} back, if there was one; {@code resized}: the terminal changed size meanwhile, so the
     * previous handler is told once, as it would have been (the console then redraws at the new size).
     */
    static void restore(Object previous, boolean resized) {
        if (previous == null) {
            return;
        }
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object winch = signal.getConstructor(String.class).newInstance("WINCH");
            handle(signal, handler).invoke(null, winch, previous);
            if (resized) {
                try {
                    handler.getMethod("handle", signal).invoke(previous, winch);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // the JVM's default handler cannot be called: nobody was listening for resizes
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // left as it is: the console reads the size again when it next resizes
        }
    }

    private static Method handle(Class<?> signal, Class<?> handler) throws NoSuchMethodException {
        return signal.getMethod("handle", signal, handler);
    }
}
