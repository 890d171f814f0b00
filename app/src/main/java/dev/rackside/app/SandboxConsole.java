package dev.rackside.app;

import dev.rackside.services.racks.Environment;
import dev.rackside.services.api.Sandbox;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The console on the embedded sandbox: the sandbox API starts in-process, its kubeconfig is written to the
 * state directory, and the console reads it through that kubeconfig alone, never a configured cluster.
 */
final class SandboxConsole {
    private SandboxConsole() {
    }

    static int run(Environment env, Optional<String> theme, boolean readOnly, boolean mouse, PrintWriter err) {
        Path kubeconfig = env.stateHome().resolve("rackside").resolve("sandbox.kubeconfig");
        try (Sandbox.Running sandbox = SandboxLoader.load().start(System.nanoTime(), Duration.ofSeconds(3));
                Wiring wiring = new Wiring(env.onlyKubeconfig(sandbox.writeKubeconfig(kubeconfig)))) {
            return ConsoleLauncher.run(wiring, Optional.of(Sandbox.RACK), theme, readOnly, mouse, err);
        } catch (IOException e) {
            err.println("rackside: cannot write the sandbox kubeconfig " + kubeconfig + ": " + e.getMessage());
            return 1;
        }
    }
}
