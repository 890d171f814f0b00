package dev.rackside.services.logs;


import dev.rackside.services.api.LogBuffer;
import dev.rackside.services.model.LogLine;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes buffered lines to a file, one per line: full-precision RFC 3339 time (so the merge order can be
 * checked afterwards), source and the text as the pod wrote it. The file appears complete or not at all:
 * it is written beside its target and moved into place.
 */
public final class LogExport {
    private LogExport() {
    }

    /** Writes the lines of {@code buffer} in [from, to) (null: open) to {@code file}; returns how many. */
    public static int write(LogBuffer buffer, Path file, Instant from, Instant to) throws IOException {
        List<LogLine> lines = buffer.between(from, to);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".rackside-export", ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (LogLine l : lines) {
                w.write(DateTimeFormatter.ISO_INSTANT.format(l.at()));
                w.write(' ');
                w.write(l.source());
                w.write(' ');
                w.write(l.text());
                w.write('\n');
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return lines.size();
    }
}
