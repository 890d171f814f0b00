package dev.rackside.views.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rackside.services.api.Columns.Tone;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableStateTest {
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    static final List<String> H = List.of("ID", "STATUS");

    static Row<String> row(String id, String status) {
        return Row.of(id, id, Tone.NORMAL, 1, id, status);
    }

    @Test
    void selectionFollowsItsRowWhenRowsMove() {
        TableState<String> t = new TableState<>();
        t.update(H, List.of(row("a", "running"), row("b", "running"), row("c", "crashed")), T0);
        t.moveBy(2);
        assertEquals("c", t.selectedRow().orElseThrow().key());
        assertEquals(Optional.of("c"), t.selected(), "the item itself, typed, for actions to read");
        t.update(H, List.of(row("b", "running"), row("c", "crashed")), T0.plusSeconds(1));
        assertEquals("c", t.selectedRow().orElseThrow().key(), "row a went away above it");
        t.update(H, List.of(row("b", "running")), T0.plusSeconds(2));
        assertEquals("b", t.selectedRow().orElseThrow().key(), "the selected row went away: stay in range");
    }

    @Test
    void filterIsARegexOverTheRowWithBangToInvert() {
        TableState<String> t = new TableState<>();
        t.update(H, List.of(row("web-1", "running"), row("worker-1", "crashed"), row("web-2", "pending")), T0);
        t.filter("^web");
        assertEquals(List.of("web-1", "web-2"), t.shown().stream().map(r -> r.key()).toList());
        assertEquals(List.of(new int[] {0, 3}).get(0)[1], t.matches("web-1").get(0)[1]);
        t.filter("!crash|pend");
        assertEquals(List.of("web-1"), t.shown().stream().map(r -> r.key()).toList());
        t.filter("web-(");
        assertEquals(Optional.of("not a regex, matching literally"), t.filterError());
        assertEquals(List.of(), t.shown());
        t.filter("");
        assertEquals(3, t.shown().size());
    }

    @Test
    void changedCellsAreMarkedForTwoSeconds() {
        TableState<String> t = new TableState<>();
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
        TableState<String> t = new TableState<>();
        List<Row<String>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            rows.add(row(String.format("p%05d", i), "running"));
        }
        t.update(H, rows, T0);
        t.last();
        assertEquals(10_000 - 20, t.scrollFor(20));
        t.select(0);
        assertEquals(0, t.scrollFor(20));
    }

    @Test
    void narrowColumnsGiveWayByPriorityAndScrollingReachesThem() {
        // ID(10) SERVICE(7) DESCRIPTION(30, shrinks first) DOMAIN(20, shrinks second)
        int[] natural = {10, 7, 30, 20};
        List<Integer> shrink = List.of(0, 0, 5, 4);
        ColumnLayout wide = ColumnLayout.of(natural, shrink, 120, 0);
        assertEquals(List.of(0, 1, 2, 3), wide.shown(), "everything fits");
        assertFalse(wide.hiddenRight());
        ColumnLayout narrow = ColumnLayout.of(natural, shrink, 45, 0);
        assertEquals(List.of(0, 1, 3), narrow.shown(), "the description gives way first");
        assertTrue(narrow.hiddenRight(), "and a marker says a column is hidden");
        ColumnLayout scrolled = ColumnLayout.of(natural, shrink, 45, 1);
        assertEquals(0, scrolled.shown().get(0), "the row's name always stays");
        assertTrue(scrolled.shown().contains(2), "scrolling right reaches the hidden description: " + scrolled.shown());
        assertTrue(scrolled.hiddenLeft());
    }
}
