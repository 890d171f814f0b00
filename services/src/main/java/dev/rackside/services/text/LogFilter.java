package dev.rackside.services.text;

import dev.rackside.services.model.LogLine;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A log filter as the tables have it: a case-insensitive regex over {@code <source> <message>}, {@code !}
 * first inverts it. A regex that does not compile matches its text literally, and says why.
 */
public final class LogFilter implements Predicate<LogLine> {
    private final String text;
    private final Pattern pattern;
    private final boolean inverted;
    private final Optional<String> error;

    private LogFilter(String text, Pattern pattern, boolean inverted, Optional<String> error) {
        this.text = text;
        this.pattern = pattern;
        this.inverted = inverted;
        this.error = error;
    }

    public static LogFilter parse(String text) {
        boolean inverted = text.startsWith("!");
        String body = inverted ? text.substring(1) : text;
        try {
            return new LogFilter(text, Pattern.compile(body, Pattern.CASE_INSENSITIVE), inverted, Optional.empty());
        } catch (PatternSyntaxException e) {
            return new LogFilter(text, Pattern.compile(Pattern.quote(body), Pattern.CASE_INSENSITIVE), inverted,
                    Optional.of("not a regex (" + e.getDescription() + "), matching the text as written"));
        }
    }

    @Override
    public boolean test(LogLine l) {
        boolean hit = pattern.matcher(l.source()).find() || pattern.matcher(l.text()).find()
                || pattern.matcher(l.source() + " " + l.text()).find();
        return hit != inverted;
    }

    public String text() {
        return text;
    }

    public Pattern pattern() {
        return pattern;
    }

    public boolean inverted() {
        return inverted;
    }

    public Optional<String> error() {
        return error;
    }
}
