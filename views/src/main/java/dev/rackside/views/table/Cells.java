package dev.rackside.views.table;

import com.googlecode.lanterna.TerminalTextUtils;
import dev.rackside.services.text.Visible;

/**
 * Terminal-column arithmetic for cell text. Text from the cluster is made {@link Visible} first; code
 * points outside the BMP become U+FFFD because Lanterna writes UTF-16 units one by one and would split them
 * (platform-notes A6), and double-width characters count as two columns so columns stay aligned.
 */
public final class Cells {
    private Cells() {
    }

    /** Safe to draw: visible controls, no surrogate pairs. */
    public static String clean(String s) {
        String v = Visible.of(s);
        StringBuilder out = null;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(v.substring(0, i));
                }
                if (Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
                    i++;
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? v : out.toString();
    }

    /** Display columns of text as drawn: call it on {@link #clean} text (a raw ESC is one char but two columns). */
    public static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); i++) {
            w += TerminalTextUtils.isCharDoubleWidth(s.charAt(i)) ? 2 : 1;
        }
        return w;
    }

    /**
     * Exactly {@code columns} wide as drawn: cut with '…' when too long, padded with blanks when short. Measured
     * on the {@link #clean} form, so a control that is drawn as {@code ^[} (two columns) cannot push the text past
     * the frame (a 403 quoting an ESC-laden message overran a pane's right border).
     */
    public static String fit(String s, int columns) {
        if (columns <= 0) {
            return "";
        }
        s = clean(s);
        int w = width(s);
        if (w <= columns) {
            return s + " ".repeat(columns - w);
        }
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int cw = TerminalTextUtils.isCharDoubleWidth(c) ? 2 : 1;
            if (used + cw > columns - 1) {
                break;
            }
            out.append(c);
            used += cw;
        }
        out.append('…');
        used++;
        return out + " ".repeat(Math.max(0, columns - used));
    }

    /**
     * {@code s} broken into lines of at most {@code columns} display columns; continuation lines keep the first
     * line's indentation plus two spaces, so a wrapped field still reads as part of its entry.
     */
    public static java.util.List<String> wrap(String s, int columns) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (columns <= 0 || width(s) <= columns) {
            out.add(s);
            return out;
        }
        int indent = 0;
        while (indent < s.length() && s.charAt(indent) == ' ') {
            indent++;
        }
        String hang = " ".repeat(Math.min(indent + 2, Math.max(0, columns / 2)));
        StringBuilder line = new StringBuilder();
        int start = 0; // where this line's own text begins (after the hang on continuations)
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (width(line.toString()) + (TerminalTextUtils.isCharDoubleWidth(c) ? 2 : 1) > columns) {
                // Break at the last space of the line when there is one, else in the word.
                int space = line.lastIndexOf(" ");
                String carry = "";
                if (space > start && c != ' ' && hang.length() + width(line.substring(space + 1)) < columns) {
                    carry = line.substring(space + 1);
                    line.setLength(space);
                }
                out.add(line.toString().stripTrailing());
                line.setLength(0);
                line.append(hang).append(carry);
                start = hang.length();
                if (c == ' ') {
                    continue;
                }
            }
            line.append(c);
        }
        out.add(line.toString());
        return out;
    }
}
