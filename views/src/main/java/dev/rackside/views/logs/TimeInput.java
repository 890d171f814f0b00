package dev.rackside.views.logs;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time typed at a prompt: {@code 10:05} or {@code 10:05:30} (UTC, on the day of {@code today}, as the
 * log prints times), an RFC 3339 instant, or {@code -5m} / {@code -1h30m} back from now.
 */
public final class TimeInput {
    private static final Pattern AGO = Pattern.compile("-((\\d+)h)?((\\d+)m)?((\\d+)s)?");

    private TimeInput() {
    }

    public static Optional<Instant> parse(String text, Instant now) {
        String t = text.strip();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = AGO.matcher(t);
        if (t.length() > 1 && m.matches()) {
            Duration d = Duration.ofHours(num(m.group(2))).plusMinutes(num(m.group(4))).plusSeconds(num(m.group(6)));
            return Optional.of(now.minus(d));
        }
        try {
            return Optional.of(Instant.parse(t));
        } catch (DateTimeParseException notInstant) {
            try {
                LocalTime time = LocalTime.parse(t);
                LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
                return Optional.of(day.atTime(time).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException notTime) {
                return Optional.empty();
            }
        }
    }

    private static long num(String s) {
        return s == null ? 0 : Long.parseLong(s);
    }
}
