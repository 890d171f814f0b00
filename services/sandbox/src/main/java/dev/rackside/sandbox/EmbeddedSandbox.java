package dev.rackside.sandbox;

import dev.rackside.services.api.Sandbox;
import java.time.Duration;

/** The {@link Sandbox} the app finds with ServiceLoader: this module's {@link SandboxServer}. */
public final class EmbeddedSandbox implements Sandbox {
    @Override
    public Running start(long seed, Duration readyAfter) {
        return SandboxServer.start(seed, readyAfter);
    }
}
