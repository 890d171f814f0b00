package dev.rackside.views.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The {@code :} commands, one table: each command's name (and aliases), its help line, what it does, and what
 * completes its argument. The command line, Tab completion and help all read this table, so adding a command is
 * one row here.
 */
public final class Commands {

    /** One command. {@code run} gets the argument (empty when none was typed). */
    public record Command(List<String> names, String usage, String help, BiConsumer<Console, Optional<String>> run,
            Function<Console, List<String>> completer) {
    }

    private final List<Command> table;

    public Commands(List<Command> table) {
        this.table = List.copyOf(table);
    }

    public List<Command> all() {
        return table;
    }

    public Optional<Command> find(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return table.stream().filter(c -> c.names().contains(n)).findFirst();
    }

    /** Runs a typed line; unknown commands get a "did you mean". */
    public void run(Console console, String line) {
        String t = line.trim();
        if (t.isEmpty()) {
            return;
        }
        int space = t.indexOf(' ');
        String name = space < 0 ? t : t.substring(0, space);
        Optional<String> arg = space < 0 ? Optional.empty() : Optional.of(t.substring(space + 1).trim())
                .filter(s -> !s.isEmpty());
        Optional<Command> c = find(name);
        if (c.isEmpty()) {
            List<String> names = new ArrayList<>();
            table.forEach(x -> names.addAll(x.names()));
            String hint = dev.rackside.services.text.Suggest.closest(name, names).map(s -> " (did you mean :" + s + "?)")
                    .orElse(" (:help lists them)");
            console.message("unknown command :" + name + hint);
            return;
        }
        c.get().run().accept(console, arg);
    }

    /**
     * Completes the word being typed: a command name, or the command's argument from its completer. Several
     * candidates complete to their common prefix; a unique command that takes an argument gets its space.
     */
    public String complete(Console console, String text) {
        int space = text.indexOf(' ');
        List<String> candidates = new ArrayList<>();
        String word;
        Optional<Command> cmd = Optional.empty();
        if (space < 0) {
            word = text;
            table.forEach(c -> candidates.addAll(c.names()));
        } else {
            word = text.substring(space + 1);
            cmd = find(text.substring(0, space));
            cmd.ifPresent(c -> candidates.addAll(c.completer().apply(console)));
        }
        List<String> hits = candidates.stream().filter(c -> c.startsWith(word)).distinct().toList();
        if (hits.isEmpty()) {
            return text;
        }
        String prefix = hits.get(0);
        for (String h : hits) {
            int i = 0;
            while (i < prefix.length() && i < h.length() && prefix.charAt(i) == h.charAt(i)) {
                i++;
            }
            prefix = prefix.substring(0, i);
        }
        String head = space < 0 ? "" : text.substring(0, space + 1);
        String done = head + prefix;
        if (hits.size() == 1 && space < 0 && find(prefix).map(c -> c.usage().contains(" ")).orElse(false)) {
            done += " ";
        }
        return done;
    }
}
