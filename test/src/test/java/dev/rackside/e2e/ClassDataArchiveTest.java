package dev.rackside.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data archive, as a user meets it: the first run goes ahead untouched and leaves an
 * archive made in the background (AOT cache on JDK 25, AppCDS on 17) in $XDG_CACHE_HOME/rackside; the next
 * run uses it; a broken archive is ignored without a word. Nothing is said about it unless RACKSIDE_DEBUG.
 */
class ClassDataArchiveTest {
    @TempDir
    Path home;

    record Run(int code, String out, String err) {
    }

    private Run launch(Path cache, boolean debug, String... args) throws Exception {
        return launch(cache, debug, java.util.Map.of(), args);
    }

    private Run launch(Path cache, boolean debug, java.util.Map<String, String> extra, String... args)
            throws Exception {
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        List<String> cmd = new java.util.ArrayList<>(List.of(repo.resolve("rackside").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(cmd);
        b.environment().put("HOME", home.toString());
        b.environment().put("XDG_CACHE_HOME", cache.toString());
        b.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
        b.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        b.environment().remove("RACKSIDE_ARCHIVE");
        b.environment().put("KUBECONFIG", home.resolve("no-kubeconfig").toString());
        if (debug) {
            b.environment().put("RACKSIDE_DEBUG", "1");
        } else {
            b.environment().remove("RACKSIDE_DEBUG");
        }
        b.environment().putAll(extra);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process p = b.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "rackside " + String.join(" ", args) + " ended");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err,
                StandardCharsets.UTF_8));
    }

    private static List<Path> archives(Path cache) throws Exception {
        Path dir = cache.resolve("rackside");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("rackside-[0-9a-f]{16}\\.(aot|jsa)")).toList();
        }
    }

    @Test
    void theFirstRunLeavesAnArchiveTheNextUsesAndABrokenOneIsIgnored() throws Exception {
        Path cache = home.resolve("cache");
        // The launcher rebuilds first when a source is newer than the jar (a module changed since the last
        // build) and says so; --version does that, and never touches the archive.
        launch(cache, false, "--version");
        assertEquals(List.of(), archives(cache), "--version makes no archive");
        // racks: reads the (empty) configuration and exits, as quick a real command as there is.
        Run first = launch(cache, false, "racks");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().startsWith("NAME "), first.out());
        assertEquals("", first.err(), "nothing said about the archive unless asked");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (archives(cache).isEmpty() && System.nanoTime() < until) {
            Thread.sleep(500);
        }
        List<Path> made = archives(cache);
        assertEquals(1, made.size(), "one archive for this JDK and build: " + made);
        Run second = launch(cache, true, "racks");
        assertEquals(0, second.code(), second.err());
        assertTrue(second.err().contains("rackside launcher: using " + made.get(0)), second.err());

        Files.writeString(made.get(0), "not an archive");
        Run broken = launch(cache, false, "racks");
        assertEquals(0, broken.code(), broken.err());
        assertTrue(broken.out().startsWith("NAME "), broken.out());
        Run help = launch(cache, true, "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(!help.err().contains("rackside launcher:"), "help starts without the archive: " + help.err());
        // The help text is kept for this build and printed from there next time, with no JVM at all (the JVM
        // the launcher would start does not exist here); the same bytes.
        List<Path> texts;
        try (Stream<Path> files = Files.list(cache.resolve("rackside"))) {
            texts = files.filter(f -> f.getFileName().toString().matches("help-[0-9a-f]{16}\\.txt")).toList();
        }
        assertEquals(1, texts.size(), "one help text for this build: " + texts);
        assertEquals(help.out(), Files.readString(texts.get(0), StandardCharsets.UTF_8));
        java.util.Map<String, String> noJava = java.util.Map.of("RACKSIDE_JAVA", home.resolve("no-java").toString());
        Run kept = launch(cache, true, noJava, "--help");
        assertEquals(0, kept.code(), kept.err());
        assertEquals(help.out(), kept.out(), "printed from the kept text");
        assertTrue(help.out().startsWith("Usage: rackside "), help.out());
        // An empty kept text (a full disk) is not trusted: without a JVM there is then no help, said as such.
        Files.writeString(texts.get(0), "");
        Run empty = launch(cache, false, noJava, "--help");
        assertTrue(empty.code() != 0 && empty.out().isEmpty(), "an empty text is not printed as the help: " + empty);
        assertEquals("", broken.err(), "a broken archive is ignored without a word");
    }
}
