package dev.rackside.views.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code :} prompt: the text being typed, Tab completion from the command list and the names the
 * console knows, and a bounded history walked with the arrow keys.
 */
final class CommandLine {
    static final List<String> COMMANDS = List.of("racks", "rack", "apps", "app", "ps", "services", "releases",
            "builds", "resources", "logs", "compliance", "history", "help", "q", "quit");
    private static final int HISTORY = 50;

    private final StringBuilder text = new StringBuilder();
    private final List<String> history = new ArrayList<>();
    private int historyAt;

    String text() {
        return text.toString();
    }

    void clear() {
        text.setLength(0);
        historyAt = history.size();
    }

    void type(char c) {
        text.append(c);
    }

    void backspace() {
        if (text.length() > 0) {
            text.setLength(text.length() - 1);
        }
    }

    /** Remembers a command that was run, newest last. */
    void remember(String command) {
        if (!command.isBlank() && (history.isEmpty() || !history.get(history.size() - 1).equals(command))) {
            history.add(command);
            if (history.size() > HISTORY) {
                history.remove(0);
            }
        }
        historyAt = history.size();
    }

    void older() {
        if (historyAt > 0) {
            historyAt--;
            text.setLength(0);
            text.append(history.get(historyAt));
        }
    }

    void newer() {
        if (historyAt < history.size() - 1) {
            historyAt++;
            text.setLength(0);
            text.append(history.get(historyAt));
        } else {
            historyAt = history.size();
            text.setLength(0);
        }
    }

    /**
     * Completes the word being typed: a command name, or after {@code rack}/{@code app} a name from
     * {@code names}. Several candidates complete to their common prefix.
     */
    void complete(Function<String, List<String>> names) {
        String t = text.toString();
        int space = t.indexOf(' ');
        List<String> candidates;
        String word;
        if (space < 0) {
            word = t;
            candidates = COMMANDS;
        } else {
            word = t.substring(space + 1);
            candidates = names.apply(t.substring(0, space));
        }
        List<String> hits = candidates.stream().filter(c -> c.startsWith(word)).toList();
        if (hits.isEmpty()) {
            return;
        }
        String prefix = hits.get(0);
        for (String h : hits) {
            int i = 0;
            while (i < prefix.length() && i < h.length() && prefix.charAt(i) == h.charAt(i)) {
                i++;
            }
            prefix = prefix.substring(0, i);
        }
        String head = space < 0 ? "" : t.substring(0, space + 1);
        text.setLength(0);
        text.append(head).append(prefix);
        if (hits.size() == 1 && space < 0 && (prefix.equals("rack") || prefix.equals("app"))) {
            text.append(' ');
        }
    }

    /** The command word and its argument. */
    record Parsed(String command, Optional<String> argument) {
    }

    static Parsed parse(String line) {
        String t = line.trim();
        int space = t.indexOf(' ');
        if (space < 0) {
            return new Parsed(t, Optional.empty());
        }
        return new Parsed(t.substring(0, space), Optional.of(t.substring(space + 1).trim()).filter(s -> !s.isEmpty()));
    }
}
