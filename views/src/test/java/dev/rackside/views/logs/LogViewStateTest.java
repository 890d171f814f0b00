package dev.rackside.views.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.api.LogBuffer;
import dev.rackside.services.model.LogLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where the operator is in a log while lines arrive, are filtered, searched and evicted. */
class LogViewStateTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private static void add(LogBuffer b, int from, int to) {
        List<LogLine> lines = new ArrayList<>();
        for (int i = from; i < to; i++) {
            lines.add(new LogLine(T0.plusSeconds(i), "service/web/web-1", "line " + i, LogLine.Origin.POD));
        }
        b.append(lines);
    }

    private static List<String> shown(LogViewState v, int width, int height) {
        return v.layout(width, height).stream().map(r -> r.text().substring(r.display().sourceEnd())).toList();
    }

    @Test
    void followingShowsTheNewestLinesAndCountsWhatFlewPast() {
        LogBuffer b = new LogBuffer();
        LogViewState v = new LogViewState(b);
        add(b, 0, 3);
        assertEquals(List.of("line 0", "line 1", "line 2"), shown(v, 200, 5));
        add(b, 3, 103);
        assertEquals(List.of("line 98", "line 99", "line 100", "line 101", "line 102"), shown(v, 200, 5));
        assertEquals(95, v.skipped(), "lines 3..97 were never on screen");
    }

    @Test
    void theFilterNarrowsEveryBufferedLineAndKeepsUpWithNewOnes() {
        LogBuffer b = new LogBuffer();
        LogViewState v = new LogViewState(b);
        add(b, 0, 1000);
        v.filter("line 5");
        v.refresh();
        assertEquals(111, v.count(), "5, 50-59 and 500-599: the whole buffer, not the screen");
        add(b, 1000, 6000);
        v.refresh();
        assertEquals(1111, v.count(), "and 5000-5999 as they arrive");
        v.filter("!line 5");
        assertEquals(6000 - 1111, v.count(), "! inverts");
    }

    @Test
    void movingPausesAndThePlaceIsKeptWhileLinesArriveOrAreEvicted() {
        LogBuffer b = new LogBuffer(100, Long.MAX_VALUE);
        LogViewState v = new LogViewState(b);
        add(b, 0, 50);
        shown(v, 200, 10);
        v.move(-3);
        assertFalse(v.following());
        assertEquals("line 46", v.selected().orElseThrow().text());
        add(b, 50, 80);
        List<String> rows = shown(v, 200, 10);
        assertTrue(rows.contains("line 46") && !rows.contains("line 79"), rows.toString());
        add(b, 80, 200); // line 46 is evicted by the 100-line bound
        shown(v, 200, 10);
        assertEquals("line 100", v.selected().orElseThrow().text(), "the oldest line still held");
        v.resume();
        assertEquals("line 199", shown(v, 200, 10).get(9));
    }

    @Test
    void searchJumpsBetweenHitsAndSaysWhenItWraps() {
        LogBuffer b = new LogBuffer();
        LogViewState v = new LogViewState(b);
        add(b, 0, 100);
        shown(v, 200, 10);
        // From the tail, a search looks up: the newest hit first.
        assertEquals(Optional.empty(), v.search("line 4[0-2]$"));
        assertEquals("line 42", v.selected().orElseThrow().text());
        assertFalse(v.following(), "a hit pauses the tail");
        assertEquals(1, v.hits("line 41").size(), "hits are highlighted");
        assertEquals(0, v.hits("line 43").size());
        assertEquals(Optional.of("search wrapped"), v.next(1));
        assertEquals("line 40", v.selected().orElseThrow().text());
        assertEquals(Optional.empty(), v.next(1));
        assertEquals("line 41", v.selected().orElseThrow().text());
        v.next(-1);
        assertEquals("line 40", v.selected().orElseThrow().text());
        assertEquals(Optional.of("/nothing/ not found in 100 lines"), v.search("nothing"));
    }

    @Test
    void jumpGoesToTheFirstLineAtOrAfterATime() {
        LogBuffer b = new LogBuffer();
        LogViewState v = new LogViewState(b);
        add(b, 0, 100);
        assertEquals(Optional.empty(), v.jump(T0.plusMillis(41_500)));
        assertEquals("line 42", v.selected().orElseThrow().text());
        assertTrue(v.jump(T0.plusSeconds(500)).isPresent());
        assertEquals(T0.plusSeconds(30), TimeInput.parse("10:00:30", T0.plusSeconds(3600)).orElseThrow());
        assertEquals(T0.plusSeconds(3300), TimeInput.parse("-5m", T0.plusSeconds(3600)).orElseThrow());
        assertEquals(Optional.empty(), TimeInput.parse("half past", T0));
    }

    @Test
    void wrappedLinesTakeAsManyRowsAsTheyNeed() {
        LogBuffer b = new LogBuffer();
        LogViewState v = new LogViewState(b);
        b.append(List.of(new LogLine(T0, "s", "x".repeat(250), LogLine.Origin.POD)));
        v.toggleTimestamps();
        assertEquals(1, v.layout(100, 10).size());
        v.toggleWrap();
        assertEquals(3, v.layout(100, 10).size(), "'s ' + 250 characters in rows of 100");
    }
}
