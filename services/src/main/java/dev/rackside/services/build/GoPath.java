package dev.rackside.services.build;

import java.util.ArrayDeque;
import java.util.Deque;

/** The few of Go's {@code path/filepath} functions (on Unix) that Docker's ignore rules are defined by. */
final class GoPath {
    private GoPath() {
    }

    /** filepath.Clean: one separator at a time, no {@code .} elements, {@code ..} resolved lexically. */
    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.startsWith("/");
        Deque<String> out = new ArrayDeque<>();
        for (String e : path.split("/")) {
            if (e.isEmpty() || e.equals(".")) {
                continue;
            }
            if (e.equals("..")) {
                if (!out.isEmpty() && !out.peekLast().equals("..")) {
                    out.removeLast();
                } else if (!rooted) {
                    out.addLast("..");
                }
                continue;
            }
            out.addLast(e);
        }
        String joined = String.join("/", out);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** filepath.Dir: all but the last element, cleaned; {@code .} for a bare name. */
    static String dir(String path) {
        int slash = path.lastIndexOf('/');
        return clean(slash < 0 ? "" : path.substring(0, slash + 1));
    }

    /**
     * Whether filepath.Match accepts the pattern (Docker calls it only for its error): every {@code [} closed
     * with at least one character inside, and no {@code \} at the very end.
     */
    static boolean wellFormed(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                if (i + 1 >= pattern.length()) {
                    return false;
                }
                i++;
            } else if (c == '[') {
                int j = i + 1;
                if (j < pattern.length() && pattern.charAt(j) == '^') {
                    j++;
                }
                boolean any = false;
                while (j < pattern.length() && (pattern.charAt(j) != ']' || !any)) {
                    if (pattern.charAt(j) == '\\') {
                        j++;
                    }
                    any = true;
                    j++;
                }
                if (j >= pattern.length()) {
                    return false;
                }
                i = j;
            }
        }
        return true;
    }
}
