package dev.rackside.services.api;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedded sandbox rack, as the app starts it. The rackside-sandbox module implements it and is found
 * with {@link java.util.ServiceLoader}, so the mock API server it runs on (and that server's Vert.x and Netty)
 * is loaded only by a session that opens the sandbox.
 */
public interface Sandbox {
    /** The rack's name, and the kube context its kubeconfig names. */
    String RACK = "sandbox";
    String CONTEXT = "sandbox";

    /** Starts, seeds and animates the rack; pods become ready {@code readyAfter} after they start. */
    Running start(long seed, Duration readyAfter);

    /** A sandbox rack being served until closed. */
    interface Running extends AutoCloseable {
        /** The mock Kubernetes API's address (loopback). */
        String url();

        /**
         * The rack API's own loopback address with its password ({@code RACK_URL} for the Convox CLI), when the
         * rack runs one. The sandbox's password guards nothing real; a real rack's is never printed.
         */
        default java.util.Optional<String> rackUrl() {
            return java.util.Optional.empty();
        }

        /** Tells each request the rack API answers to {@code log}, one line per request, as it is answered. */
        default void logApiRequests(java.util.function.Consumer<String> log) {
        }

        /** Writes a kubeconfig whose context {@link #CONTEXT} points at this rack. */
        Path writeKubeconfig(Path file) throws IOException;

        @Override
        void close();
    }
}
