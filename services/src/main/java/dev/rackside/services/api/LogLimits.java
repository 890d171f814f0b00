package dev.rackside.services.api;

import dev.rackside.services.racks.Environment;

/**
 * How much one log view may hold: {@code RACKSIDE_LOG_LINES} (default 100,000) and {@code RACKSIDE_LOG_MB}
 * (default 64). Whichever is reached first evicts the oldest lines, and the pane says how many.
 */
public record LogLimits(int lines, long bytes) {
    public static final LogLimits DEFAULT = new LogLimits(LogBuffer.DEFAULT_LINES, LogBuffer.DEFAULT_BYTES);

    public LogLimits {
        if (lines < 1 || bytes < 1) {
            throw new IllegalArgumentException("a log buffer needs room for at least one line");
        }
    }

    /** @throws IllegalArgumentException naming the variable when one is not a positive whole number */
    public static LogLimits from(Environment env) {
        int lines = (int) positive(env, "RACKSIDE_LOG_LINES", LogBuffer.DEFAULT_LINES, 10_000_000);
        long mb = positive(env, "RACKSIDE_LOG_MB", LogBuffer.DEFAULT_BYTES >> 20, 64 * 1024);
        return new LogLimits(lines, mb << 20);
    }

    private static long positive(Environment env, String name, long fallback, long max) {
        return env.get(name).map(v -> {
            try {
                long n = Long.parseLong(v.trim());
                if (n < 1 || n > max) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + "=" + v + ": expected a whole number from 1 to " + max);
            }
        }).orElse(fallback);
    }

    public LogBuffer newBuffer() {
        return new LogBuffer(lines, bytes);
    }
}
