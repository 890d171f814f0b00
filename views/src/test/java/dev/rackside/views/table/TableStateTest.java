package dev.rackside.views.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.views.table.Row.Tone;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableStateTest {
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    static final List<String> H = List.of("ID", "STATUS");

    static Row row(String id, String status) {
        return Row.of(id, Tone.NORMAL, 1, id, status);
    }

    @Test
    void selectionFollowsItsRowWhenRowsMove() {
        TableState t = new TableState();
        t.update(H, List.of(row("a", "running"), row("b", "running"), row("c", "crashed")), T0);
        t.moveBy(2);
        assertEquals("c", t.selectedRow().orElseThrow().key());
        t.update(H, List.of(row("b", "running"), row("c", "crashed")), T0.plusSeconds(1));
        assertEquals("c", t.selectedRow().orElseThrow().key(), "row a went away above it");
        t.update(H, List.of(row("b", "running")), T0.plusSeconds(2));
        assertEquals("b", t.selectedRow().orElseThrow().key(), "the selected row went away: stay in range");
    }

    @Test
    void filterIsARegexOverTheRowWithBangToInvert() {
        TableState t = new TableState();
        t.update(H, List.of(row("web-1", "running"), row("worker-1", "crashed"), row("web-2", "pending")), T0);
        t.filter("^web");
        assertEquals(List.of("web-1", "web-2"), t.shown().stream().map(Row::key).toList());
        assertEquals(List.of(new int[] {0, 3}).get(0)[1], t.matches("web-1").get(0)[1]);
        t.filter("!crash|pend");
        assertEquals(List.of("web-1"), t.shown().stream().map(Row::key).toList());
        t.filter("web-(");
        assertEquals(Optional.of("not a regex, matching literally"), t.filterError());
        assertEquals(List.of(), t.shown());
        t.filter("");
        assertEquals(3, t.shown().size());
    }

    @Test
    void changedCellsAreMarkedForTwoSeconds() {
        TableState t = new TableState();
        t.update(H, List.of(row("a", "running")), T0);
        assertFalse(t.recentlyChanged("a", 1, T0));
        t.update(H, List.of(row("a", "crashed")), T0.plusSeconds(5));
        assertTrue(t.recentlyChanged("a", 1, T0.plusSeconds(6)));
        assertFalse(t.recentlyChanged("a", 0, T0.plusSeconds(6)), "only the cell that changed");
        assertEquals(Optional.of(T0.plusSeconds(7)), t.nextMarkExpiry());
        assertFalse(t.recentlyChanged("a", 1, T0.plusSeconds(5).plus(Duration.ofSeconds(2))));
    }

    @Test
    void scrollingKeepsTheSelectionVisibleWithoutTouchingOtherRows() {
        TableState t = new TableState();
        List<Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            rows.add(row(String.format("p%05d", i), "running"));
        }
        t.update(H, rows, T0);
        t.last();
        assertEquals(10_000 - 20, t.scrollFor(20));
        t.select(0);
        assertEquals(0, t.scrollFor(20));
    }
}
