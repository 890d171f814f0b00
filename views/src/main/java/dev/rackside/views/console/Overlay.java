package dev.rackside.views.console;

import com.googlecode.lanterna.input.KeyStroke;
import dev.rackside.views.keys.Key;
import java.util.List;

/** Text over the pane (help, describe, a log line or a record in full): scrolls, and any of Esc/q/? closes it. */
final class Overlay {
    private final String title;
    private final List<String> lines;
    private int scroll;

    Overlay(String title, List<String> lines) {
        this.title = title;
        this.lines = List.copyOf(lines);
    }

    String title() {
        return title;
    }

    List<String> lines() {
        return lines;
    }

    int scroll() {
        return scroll;
    }

    private int wrappedFor = -1;
    private List<String> wrapped = List.of();

    /** The lines as shown {@code columns} wide: long ones wrapped, never cut (a finding's detail, a YAML value). */
    List<String> shown(int columns) {
        if (columns != wrappedFor) {
            List<String> out = new java.util.ArrayList<>();
            for (String l : lines) {
                out.addAll(dev.rackside.views.table.Cells.wrap(dev.rackside.views.table.Cells.clean(l), columns));
            }
            wrapped = out;
            wrappedFor = columns;
            scroll = Math.min(scroll, Math.max(0, out.size() - 1));
        }
        return wrapped;
    }

    /** Handles a key; false when the overlay should close. */
    boolean key(KeyStroke k, int page) {
        String key = Key.of(k).map(Key::spec).orElse("");
        int max = Math.max(0, (wrappedFor < 0 ? lines : wrapped).size() - 1);
        switch (key) {
            case "esc", "q", "?" -> {
                return false;
            }
            case "j", "down" -> scroll = Math.min(max, scroll + 1);
            case "k", "up" -> scroll = Math.max(0, scroll - 1);
            case "pgdn", " " -> scroll = Math.min(max, scroll + page);
            case "pgup" -> scroll = Math.max(0, scroll - page);
            case "g", "home" -> scroll = 0;
            case "G", "end" -> scroll = max;
            default -> {
            }
        }
        return true;
    }
}
