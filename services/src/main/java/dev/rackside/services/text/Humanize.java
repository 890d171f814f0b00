package dev.rackside.services.text;

import java.time.Duration;
import java.time.Instant;

/** Times as the Convox CLI prints them: go-humanize's relative times and Go's duration strings. */
public final class Humanize {
    private static final long SECOND = 1;
    private static final long MINUTE = 60;
    private static final long HOUR = 3600;
    private static final long DAY = 24 * HOUR;
    private static final long WEEK = 7 * DAY;
    private static final long MONTH = 30 * DAY;
    private static final long YEAR = 12 * MONTH;

    private Humanize() {
    }

    /** "now", "1 minute ago", "3 hours ago", "2 weeks ago" ... (go-humanize RelTime magnitudes). */
    public static String ago(Instant then, Instant now) {
        long s = Duration.between(then, now).getSeconds();
        String suffix = " ago";
        if (s < 0) {
            s = -s;
            suffix = " from now";
        }
        if (s < SECOND) {
            return "now";
        } else if (s < 2 * SECOND) {
            return "1 second" + suffix;
        } else if (s < MINUTE) {
            return s + " seconds" + suffix;
        } else if (s < 2 * MINUTE) {
            return "1 minute" + suffix;
        } else if (s < HOUR) {
            return s / MINUTE + " minutes" + suffix;
        } else if (s < 2 * HOUR) {
            return "1 hour" + suffix;
        } else if (s < DAY) {
            return s / HOUR + " hours" + suffix;
        } else if (s < 2 * DAY) {
            return "1 day" + suffix;
        } else if (s < WEEK) {
            return s / DAY + " days" + suffix;
        } else if (s < 2 * WEEK) {
            return "1 week" + suffix;
        } else if (s < MONTH) {
            return s / WEEK + " weeks" + suffix;
        } else if (s < 2 * MONTH) {
            return "1 month" + suffix;
        } else if (s < YEAR) {
            return s / MONTH + " months" + suffix;
        } else if (s < 18 * MONTH) {
            return "1 year" + suffix;
        } else if (s < 2 * YEAR) {
            return "2 years" + suffix;
        } else if (s < 37 * YEAR) {
            return s / YEAR + " years" + suffix;
        }
        return "a long while" + suffix;
    }

    /**
     * A build's ELAPSED as {@code convox builds} prints it (convox 3.24.9 pkg/common/time.go Duration): whole
     * seconds, minutes never rolled into hours: {@code 12s}, {@code 1m5s}, {@code 75m0s}.
     */
    public static String elapsed(Duration d) {
        long total = d.getSeconds();
        long sec = total % 60;
        long min = total / 60;
        return (min >= 1 ? min + "m" : "") + sec + "s";
    }
}
