package dev.rackside.services.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * A {@code .dockerignore} read and applied exactly as the Convox CLI applies it when it packages a build
 * (convox 3.24.9 pkg/common/tar.go Tarball): the file read by moby/buildkit's {@code dockerignore.ReadAll}
 * (comments only where a line starts with {@code #}, whitespace trimmed, each pattern cleaned as Go's
 * {@code filepath.Clean} cleans it, a leading {@code /} dropped) and matched by docker v20.10.17's
 * {@code pkg/fileutils.PatternMatcher}: each pattern becomes a regular expression ({@code *} anything but
 * {@code /}, {@code ?} one such character, {@code **} any number of directories, {@code \} escapes), a pattern
 * also matches a path whose leading directories it matches, and the last matching pattern decides, a
 * {@code !} pattern re-including what an earlier one excluded. Both are vendored in convox/convox.
 *
 * <p>No Java library applies Docker's rules (docker-java carries its own Docker client and dependencies to do
 * it), so this follows the Go source line by line; {@code DockerIgnoreTest} holds Docker's documented examples.
 */
public final class DockerIgnore {
    /** One pattern as {@code PatternMatcher} holds it. */
    private record Rule(String cleaned, int dirs, java.util.regex.Pattern regex, boolean exclusion, int line) {
    }

    /** A malformed pattern, named by file and line. */
    public static final class BadPattern extends IllegalArgumentException {
        BadPattern(String message) {
            super(message);
        }
    }

    public static final DockerIgnore NONE = new DockerIgnore(List.of());

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    /** {@code DIR/.dockerignore}, or {@link #NONE} where there is none. */
    public static DockerIgnore of(Path dir) throws IOException {
        Path file = dir.resolve(".dockerignore");
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            return NONE;
        }
    }

    /** The patterns in {@code text}; {@code source} names the file in errors. */
    public static DockerIgnore parse(String text, String source) {
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String pattern = lines[i];
            if (i == 0 && pattern.startsWith("\uFEFF")) {
                pattern = pattern.substring(1);
            }
            // ReadAll: a comment only where the line itself starts with '#', before any trimming.
            if (pattern.startsWith("#")) {
                continue;
            }
            pattern = goTrim(pattern);
            if (pattern.isEmpty()) {
                continue;
            }
            boolean invert = pattern.charAt(0) == '!';
            if (invert) {
                pattern = goTrim(pattern.substring(1));
            }
            if (!pattern.isEmpty()) {
                pattern = GoPath.clean(pattern);
                if (pattern.length() > 1 && pattern.charAt(0) == '/') {
                    pattern = pattern.substring(1);
                }
            }
            // NewPatternMatcher: trimmed and cleaned again, then the '!' split off.
            String p = GoPath.clean(goTrim(invert ? "!" + pattern : pattern));
            boolean exclusion = false;
            if (p.charAt(0) == '!') {
                if (p.length() == 1) {
                    throw new BadPattern(source + ":" + (i + 1) + ": illegal exclusion pattern: \"!\"");
                }
                exclusion = true;
                p = p.substring(1);
            }
            rules.add(new Rule(p, p.split("/", -1).length, compile(p, source, i + 1), exclusion, i + 1));
        }
        return new DockerIgnore(List.copyOf(rules));
    }

    /** True when any pattern re-includes ({@code !...}): then an excluded directory may still be walked. */
    public boolean hasExceptions() {
        return rules.stream().anyMatch(Rule::exclusion);
    }

    /**
     * PatternMatcher.Matches: is {@code path} (relative, {@code /}-separated) excluded? The last pattern that
     * matches it or one of its leading directories decides.
     */
    public boolean excludes(String path) {
        boolean matched = false;
        String parent = GoPath.dir(path);
        String[] parentDirs = parent.split("/", -1);
        for (Rule r : rules) {
            boolean match = r.regex().matcher(path).matches();
            if (!match && !parent.equals(".") && r.dirs() <= parentDirs.length) {
                match = r.regex().matcher(String.join("/", Arrays.copyOfRange(parentDirs, 0, r.dirs()))).matches();
            }
            if (match) {
                matched = !r.exclusion();
            }
        }
        return matched;
    }

    /**
     * TarWithOptions' walk: an excluded directory is still entered when an exception pattern lies below it
     * ({@code !dir/file} keeps {@code dir} walked), else skipped whole.
     */
    public boolean mayReincludeBelow(String dir) {
        String prefix = dir + "/";
        return rules.stream().anyMatch(r -> r.exclusion() && (r.cleaned() + "/").startsWith(prefix));
    }

    /** Pattern.compile of fileutils.go, character by character. */
    private static java.util.regex.Pattern compile(String pattern, String source, int line) {
        StringBuilder re = new StringBuilder("^");
        int[] cps = pattern.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int ch = cps[i];
            if (ch == '*') {
                if (i + 1 < cps.length && cps[i + 1] == '*') {
                    i++;
                    if (i + 1 < cps.length && cps[i + 1] == '/') {
                        i++; // "**/" is "**"
                    }
                    re.append(i + 1 >= cps.length ? ".*" : "(.*/)?");
                } else {
                    re.append("[^/]*");
                }
            } else if (ch == '?') {
                re.append("[^/]");
            } else if (ch == '.' || ch == '$') {
                re.append('\\').appendCodePoint(ch);
            } else if (ch == '\\') {
                if (i + 1 < cps.length) {
                    re.append('\\').appendCodePoint(cps[++i]);
                } else {
                    re.append("\\\\");
                }
            } else {
                // Docker hands every other character to Go's regexp as it is ("[a-z]" is a class there too).
                re.appendCodePoint(ch);
            }
        }
        re.append('$');
        if (!GoPath.wellFormed(pattern)) {
            throw new BadPattern(source + ":" + line + ": syntax error in pattern: " + pattern);
        }
        try {
            return java.util.regex.Pattern.compile(re.toString(), java.util.regex.Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new BadPattern(source + ":" + line + ": syntax error in pattern: " + pattern);
        }
    }

    /** Go's strings.TrimSpace: Unicode white space at both ends. */
    private static String goTrim(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && (Character.isWhitespace(s.charAt(b)) || s.charAt(b) == '\u0085' || s.charAt(b) == '\u00A0')) {
            b++;
        }
        while (e > b && (Character.isWhitespace(s.charAt(e - 1)) || s.charAt(e - 1) == '\u0085'
                || s.charAt(e - 1) == '\u00A0')) {
            e--;
        }
        return s.substring(b, e);
    }
}
