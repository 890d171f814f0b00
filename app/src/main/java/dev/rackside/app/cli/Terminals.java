package dev.rackside.app.cli;

/** Whether this process talks to a person: stdin and stdout on a terminal. */
final class Terminals {
    private Terminals() {
    }

    /**
     * {@code System.console()} is non-null only on a terminal up to JDK 21; from 22 it may be a console on
     * redirected streams too, and {@code Console.isTerminal()} (22+) tells. Looked up by name to build on 17.
     */
    static boolean interactive() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
