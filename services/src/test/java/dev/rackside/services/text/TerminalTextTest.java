package dev.rackside.services.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The CLI's boundary to a terminal: nothing it prints can drive the terminal, and JSON stays the same JSON. */
class TerminalTextTest {
    private static String through(String s) {
        StringWriter w = new StringWriter();
        PrintWriter p = TerminalText.writer(w);
        p.print(s);
        p.flush();
        return w.toString();
    }

    @Test
    void escapeSequencesInAnApiErrorAreShownNotObeyed() {
        String hostile = "forbidden X\u001b]0;PWNTITLE\u0007\u001b]52;c;aGk=\u0007\u001b[2J\u009b31m\u202eevil\r";
        assertEquals("forbidden X^[]0;PWNTITLE^G^[]52;c;aGk=^G^[[2J\\u009b31m\\u202eevil^M", through(hostile));
    }

    @Test
    void newlinesTabsAndOrdinaryTextPassUnchanged() {
        String table = "APP\tSTATUS\nshop\trunning ✓ 日本\n";
        assertEquals(table, through(table));
    }

    @Test
    void jsonThroughItIsStillTheSameJson() throws Exception {
        JsonMapper m = JsonMapper.builder().build();
        String value = "desc \u009b2J \u202e \u2066 \u001b[31m";
        String json = m.writeValueAsString(java.util.Map.of("description", value));
        String shown = through(json);
        assertEquals(-1, shown.indexOf('\u009b'), "no raw 8-bit CSI");
        assertEquals(-1, shown.indexOf('\u202e'), "no raw bidi override");
        assertEquals(value, m.readTree(shown).get("description").asString(), "the same value, escaped");
    }
}
