package dev.rackside.services.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Shell words as go-shellquote makes them: {@link #join} for {@code convox ps} COMMAND, {@link #split} for a
 * convox.yml command and an exec's command line.
 */
public final class ShellQuote {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellQuote() {
    }

    public static String join(List<String> args) {
        if (args == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String a : args) {
            if (out.length() > 0) {
                out.append(' ');
            }
            if (a.isEmpty()) {
                out.append("''");
            } else if (SAFE.matcher(a).matches()) {
                out.append(a);
            } else {
                out.append('\'').append(a.replace("'", "'\\''")).append('\'');
            }
        }
        return out.toString();
    }

    /** A command line split into words as a POSIX shell (and go-shellquote's Split) would: quotes and backslashes honoured. */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }
}
