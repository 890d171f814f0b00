package dev.rackside.services.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** What a pod can print, one class of attack each; none may reach the terminal as a control. */
    @Test
    void hostileLogLinesAreShownVisibly() {
        String[][] corpus = {
            {"cursor move", "\u001b[10;10Hx", "^[[10;10Hx"},
            {"screen clear", "\u001b[2J\u001bc", "^[[2J^[c"},
            {"window title (OSC 0, BEL)", "\u001b]0;owned\u0007", "^[]0;owned^G"},
            {"clipboard write (OSC 52, ST)", "\u001b]52;c;cm0gLXJmIH4=\u001b\\", "^[]52;c;cm0gLXJmIH4=^[\\"},
            {"device control string", "\u001bP+q544e\u001b\\", "^[P+q544e^[\\"},
            {"8-bit CSI and OSC", "\u009b2J\u009d0;t\u009c", "\\u009b2J\\u009d0;t\\u009c"},
            {"bidi override and isolate", "user\u202egnp.exe\u2066x\u2069", "user\\u202egnp.exe\\u2066x\\u2069"},
            {"carriage return overwrite", "ok\rFAIL", "ok^MFAIL"},
            {"backspace and bell", "a\bb\u0007", "a^Hb^G"},
            {"line separator", "a\u2028b", "a\\u2028b"},
        };
        for (String[] c : corpus) {
            String shown = Visible.line(c[1], 4096);
            assertEquals(c[2], shown, c[0]);
            assertTrue(shown.chars().noneMatch(ch -> ch < 0x20 || (ch >= 0x7f && ch <= 0x9f)), c[0]);
        }
    }

    @Test
    void tabsAreExpandedAndAHugeLineIsCut() {
        assertEquals("a       b       c", Visible.line("a\tb\tc", 100));
        String huge = "x".repeat(1 << 20);
        String shown = Visible.line(huge, 2000);
        assertEquals("x".repeat(2000) + " …[" + ((1 << 20) - 2000) + " more chars]", shown);
        assertEquals("ab …[2 more chars]", Visible.line("ab\ud83d\ude00", 3), "a surrogate pair is never split");
    }
}
