package dev.rackside.views.console;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The console's one line editor, behind the {@code :} command line, the {@code /} filters, the log search and
 * every question: a cursor that moves ({@code ←}/{@code →}, Home/End, Ctrl-A/E), Backspace/Delete, Ctrl-U and
 * Ctrl-W, an optional history ({@code ↑}/{@code ↓}) and Tab completion, a check that runs as the text is typed,
 * and a listener for editors whose effect is live (a filter). Enter submits, Esc cancels.
 */
public final class LineEditor {
    /** What became of a key. */
    public enum Result { EDITING, SUBMITTED, CANCELLED }

    private final String label;
    private final StringBuilder text;
    private int cursor;
    private final Function<String, Optional<String>> check;
    private final Consumer<String> onChange;
    private final History history;
    private final Function<String, String> completer;

    /** Lines remembered across uses of one editor kind (the command line's). */
    public static final class History {
        private static final int MAX = 50;
        private final List<String> lines = new ArrayList<>();
        private int at;

        void remember(String line) {
            if (!line.isBlank() && (lines.isEmpty() || !lines.get(lines.size() - 1).equals(line))) {
                lines.add(line);
                if (lines.size() > MAX) {
                    lines.remove(0);
                }
            }
            at = lines.size();
        }

        void reset() {
            at = lines.size();
        }
    }

    private LineEditor(String label, String initial, Function<String, Optional<String>> check,
            Consumer<String> onChange, History history, Function<String, String> completer) {
        this.label = label;
        this.text = new StringBuilder(initial);
        this.cursor = initial.length();
        this.check = check;
        this.onChange = onChange;
        this.history = history;
        this.completer = completer;
        if (history != null) {
            history.reset();
        }
    }

    /** A question: {@code check} says what is wrong with the text so far (empty: fine). */
    public static LineEditor question(String label, String initial, Function<String, Optional<String>> check) {
        return new LineEditor(label, initial, check, t -> { }, null, null);
    }

    /** A live editor: {@code onChange} gets the text after every key (a filter narrowing as it is typed). */
    public static LineEditor live(String label, String initial, Consumer<String> onChange) {
        return new LineEditor(label, initial, t -> Optional.empty(), onChange, null, null);
    }

    /** The command line: history and completion ({@code completer} gives the completed text, or the same). */
    public static LineEditor command(History history, Function<String, String> completer) {
        return new LineEditor(":", "", t -> Optional.empty(), t -> { }, history, completer);
    }

    public String text() {
        return text.toString();
    }

    public String label() {
        return label;
    }

    public int cursor() {
        return cursor;
    }

    /** What is wrong with the text as it stands, shown beside it. */
    public Optional<String> problem() {
        return text.length() == 0 ? Optional.empty() : check.apply(text.toString());
    }

    /** Whether Enter may submit: the check passes on what was typed. */
    public boolean acceptable() {
        return check.apply(text.toString()).isEmpty();
    }

    public Result key(KeyStroke k) {
        KeyType t = k.getKeyType();
        boolean ctrl = k.isCtrlDown() && t == KeyType.Character;
        if (ctrl) {
            switch (Character.toLowerCase(k.getCharacter())) {
                case 'a' -> cursor = 0;
                case 'e' -> cursor = text.length();
                case 'u' -> {
                    text.delete(0, cursor);
                    cursor = 0;
                    onChange.accept(text.toString());
                }
                case 'w' -> {
                    int from = cursor;
                    while (from > 0 && text.charAt(from - 1) == ' ') {
                        from--;
                    }
                    while (from > 0 && text.charAt(from - 1) != ' ') {
                        from--;
                    }
                    text.delete(from, cursor);
                    cursor = from;
                    onChange.accept(text.toString());
                }
                default -> {
                }
            }
            return Result.EDITING;
        }
        switch (t) {
            case Escape:
                return Result.CANCELLED;
            case Enter:
                if (!acceptable()) {
                    return Result.EDITING;
                }
                if (history != null) {
                    history.remember(text.toString());
                }
                return Result.SUBMITTED;
            case Backspace:
                if (cursor > 0) {
                    text.deleteCharAt(--cursor);
                    onChange.accept(text.toString());
                }
                break;
            case Delete:
                if (cursor < text.length()) {
                    text.deleteCharAt(cursor);
                    onChange.accept(text.toString());
                }
                break;
            case ArrowLeft:
                cursor = Math.max(0, cursor - 1);
                break;
            case ArrowRight:
                cursor = Math.min(text.length(), cursor + 1);
                break;
            case Home:
                cursor = 0;
                break;
            case End:
                cursor = text.length();
                break;
            case ArrowUp:
                if (history != null && history.at > 0) {
                    set(history.lines.get(--history.at));
                }
                break;
            case ArrowDown:
                if (history != null) {
                    if (history.at < history.lines.size() - 1) {
                        set(history.lines.get(++history.at));
                    } else {
                        history.at = history.lines.size();
                        set("");
                    }
                }
                break;
            case Tab:
                if (completer != null) {
                    set(completer.apply(text.toString()));
                }
                break;
            case Character:
                text.insert(cursor++, k.getCharacter());
                onChange.accept(text.toString());
                break;
            default:
                break;
        }
        return Result.EDITING;
    }

    private void set(String s) {
        text.setLength(0);
        text.append(s);
        cursor = s.length();
        onChange.accept(s);
    }

    /** The bottom line: the label, the text with the cursor as a block, and the check's verdict. */
    public String render() {
        return render(Integer.MAX_VALUE);
    }

    /**
     * The line fitted to {@code width}: what is typed and what is wrong with it stay whole; the question gives way
     * from its start, so on an 80-column terminal the refusal of {@code 10000} is read, not cut off.
     */
    public String render(int width) {
        String t = text.toString();
        String shown = t.substring(0, cursor) + "█" + t.substring(cursor);
        String problem = problem().map(p -> "   (" + p + ")").orElse("");
        int room = width - shown.length() - problem.length();
        String question = label;
        if (question.length() > room) {
            question = room > 1 ? "…" + label.substring(label.length() - (room - 1)) : "";
        }
        return question + shown + problem;
    }
}
