package dev.rackside.services.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build's source tarball as the rack's builder unpacks it: what is in it, what is not, and its digest. */
class SourceArchiveTest {
    @TempDir
    Path tmp;

    /** name → "file:<content>", "dir", or "link:<target>", in archive order. */
    private static Map<String, String> entries(Path tgz) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz));
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                out.put(e.getName(), e.isSymbolicLink() ? "link:" + e.getLinkName() : e.isDirectory() ? "dir"
                        : "file:" + new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private Path app() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("app"));
        Files.writeString(dir.resolve("convox.yml"), "services:\n  web:\n    build: .\n");
        Files.writeString(dir.resolve("Dockerfile"), "FROM alpine\n");
        Files.createDirectories(dir.resolve("log"));
        Files.writeString(dir.resolve("log/development.log"), "noise");
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/keep.md"), "kept");
        Files.writeString(dir.resolve("docs/other.md"), "left out");
        Files.createDirectories(dir.resolve("src/deep"));
        Files.writeString(dir.resolve("src/deep/a.rb"), "puts 1");
        Files.writeString(dir.resolve(".dockerignore"), "log\ndocs\n!docs/keep.md\n");
        return dir;
    }

    @Test
    void theSourceAsDockerWalksIt() throws IOException {
        Path dir = app();
        Path secret = Files.writeString(tmp.resolve("outside-secret"), "do not ship");
        Files.createSymbolicLink(dir.resolve("config"), secret);
        SourceArchive a = SourceArchive.pack(dir);
        try {
            Map<String, String> e = entries(a.file());
            assertEquals(java.util.List.of(".dockerignore", "Dockerfile", "config", "convox.yml", "docs/keep.md",
                    "src/", "src/deep/", "src/deep/a.rb"), java.util.List.copyOf(e.keySet()),
                    "lexical order; log/ and docs/ left out, docs/keep.md re-included without its directory entry");
            assertEquals("link:" + secret, e.get("config"), "a link is stored as a link, never followed");
            assertFalse(e.containsValue("file:do not ship"));
            assertEquals("file:kept", e.get("docs/keep.md"));
            assertEquals(Files.size(a.file()), a.bytes());
            assertEquals(8, a.entries());
            assertTrue(a.treeDigest().matches("sha256:[0-9a-f]{64}"), a.treeDigest());
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(a.file())), "the tarball is private to the operator");
        } finally {
            Files.deleteIfExists(a.file());
        }
    }

    @Test
    void theTreeDigestFollowsContentNotTimestamps() throws IOException {
        Path dir = app();
        SourceArchive first = SourceArchive.pack(dir);
        Files.setLastModifiedTime(dir.resolve("Dockerfile"), FileTime.fromMillis(0));
        SourceArchive touched = SourceArchive.pack(dir);
        Files.writeString(dir.resolve("Dockerfile"), "FROM alpine:3.20\n");
        SourceArchive changed = SourceArchive.pack(dir);
        Files.writeString(dir.resolve("log/other.log"), "ignored files do not count");
        SourceArchive ignored = SourceArchive.pack(dir);
        try {
            assertEquals(first.treeDigest(), touched.treeDigest());
            assertNotEquals(first.treeDigest(), changed.treeDigest());
            assertEquals(changed.treeDigest(), ignored.treeDigest());
        } finally {
            for (SourceArchive a : new SourceArchive[] {first, touched, changed, ignored}) {
                Files.deleteIfExists(a.file());
            }
        }
    }

    @Test
    void aBrokenDockerignoreStopsThePackingAndNamesTheLine() throws IOException {
        Path dir = app();
        Files.writeString(dir.resolve(".dockerignore"), "log\n[oops\n");
        DockerIgnore.BadPattern e = assertThrows(DockerIgnore.BadPattern.class, () -> SourceArchive.pack(dir));
        assertTrue(e.getMessage().endsWith(".dockerignore:2: syntax error in pattern: [oops"), e.getMessage());
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            // nothing half-written is left behind for this directory's packing
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("rackside-source-")
                    && p.toFile().lastModified() > System.currentTimeMillis() - 2000 && sizeOf(p) == 0));
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void sizesReadAsPeopleReadThem() {
        assertEquals("37 B", dev.rackside.services.text.ByteSizes.of(37));
        assertEquals("2 KB", dev.rackside.services.text.ByteSizes.of(2048));
        assertEquals("2.4 MB", dev.rackside.services.text.ByteSizes.of(2_516_582));
    }
}
