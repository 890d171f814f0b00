package dev.rackside.services.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class VisibleTest {
    @Test
    void hostileTextIsShownNotObeyed() {
        assertEquals("^[]0;pwned^G deploy", Visible.of("\u001b]0;pwned\u0007 deploy"), "OSC title change");
        assertEquals("^[[2J^[[H", Visible.of("\u001b[2J\u001b[H"), "clear screen and cursor home");
        assertEquals("\\u009b31m red", Visible.of("\u009b31m red"), "8-bit CSI");
        assertEquals("abc\\u202edef", Visible.of("abc\u202edef"), "bidi override");
        assertEquals("line^Jbreak^?", Visible.of("line\nbreak\u007f"));
    }

    @Test
    void plainTextIsUntouched() {
        String s = "build 1a2b3c4 — fix login ✓";
        assertSame(s, Visible.of(s));
    }
}
