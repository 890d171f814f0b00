package dev.rackside.services.kube;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Convox's sortable UTC timestamps in Release/Build specs: Go layout {@code 20060102.150405.000000000}. */
public final class ConvoxTime {
    private static final DateTimeFormatter LAYOUT = DateTimeFormatter.ofPattern("yyyyMMdd.HHmmss.nnnnnnnnn");

    private ConvoxTime() {
    }

    /** Empty for blank, unparsable and Go's zero time (an unset {@code ended}). */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.isBlank() || text.startsWith("00010101")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(text.trim(), LAYOUT).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.parse(text.trim()));
            } catch (DateTimeParseException again) {
                return Optional.empty();
            }
        }
    }

    public static String format(Instant at) {
        return LAYOUT.format(LocalDateTime.ofInstant(at, ZoneOffset.UTC));
    }
}
