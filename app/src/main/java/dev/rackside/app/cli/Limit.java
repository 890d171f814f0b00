package dev.rackside.app.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** {@code --limit N}: the Convox CLI shows the newest 10 releases and builds unless told otherwise. */
public final class Limit {
    @Option(names = "--limit", defaultValue = "10", paramLabel = "N",
            description = "Show the newest N (0 = all). Default: ${DEFAULT-VALUE}, as the Convox CLI.")
    int limit;

    public <T> List<T> apply(List<T> newestFirst) {
        return limit > 0 && newestFirst.size() > limit ? newestFirst.subList(0, limit) : newestFirst;
    }
}
