package dev.rackside.services.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A build's source as the Convox CLI packages it (convox 3.24.9 pkg/common/tar.go Tarball: docker's
 * {@code archive.TarWithOptions} of DIR with gzip and the {@code .dockerignore}'s patterns): every file and
 * directory below DIR under its relative name, the ignored ones left out by Docker's walk, symbolic links
 * stored as links and never followed (nothing outside DIR is read), DIR itself resolved first as the CLI
 * resolves it. Sockets, pipes and devices are left out.
 *
 * @param file       the gzipped tar, a private temporary file the caller deletes
 * @param bytes      its size
 * @param entries    files, directories and links in it
 * @param treeDigest {@code sha256:} over each entry's name, type, mode and content (or link target), in order:
 *                   the same source gives the same digest whatever its timestamps, so the journal's digest can
 *                   be checked against a checkout later
 */
public record SourceArchive(Path file, long bytes, int entries, String treeDigest) {

    /** Packs {@code dir}; a broken {@code .dockerignore} is an error naming its line, and nothing is written. */
    public static SourceArchive pack(Path dir) throws IOException {
        Path root = dir.toAbsolutePath().toRealPath();
        if (!Files.isDirectory(root)) {
            throw new IOException(dir + " is not a directory");
        }
        DockerIgnore ignore = DockerIgnore.of(root);
        Path out = Files.createTempFile("rackside-source-", ".tgz", PosixFilePermissions.asFileAttribute(
                Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        try {
            Writer w = new Writer(root, ignore);
            try (OutputStream fo = Files.newOutputStream(out); GZIPOutputStream gz = new GZIPOutputStream(fo, 64 * 1024);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(gz, StandardCharsets.UTF_8.name())) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                tar.setAddPaxHeadersForNonAsciiNames(true);
                w.walk(root, tar);
                tar.finish();
            }
            return new SourceArchive(out, Files.size(out), w.entries, "sha256:" + HexFormat.of().formatHex(
                    w.digest.digest()));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(out);
            throw e;
        }
    }

    /** The walk of TarWithOptions with IncludeFiles {@code ["."]}: lexical order, Docker's skip rules. */
    private static final class Writer {
        private final Path root;
        private final DockerIgnore ignore;
        private final MessageDigest digest = sha256();
        private int entries;

        Writer(Path root, DockerIgnore ignore) {
            this.root = root;
            this.ignore = ignore;
        }

        void walk(Path dir, TarArchiveOutputStream tar) throws IOException {
            List<Path> children;
            try (Stream<Path> s = Files.list(dir)) {
                children = s.sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                        .toList();
            }
            for (Path p : children) {
                String rel = root.relativize(p).toString().replace(java.io.File.separatorChar, '/');
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (ignore.excludes(rel)) {
                    // filepath.SkipDir unless an exception pattern lies below; the directory's own entry is left out.
                    if (a.isDirectory() && ignore.hasExceptions() && ignore.mayReincludeBelow(rel)) {
                        walk(p, tar);
                    }
                    continue;
                }
                if (a.isSymbolicLink()) {
                    String target = Files.readSymbolicLink(p).toString();
                    TarArchiveEntry e = new TarArchiveEntry(rel, TarConstants.LF_SYMLINK);
                    e.setLinkName(target);
                    add(tar, e, p, a, null, "l", target);
                } else if (a.isDirectory()) {
                    add(tar, new TarArchiveEntry(rel + "/"), p, a, null, "d", "");
                    walk(p, tar);
                } else if (a.isRegularFile()) {
                    TarArchiveEntry e = new TarArchiveEntry(rel);
                    e.setSize(a.size());
                    add(tar, e, p, a, p, "f", null);
                }
            }
        }

        private void add(TarArchiveOutputStream tar, TarArchiveEntry e, Path p, BasicFileAttributes a, Path content,
                String type, String detail) throws IOException {
            int mode = mode(p);
            e.setMode(mode);
            e.setModTime(a.lastModifiedTime());
            owner(e, p);
            tar.putArchiveEntry(e);
            String hashed = detail;
            if (content != null) {
                MessageDigest fileDigest = sha256();
                byte[] buf = new byte[64 * 1024];
                long written = 0;
                try (InputStream in = Files.newInputStream(content, LinkOption.NOFOLLOW_LINKS)) {
                    for (int n = in.read(buf); n >= 0 && written < e.getSize(); n = in.read(buf)) {
                        int take = (int) Math.min(n, e.getSize() - written);
                        tar.write(buf, 0, take);
                        fileDigest.update(buf, 0, take);
                        written += take;
                    }
                }
                if (written != e.getSize()) {
                    throw new IOException(p + " changed while it was packed (" + written + " of " + e.getSize()
                            + " bytes read)");
                }
                hashed = HexFormat.of().formatHex(fileDigest.digest());
            }
            tar.closeArchiveEntry();
            entries++;
            digest.update((type + " " + e.getName() + " " + Integer.toOctalString(mode & 07777) + " " + hashed + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }

        private static int mode(Path p) throws IOException {
            try {
                return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? 0755 : 0644;
            }
        }

        private static void owner(TarArchiveEntry e, Path p) {
            try {
                e.setUserId(((Number) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue());
                e.setGroupId(((Number) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS)).longValue());
                PosixFileAttributes pa = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                e.setUserName(pa.owner().getName());
                e.setGroupName(pa.group().getName());
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
                // ownership is a courtesy to the builder; the content is what matters
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
