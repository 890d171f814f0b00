package dev.rackside.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import dev.rackside.services.text.Humanize;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormattingTest {
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    static String ago(Duration d) {
        return Humanize.ago(NOW.minus(d), NOW);
    }

    @Test
    void agesMatchGoHumanizeBoundaries() {
        assertEquals("now", ago(Duration.ZERO));
        assertEquals("1 second ago", ago(Duration.ofSeconds(1)));
        assertEquals("59 seconds ago", ago(Duration.ofSeconds(59)));
        assertEquals("1 minute ago", ago(Duration.ofSeconds(119)));
        assertEquals("2 minutes ago", ago(Duration.ofMinutes(2)));
        assertEquals("1 hour ago", ago(Duration.ofMinutes(119)));
        assertEquals("23 hours ago", ago(Duration.ofHours(23)));
        assertEquals("1 day ago", ago(Duration.ofHours(47)));
        assertEquals("6 days ago", ago(Duration.ofDays(6)));
        assertEquals("1 week ago", ago(Duration.ofDays(13)));
        assertEquals("2 weeks ago", ago(Duration.ofDays(14)));
        assertEquals("1 month ago", ago(Duration.ofDays(45)));
        assertEquals("11 months ago", ago(Duration.ofDays(359)));
        assertEquals("1 year ago", ago(Duration.ofDays(400)));
        assertEquals("2 years ago", ago(Duration.ofDays(600)));
        assertEquals("3 years ago", ago(Duration.ofDays(1100)));
        assertEquals("5 minutes from now", Humanize.ago(NOW.plus(Duration.ofMinutes(5)), NOW));
    }

    @Test
    void elapsedLikeGoDurations() {
        assertEquals("1m5s", Humanize.elapsed(Duration.ofSeconds(65)));
        assertEquals("12s", Humanize.elapsed(Duration.ofMillis(12_900)));
        assertEquals("120m3s", Humanize.elapsed(Duration.ofSeconds(7203)), "minutes past an hour, as convox builds prints them");
        assertEquals("75m0s", Humanize.elapsed(Duration.ofMinutes(75)));
        assertEquals("0s", Humanize.elapsed(Duration.ZERO));
    }

    @Test
    void tablesPadToTheWidestCellWithTwoSpacesAndNoTrailingBlanks() {
        StringWriter out = new StringWriter();
        new Table("ID", "STATUS", "DESCRIPTION").row("RABCDEFGHIJ", "active", "").row("R1", "", "x\u001b[2Jy")
                .print(new PrintWriter(out));
        assertEquals(String.join("\n",
                "ID           STATUS  DESCRIPTION",
                "RABCDEFGHIJ  active",
                "R1                   x^[[2Jy",
                ""), out.toString().replace(System.lineSeparator(), "\n"));
    }
}
