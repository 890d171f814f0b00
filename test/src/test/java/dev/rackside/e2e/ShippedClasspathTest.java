package dev.rackside.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a production session loads: the jar's Class-Path names no mock server, Vert.x or Netty (they sit in
 * lib/sandbox/ and load only when the sandbox opens, which the sandbox end-to-end test does through the jar).
 */
class ShippedClasspathTest {
    static final Path APP = Path.of(System.getProperty("user.dir")).getParent().resolve("app/target");

    @Test
    void productionClasspathCarriesNoSandboxServer() throws Exception {
        String classPath;
        try (JarFile jar = new JarFile(APP.resolve("rackside.jar").toFile())) {
            classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
        }
        for (String banned : List.of("kubernetes-server-mock", "mockwebserver", "vertx", "netty", "rackside-sandbox")) {
            assertFalse(classPath.contains(banned), banned + " is on the production Class-Path: " + classPath);
        }
        try (Stream<Path> sandbox = Files.list(APP.resolve("lib/sandbox"))) {
            List<String> names = sandbox.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.startsWith("rackside-sandbox-")), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.startsWith("kubernetes-server-mock-")), names.toString());
        }
        for (String entry : classPath.split(" ")) {
            assertTrue(Files.exists(APP.resolve(entry)), "Class-Path entry " + entry + " is shipped");
        }
    }
}
