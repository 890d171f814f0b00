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

    private static String replacement(char c) {
        if (c < 0x20) {
            return "^" + (char) (c + 0x40);
        }
        if (c == 0x7f) {
            return "^?";
        }
        if ((c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200e || c == 0x200f || c == 0x061c) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
