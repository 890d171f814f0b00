package dev.rackside.app;

import dev.rackside.services.api.Sandbox;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Finds the sandbox. On the class path when it is there (the tests, the build); otherwise in
 * {@code lib/sandbox/} beside the jar, loaded in a class loader of its own, so the mock API server and the
 * Vert.x and Netty under it never load in a session that does not open the sandbox.
 */
final class SandboxLoader {
    private SandboxLoader() {
    }

    static Sandbox load() {
        ClassLoader app = SandboxLoader.class.getClassLoader();
        Optional<Sandbox> direct = ServiceLoader.load(Sandbox.class, app).findFirst();
        if (direct.isPresent()) {
            return direct.get();
        }
        Path dir = libDirectory().resolve("sandbox");
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                jars.add(p.toUri().toURL());
            }
        } catch (IOException e) {
            throw new IllegalStateException("the sandbox is not in this build (" + dir + ": " + e.getMessage()
                    + "); rebuild with ./rackside", e);
        }
        // Never closed: the sandbox's classes serve until the process ends.
        @SuppressWarnings("resource")
        URLClassLoader loader = new URLClassLoader("rackside-sandbox", jars.toArray(URL[]::new), app);
        return ServiceLoader.load(Sandbox.class, loader).findFirst().orElseThrow(() -> new IllegalStateException(
                "no sandbox found in " + dir + "; rebuild with ./rackside"));
    }

    /** The lib/ folder beside rackside.jar. */
    private static Path libDirectory() {
        try {
            Path jar = Path.of(SandboxLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return (Files.isDirectory(jar) ? jar : jar.getParent()).resolve("lib");
        } catch (java.net.URISyntaxException | SecurityException | NullPointerException e) {
            return Path.of("lib");
        }
    }

}
