package dev.rackside.services.text;

import java.util.Locale;

/**
 * The severity a line declares, for colouring: a JSON {@code level}/{@code severity} field, a logfmt
 * {@code level=}, or a leading ERROR/WARN/INFO/DEBUG word. Only the start of the line is looked at, so a
 * 1 MB line costs no more than a short one.
 */
public enum LogLevel {
    ERROR, WARN, INFO, DEBUG, NONE;

    private static final int LOOK = 96;

    public static LogLevel of(String text) {
        if (text == null || text.isEmpty()) {
            return NONE;
        }
        String head = text.length() > LOOK * 4 ? text.substring(0, LOOK * 4) : text;
        if (head.charAt(0) == '{') {
            for (String key : new String[] {"\"level\"", "\"severity\"", "\"lvl\""}) {
                int k = head.indexOf(key);
                if (k >= 0) {
                    int q = head.indexOf('"', head.indexOf(':', k + key.length()) + 1);
                    int end = q < 0 ? -1 : head.indexOf('"', q + 1);
                    if (end > q) {
                        return word(head.substring(q + 1, end));
                    }
                }
            }
        }
        int lf = head.indexOf("level=");
        if (lf >= 0 && lf < LOOK) {
            int end = lf + 6;
            while (end < head.length() && Character.isLetter(head.charAt(end))) {
                end++;
            }
            return word(head.substring(lf + 6, end));
        }
        String start = head.length() > LOOK ? head.substring(0, LOOK) : head;
        int i = 0;
        while (i < start.length()) {
            while (i < start.length() && !Character.isLetter(start.charAt(i))) {
                i++;
            }
            int j = i;
            while (j < start.length() && Character.isLetter(start.charAt(j))) {
                j++;
            }
            if (j > i) {
                String w = start.substring(i, j);
                // Only upper-case words: "Information about errors" is not an ERROR line.
                if (w.equals(w.toUpperCase(Locale.ROOT))) {
                    LogLevel l = word(w);
                    if (l != NONE) {
                        return l;
                    }
                }
            }
            i = j;
        }
        return NONE;
    }

    private static LogLevel word(String w) {
        return switch (w.toUpperCase(Locale.ROOT)) {
            case "ERROR", "ERR", "FATAL", "PANIC", "CRITICAL", "CRIT", "EMERG", "ALERT" -> ERROR;
            case "WARN", "WARNING" -> WARN;
            case "INFO", "NOTICE" -> INFO;
            case "DEBUG", "TRACE" -> DEBUG;
            default -> NONE;
        };
    }
}
