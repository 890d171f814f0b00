package dev.rackside.views.console;

import dev.rackside.services.api.LogQuery;
import dev.rackside.services.text.LogJson;
import dev.rackside.services.model.LogLine;
import dev.rackside.services.text.Visible;
import dev.rackside.views.keys.Pane;
import dev.rackside.views.logs.TimeInput;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a Logs location is about, written in its subject as Convox names it: {@code service/web},
 * {@code process/web-7d9c-x2xq}, {@code previous/web-7d9c-x2xq} (the crashed container before it), or
 * nothing for the whole app; a leading {@code all } or {@code cloudwatch } picks the sources.
 */
final class LogSubject {
    /** How far back a pane starts: enough to see what led up to now; the buffer bounds the rest. */
    static final Duration SINCE = Duration.ofMinutes(5);

    private LogSubject() {
    }

    /** The logs of one service. */
    static Location service(Location loc, String service) {
        return loc.withPane(Pane.LOGS).about("service/" + service);
    }

    /** The logs of one process. */
    static Location process(Location loc, String pod) {
        return loc.withPane(Pane.LOGS).about("process/" + pod);
    }

    /** The log of one build (from the rack's API: live while it runs). */
    static Location build(Location loc, String build) {
        return loc.withPane(Pane.LOGS).about("build/" + build);
    }

    /** {@code :logs [pods|cloudwatch|all]}: the whole app (or the subject already open) from those sources. */
    static Optional<Location> command(Location loc, Optional<String> argument) {
        String scope = loc.pane() == Pane.LOGS ? loc.subject().map(LogSubject::scope).orElse("") : "";
        String source = argument.orElse("pods");
        if (!List.of("pods", "cloudwatch", "all").contains(source)) {
            return Optional.empty();
        }
        String subject = (source.equals("pods") ? "" : source + " ") + scope;
        Location base = loc.withPane(Pane.LOGS);
        return Optional.of(subject.isBlank() ? base : base.about(subject.strip()));
    }

    static Optional<Location> previous(Location loc) {
        String scope = loc.subject().map(LogSubject::scope).orElse("");
        if (!scope.startsWith("process/")) {
            return Optional.empty();
        }
        return Optional.of(loc.withPane(Pane.LOGS).about("previous/" + scope.substring("process/".length())));
    }

    private static String scope(String subject) {
        int space = subject.indexOf(' ');
        return space < 0 ? subject : subject.substring(space + 1);
    }

    private static LogQuery.Source source(String subject) {
        if (subject.startsWith("all ")) {
            return LogQuery.Source.ALL;
        }
        return subject.startsWith("cloudwatch ") ? LogQuery.Source.CLOUDWATCH : LogQuery.Source.PODS;
    }

    static LogQuery query(Location loc) {
        String subject = loc.subject().orElse("");
        String scope = scope(subject);
        if (scope.startsWith("build/")) {
            return LogQuery.ofBuild(loc.app().orElseThrow(), scope.substring("build/".length()));
        }
        LogQuery q = LogQuery.follow(loc.app().orElseThrow());
        q = new LogQuery(q.app(), q.service(), q.process(), Optional.of(SINCE), q.tail(), q.follow(), source(subject),
                q.previous(), q.window());
        if (scope.startsWith("service/")) {
            return q.withService(scope.substring("service/".length()));
        }
        if (scope.startsWith("process/")) {
            return q.withProcess(scope.substring("process/".length()));
        }
        if (scope.startsWith("previous/")) {
            return q.withProcess(scope.substring("previous/".length())).previousContainer();
        }
        return q;
    }

    static String title(Location loc) {
        return loc.app().orElse("") + loc.subject().map(s -> " " + s).orElse("");
    }

    /** The line for the detail overlay: the header, then the message in full, JSON indented. */
    static List<String> inFull(LogLine l, int width) {
        List<String> out = new ArrayList<>();
        out.add(LogLine.CONVOX_TIME.format(l.at()) + "  " + l.source() + "  (" + l.origin().name().toLowerCase(
                java.util.Locale.ROOT) + ", " + l.text().length() + " chars)");
        out.add("");
        Optional<String> json = LogJson.pretty(l.text());
        String body = json.orElse(l.text());
        int w = Math.max(20, width);
        for (String line : body.split("\n", -1)) {
            String shown = Visible.line(line, 64 * 1024);
            for (int i = 0; i < shown.length(); i += w) {
                out.add(shown.substring(i, Math.min(shown.length(), i + w)));
            }
            if (shown.isEmpty()) {
                out.add("");
            }
        }
        return out;
    }

    /** {@code ""}: everything; {@code FROM..TO} with either end open. Null ends mean open. */
    static Optional<Instant[]> range(String text, Instant now) {
        String t = text.strip();
        if (t.isEmpty()) {
            return Optional.of(new Instant[] {null, null});
        }
        int dots = t.indexOf("..");
        String from = dots < 0 ? t : t.substring(0, dots);
        String to = dots < 0 ? "" : t.substring(dots + 2);
        Optional<Instant> f = from.isBlank() ? Optional.empty() : TimeInput.parse(from, now);
        Optional<Instant> e = to.isBlank() ? Optional.empty() : TimeInput.parse(to, now);
        if ((!from.isBlank() && f.isEmpty()) || (!to.isBlank() && e.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new Instant[] {f.orElse(null), e.orElse(null)});
    }

    static String fileName(Location loc, Instant now) {
        String what = (loc.app().orElse("app") + loc.subject().map(s -> "-" + s).orElse(""))
                .replaceAll("[^A-Za-z0-9._-]", "-");
        return what + "-" + DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss").withZone(ZoneOffset.UTC).format(now)
                + ".log";
    }
}
