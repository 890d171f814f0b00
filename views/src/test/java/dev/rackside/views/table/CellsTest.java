package dev.rackside.views.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CellsTest {
    @Test
    void wideCharactersCountTwoColumnsAndEmojiCannotSplit() {
        assertEquals(4, Cells.width("部署"));
        assertEquals("部署  ", Cells.fit("部署", 6));
        assertEquals("fix \uFFFD deploy", Cells.clean("fix 🚀 deploy"));
        assertEquals(6, Cells.width(Cells.fit("部署部署部署", 6)), "cut to the column, marker included");
    }

    @Test
    void escapeSequencesAreShownNotObeyed() {
        assertEquals("^[[2Jgone", Cells.clean("\u001b[2Jgone"));
    }

    @Test
    void controlsAreMeasuredAsTheyAreDrawnSoTheyCannotPushPastTheFrame() {
        String fitted = Cells.fit("\u001b]0;TITLE\u0007 forbidden \u001b[2J", 20);
        assertEquals(20, Cells.width(fitted), fitted);
        assertEquals("^[]0;TITLE^G forbid…", fitted);
        assertEquals("^[[2J   ", Cells.fit("\u001b[2J", 8));
    }

    @Test
    void longTextIsCutWithAMarker() {
        assertEquals("bin/w…", Cells.fit("bin/worker --queue", 6));
        assertEquals("ab    ", Cells.fit("ab", 6));
    }

    @Test
    void longLinesWrapUnderTheirOwnIndentationAndWideCharactersStayWhole() {
        assertEquals(java.util.List.of("  remediation: turn", "    on key rotation", "    for the key"),
                Cells.wrap("  remediation: turn on key rotation for the key", 19));
        for (String line : Cells.wrap("部署部署部署部署", 5)) {
            assertEquals(true, Cells.width(line) <= 5, line);
        }
        assertEquals(java.util.List.of("short"), Cells.wrap("short", 80));
        for (String line : Cells.wrap("key: arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/1234abcd-12ab", 20)) {
            assertEquals(true, Cells.width(line) <= 20, "a word longer than the width is broken, never overflows: "
                    + line);
        }
    }
}
