package dev.rackside.services.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Docker's documented {@code .dockerignore} examples (docs.docker.com, "Build context: .dockerignore files")
 * and the corners of docker v20.10.17 fileutils / buildkit dockerignore.ReadAll that the Convox CLI inherits.
 */
class DockerIgnoreTest {
    private static DockerIgnore of(String... lines) {
        return DockerIgnore.parse(String.join("\n", lines), ".dockerignore");
    }

    @Test
    void theDocumentedExampleFile() {
        DockerIgnore d = of("# comment", "*/temp*", "*/*/temp*", "temp?");
        // "*/temp*": files and directories starting with temp in any immediate subdirectory of the root
        assertTrue(d.excludes("somedir/temporary.txt"));
        assertTrue(d.excludes("somedir/temp"));
        assertTrue(d.excludes("somedir/temp/inside.txt"), "a match on a leading directory excludes what is below");
        assertFalse(d.excludes("temporary.txt"), "not at the root");
        // "*/*/temp*": two levels below the root
        assertTrue(d.excludes("somedir/subdir/temporary.txt"));
        // "temp?": one character after temp, in the root
        assertTrue(d.excludes("tempa"));
        assertTrue(d.excludes("tempb"));
        assertFalse(d.excludes("temp"));
        assertFalse(d.excludes("tempab"));
        assertFalse(d.excludes("a/b/c/tempa"), "temp? is anchored at the root, the others stop two levels down");
    }

    @Test
    void doubleStarMatchesAnyNumberOfDirectoriesIncludingNone() {
        DockerIgnore d = of("**/*.go");
        assertTrue(d.excludes("main.go"));
        assertTrue(d.excludes("cmd/rackside/main.go"));
        assertFalse(d.excludes("main.go.txt"));
        DockerIgnore trailing = of("vendor/**");
        assertTrue(trailing.excludes("vendor/a/b/c"));
    }

    @Test
    void exceptionsAndTheirOrderAsDocumented() {
        // "*.md" then "!README.md": no markdown files except README.md
        DockerIgnore a = of("*.md", "!README.md");
        assertTrue(a.excludes("CHANGES.md"));
        assertFalse(a.excludes("README.md"));
        // "*.md", "!README*.md", "README-secret.md": README files kept, except README-secret.md
        DockerIgnore b = of("*.md", "!README*.md", "README-secret.md");
        assertFalse(b.excludes("README-public.md"));
        assertTrue(b.excludes("README-secret.md"));
        // "*.md", "README-secret.md", "!README*.md": every README file kept, README-secret.md too (the last wins)
        DockerIgnore c = of("*.md", "README-secret.md", "!README*.md");
        assertFalse(c.excludes("README-secret.md"));
        assertTrue(c.hasExceptions());
    }

    @Test
    void readAllCleansPatternsAndKeepsCommentsOnlyAtTheLineStart() {
        DockerIgnore d = of("\uFEFF/log", "  tmp/  ", "./a/../b", " # not a comment", "#real comment", "", "  ");
        assertTrue(d.excludes("log"), "the BOM and the leading slash are dropped");
        assertTrue(d.excludes("log/development.log"));
        assertTrue(d.excludes("tmp"), "trimmed and cleaned: tmp/ is tmp");
        assertTrue(d.excludes("b"), "./a/../b cleans to b");
        assertFalse(d.excludes("a"));
        assertTrue(d.excludes("# not a comment"), "after leading spaces '#' is part of a pattern");
        assertFalse(d.excludes("#real comment"));
    }

    @Test
    void escapesAndRegexCharacters() {
        DockerIgnore d = of("file\\*name", "a.b", "x$");
        assertTrue(d.excludes("file*name"));
        assertFalse(d.excludes("filexname"));
        assertTrue(d.excludes("a.b"));
        assertFalse(d.excludes("axb"), "'.' is literal");
        assertTrue(d.excludes("x$"));
        assertTrue(of("[abc].txt").excludes("b.txt"));
        assertFalse(of("[abc].txt").excludes("d.txt"));
    }

    @Test
    void anExcludedDirectoryIsWalkedOnlyWhenAnExceptionLiesBelowIt() {
        DockerIgnore d = of("docs", "!docs/keep.md");
        assertTrue(d.excludes("docs"));
        assertTrue(d.mayReincludeBelow("docs"));
        assertFalse(d.excludes("docs/keep.md"));
        assertTrue(d.excludes("docs/other.md"));
        assertFalse(d.mayReincludeBelow("build"));
    }

    @Test
    void malformedPatternsNameTheFileAndLine() {
        DockerIgnore.BadPattern bang = assertThrows(DockerIgnore.BadPattern.class, () -> of("log", "!"));
        assertEquals(".dockerignore:2: illegal exclusion pattern: \"!\"", bang.getMessage());
        DockerIgnore.BadPattern bracket = assertThrows(DockerIgnore.BadPattern.class, () -> of("ok", "# c", "[abc"));
        assertEquals(".dockerignore:3: syntax error in pattern: [abc", bracket.getMessage());
        assertThrows(DockerIgnore.BadPattern.class, () -> of("trailing\\"));
    }

    @Test
    void goPathCleanAsGoCleans() {
        assertEquals(".", GoPath.clean(""));
        assertEquals("a/b", GoPath.clean("a//b/"));
        assertEquals("../a", GoPath.clean("../a"));
        assertEquals("/a", GoPath.clean("/../a"));
        assertEquals("b", GoPath.clean("a/../b"));
        assertEquals(".", GoPath.dir("file"));
        assertEquals("a/b", GoPath.dir("a/b/c"));
    }
}
