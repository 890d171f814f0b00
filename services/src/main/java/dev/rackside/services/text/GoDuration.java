package dev.rackside.services.text;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the Convox CLI and Go write them: {@code 2m}, {@code 1h30m}, {@code 45s}, {@code 2d} (a bare
 * number is seconds, as Convox's {@code --timeout} takes it).
 */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");

    private GoDuration() {
    }

    public static Optional<Duration> parse(String value) {
        String v = value == null ? "" : value.trim();
        if (v.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        Matcher m = PART.matcher(v);
        Duration total = Duration.ZERO;
        int at = 0;
        while (m.find() && m.start() == at) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
            at = m.end();
        }
        return v.isEmpty() || at != v.length() ? Optional.empty() : Optional.of(total);
    }
}
