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

        /** Writes a kubeconfig whose context {@link #CONTEXT} points at this rack. */
        Path writeKubeconfig(Path file) throws IOException;

        @Override
        void close();
    }
}
