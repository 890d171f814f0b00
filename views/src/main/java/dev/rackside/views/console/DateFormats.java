package dev.rackside.views.console;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The one way the console writes a time of day: UTC, to the second, marked Z ({@code 03:12:45Z}). */
final class DateFormats {
    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private DateFormats() {
    }
}
