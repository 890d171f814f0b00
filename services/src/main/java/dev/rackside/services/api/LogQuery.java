package dev.rackside.services.api;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What to tail: an app, optionally narrowed to one service or one process (pod), from {@code since} ago
 * (or the last {@code tail} lines of each stream), following or not, from which sources.
 *
 * @param previous the previous (crashed) container's logs of {@code process} instead of the current one
 * @param window   how long a line waits so that slower streams' earlier lines can still go before it
 * @param build    the log of this build instead (the rack API's build log: live while it runs, then stored)
 */
public record LogQuery(String app, Optional<String> service, Optional<String> process, Optional<Duration> since,
        OptionalInt tail, boolean follow, Source source, boolean previous, Duration window, Optional<String> build) {

    public LogQuery(String app, Optional<String> service, Optional<String> process, Optional<Duration> since,
            OptionalInt tail, boolean follow, Source source, boolean previous, Duration window) {
        this(app, service, process, since, tail, follow, source, previous, window, Optional.empty());
    }

    /** One build's log, as {@code convox builds logs} streams it: until the build ends. */
    public static LogQuery ofBuild(String app, String build) {
        return new LogQuery(app, Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), true,
                Source.PODS, false, DEFAULT_WINDOW, Optional.of(build));
    }

    public static final Duration DEFAULT_WINDOW = Duration.ofMillis(250);

    /** {@code pods}: pod streams and the app's Kubernetes events; {@code cloudwatch}: the rack's log group. */
    public enum Source { PODS, CLOUDWATCH, ALL;

        public boolean pods() {
            return this != CLOUDWATCH;
        }

        public boolean cloudwatch() {
            return this != PODS;
        }
    }

    public static LogQuery follow(String app) {
        return new LogQuery(app, Optional.empty(), Optional.empty(), Optional.of(Duration.ofMinutes(2)),
                OptionalInt.empty(), true, Source.PODS, false, DEFAULT_WINDOW);
    }

    public LogQuery withService(String s) {
        return new LogQuery(app, Optional.of(s), process, since, tail, follow, source, previous, window);
    }

    public LogQuery withProcess(String p) {
        return new LogQuery(app, service, Optional.of(p), since, tail, follow, source, previous, window);
    }

    public LogQuery previousContainer() {
        return new LogQuery(app, service, process, Optional.empty(), tail, false, Source.PODS, true, window);
    }

    /** Whether a pod with this name and service label is in the query's scope. */
    public boolean covers(String pod, String podService) {
        return process.map(pod::equals).orElse(true) && service.map(s -> s.equals(podService)).orElse(true);
    }
}
