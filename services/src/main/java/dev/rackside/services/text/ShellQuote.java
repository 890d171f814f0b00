package dev.rackside.services.kube;

import java.util.List;
import java.util.regex.Pattern;

/** Joins a container's args the way go-shellquote does for {@code convox ps} COMMAND. */
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
}
