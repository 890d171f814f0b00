package dev.rackside.views.table;

import dev.rackside.services.model.App;
import dev.rackside.services.model.Build;
import dev.rackside.services.model.Process;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.RackFacts;
import dev.rackside.services.model.Release;
import dev.rackside.services.model.Resource;
import dev.rackside.services.model.Service;
import dev.rackside.services.text.Humanize;
import dev.rackside.views.table.Row.Tone;
import java.time.Instant;
import java.util.List;

/** Model records to table rows, with the Convox CLI's columns (the same as the headless commands). */
public final class PaneRows {
    public static final List<String> RACKS = List.of("NAME", "PROVIDER", "STATUS", "CONTEXT", "REGION", "VERSION",
            "TIER");
    public static final List<String> APPS = List.of("APP", "STATUS", "RELEASE");
    public static final List<String> PROCESSES = List.of("ID", "SERVICE", "STATUS", "RELEASE", "STARTED", "COMMAND");
    public static final List<String> SERVICES = List.of("SERVICE", "DOMAIN", "PORTS", "DESIRED", "RUNNING", "CPU",
            "MEMORY", "MIN", "MAX");
    public static final List<String> RELEASES = List.of("ID", "STATUS", "BUILD", "CREATED", "DESCRIPTION");
    public static final List<String> BUILDS = List.of("ID", "STATUS", "RELEASE", "STARTED", "ELAPSED", "DESCRIPTION");
    public static final List<String> RESOURCES = List.of("NAME", "TYPE", "URL");
    public static final List<String> HISTORY = List.of("TIME", "ACTION", "RACK", "APP", "RESULT", "OPERATOR",
            "DETAILS");

    /** A journal record (newest first in the pane); intents without an outcome yet show as "started". */
    public static Row history(java.util.Map<String, String> r, Instant now) {
        String result = r.getOrDefault("kind", "").equals("intent") ? "started" : r.getOrDefault("result", "");
        Tone tone = switch (result) {
            case "ok" -> Tone.OK;
            case "error" -> Tone.FAIL;
            default -> Tone.MUTED;
        };
        String when = r.containsKey("time") ? Humanize.ago(Instant.parse(r.get("time")), now) : "";
        String details = r.containsKey("error") ? r.get("error") : r.getOrDefault("params", "");
        return Row.of(r.getOrDefault("hash", String.valueOf(r.hashCode())), tone, 4, when, r.getOrDefault("action", ""),
                r.getOrDefault("rack", ""), r.getOrDefault("app", ""), result, r.getOrDefault("operator", ""), details);
    }

    private PaneRows() {
    }

    public static Row rack(Rack r) {
        Tone tone = switch (r.status()) {
            case RUNNING -> Tone.OK;
            case UNREACHABLE, NOT_FOUND -> Tone.FAIL;
            default -> Tone.MUTED;
        };
        return Row.of(r.name(), tone, 2, r.name(), r.provider(), r.status().label(), r.context().orElse("-"),
                r.effectiveRegion().orElse("-"),
                r.facts().map(RackFacts::version).filter(v -> !v.isEmpty()).orElse("-"),
                r.tier().label() + (r.readOnly() ? " (read-only)" : ""));
    }

    public static Row app(App a) {
        Tone tone = switch (a.status()) {
            case "running" -> a.problems().isEmpty() ? Tone.OK : Tone.WARN;
            case "updating" -> Tone.WARN;
            case "rollback" -> Tone.FAIL;
            default -> Tone.MUTED;
        };
        String status = a.status() + (a.locked() ? " (locked)" : "") + (a.problems().isEmpty() ? "" : " ⚠");
        return Row.of(a.name(), tone, 1, a.name(), status, a.release().orElse(""));
    }

    public static Row process(Process p, Instant now) {
        Tone tone = switch (p.status()) {
            case "running" -> Tone.OK;
            case "starting", "pending" -> Tone.WARN;
            case "unhealthy", "crashed", "failed" -> Tone.FAIL;
            default -> Tone.MUTED;
        };
        return Row.of(p.id(), tone, 2, p.id(), p.service(), p.status(), p.release(),
                p.started().map(s -> Humanize.ago(s, now)).orElse(""), p.command());
    }

    public static Row service(Service s) {
        Tone tone = s.running() < s.desired() ? Tone.WARN : Tone.NORMAL;
        return Row.of(s.name(), tone, 4, s.name(), s.domain(), String.join(" ", s.ports()),
                String.valueOf(s.desired()), String.valueOf(s.running()), String.valueOf(s.cpu()),
                String.valueOf(s.memory()), s.min().map(String::valueOf).orElse("-"),
                s.max().map(String::valueOf).orElse("-"));
    }

    public static Row release(Release r, Instant now) {
        return Row.of(r.id(), "active".equals(r.status()) ? Tone.OK : Tone.NORMAL, 1, r.id(), r.status(), r.build(),
                r.created().map(c -> Humanize.ago(c, now)).orElse(""), r.description());
    }

    public static Row build(Build b, Instant now) {
        Tone tone = switch (b.status()) {
            case "complete" -> Tone.OK;
            case "running", "created" -> Tone.WARN;
            case "failed" -> Tone.FAIL;
            default -> Tone.NORMAL;
        };
        return Row.of(b.id(), tone, 1, b.id(), b.status(), b.release(),
                b.started().map(s -> Humanize.ago(s, now)).orElse(""),
                b.elapsed().map(Humanize::elapsed).orElse(""), b.description());
    }

    public static Row resource(Resource r) {
        return Row.of(r.name(), Tone.NORMAL, -1, r.name(), r.type(), r.url());
    }
}
