package dev.rackside.services.text;

/**
 * Makes text from the cluster safe to put on a terminal: control characters (C0, DEL, C1) are shown in
 * caret or {@code \\uXXXX} form, and bidi overrides are shown rather than obeyed, so a release description
 * or an annotation can never move the cursor, retitle the window or reorder what the operator reads.
 */
public final class Visible {
    private Visible() {
    }

    public static String of(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String replacement = replacement(c);
            if (replacement != null && out == null) {
                out = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (out != null) {
                out.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        return out == null ? s : out.toString();
    }

    /**
     * One log line made fit for a terminal: tabs expanded to 8-column stops, every control and bidi
     * character shown, and a line longer than {@code maxChars} cut there with a marker saying how much was
     * left out. The work is bounded by {@code maxChars}, so a 1 MB line costs what a short one does.
     */
    public static String line(String s, int maxChars) {
        if (s == null) {
            return "";
        }
        int keep = Math.min(s.length(), maxChars);
        if (keep > 0 && keep < s.length() && Character.isHighSurrogate(s.charAt(keep - 1))) {
            keep--;
        }
        String head = s.substring(0, keep);
        if (head.indexOf('\t') >= 0) {
            StringBuilder b = new StringBuilder(head.length() + 16);
            for (int i = 0; i < head.length(); i++) {
                char c = head.charAt(i);
                if (c == '\t') {
                    b.append(" ".repeat(8 - b.length() % 8));
                } else {
                    b.append(c);
                }
            }
            head = b.toString();
        }
        String shown = of(head);
        return keep < s.length() ? shown + " …[" + (s.length() - keep) + " more chars]" : shown;
    }

    /** Whether {@link #of} would show {@code c} as something else (a control or bidi character). */
    public static boolean needsShowing(char c) {
        return replacement(c) != null;
    }

    private static String replacement(char c) {
        if (c < 0x20) {
            return "^" + (char) (c + 0x40);
        }
        if (c == 0x7f) {
            return "^?";
        }
        if ((c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200e || c == 0x200f || c == 0x061c || c == 0x2028 || c == 0x2029) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
