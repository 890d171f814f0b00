package dev.rackside.services.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeedTest {
    @Test
    void identicalRowsAreNotAChange() {
        Feed<String> feed = new Feed<>();
        List<Snapshot<String>> heard = new ArrayList<>();
        feed.subscribe(heard::add);
        feed.publish(List.of("a", "b"), List.of());
        feed.publish(List.of("a", "b"), List.of());
        assertEquals(1, heard.size(), "the same rows again publish nothing");
        feed.publish(List.of("a", "c"), List.of());
        assertEquals(2, heard.size());
        assertTrue(heard.get(1).version() > heard.get(0).version());
    }

    @Test
    void aFailureKeepsRowsAndTheSameRowsAfterItClearTheError() {
        Feed<String> feed = new Feed<>();
        feed.publish(List.of("a"), List.of());
        feed.fail("pods: unreachable: connection refused");
        Snapshot<String> stale = feed.current();
        assertEquals(Snapshot.State.READY, stale.state(), "a dropped watch never blanks the screen");
        assertEquals(List.of("a"), stale.rows());
        assertEquals(Optional.of("pods: unreachable: connection refused"), stale.error());
        feed.publish(List.of("a"), List.of());
        assertEquals(Optional.empty(), feed.current().error(), "recovery with unchanged rows is still news");
    }

    @Test
    void aFailureBeforeAnyDataIsFailed() {
        Feed<String> feed = new Feed<>();
        feed.fail("apps: forbidden");
        assertEquals(Snapshot.State.FAILED, feed.current().state());
        assertTrue(feed.firstComplete().isDone());
    }
}
