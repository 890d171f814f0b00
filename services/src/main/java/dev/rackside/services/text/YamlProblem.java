package dev.rackside.services.text;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/** A YAML document that could not be read at all; the message names the source, line and column. */
public final class YamlProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final int column;

    public YamlProblem(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    static YamlProblem syntax(String source, JacksonException e) {
        TokenStreamLocation at = e.getLocation();
        int line = at == null ? 0 : at.getLineNr();
        int column = at == null ? 0 : at.getColumnNr();
        String reason = firstLine(e.getOriginalMessage());
        if (reason.startsWith("Duplicate Object property")) {
            // Jackson's words, for a file an operator wrote: say it in theirs.
            reason = "key given twice in the same mapping: " + reason.substring(reason.indexOf('"') < 0 ? 0
                    : reason.indexOf('"'));
        }
        String where = line > 0 ? source + ":" + line + ":" + column : source;
        return new YamlProblem(where + ": not valid YAML: " + reason, line, column);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
