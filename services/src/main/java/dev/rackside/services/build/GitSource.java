package dev.rackside.services.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the Convox CLI asks git about a build's source (convox 3.24.9 pkg/cli/builds.go build): the
 * {@code git-sha} is {@code git -C DIR rev-parse HEAD}; the default description, when the tree is clean
 * ({@code git diff --quiet}), is {@code build <%h %s>} of {@code git log -n 1 --abbrev=10}. The CLI asks the
 * last two of its working directory; rackside asks them of DIR, the source actually built, so
 * {@code rackside deploy ../other} is not described by the directory it was typed in. No git, or not a
 * checkout: nothing, as in the CLI.
 */
public final class GitSource {
    private GitSource() {
    }

    public static Optional<String> headSha(Path dir) {
        return git(dir, "rev-parse", "HEAD").map(String::strip).filter(s -> s.matches("[0-9a-f]{40,64}"));
    }

    public static Optional<String> description(Path dir) {
        if (git(dir, "diff", "--quiet").isEmpty()) {
            return Optional.empty();
        }
        return git(dir, "log", "-n", "1", "--pretty=%h %s", "--abbrev=10").map(String::strip)
                .filter(s -> !s.isEmpty()).map(s -> "build " + s);
    }

    /** git's output when it exits 0 within 10 s, else nothing. */
    private static Optional<String> git(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(64 * 1024);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(new String(out, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
