package dev.rackside.services.api;

import dev.rackside.services.api.Columns.Tone;
import dev.rackside.services.model.App;
import dev.rackside.services.model.Build;
import dev.rackside.services.model.Process;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.RackFacts;
import dev.rackside.services.model.Release;
import dev.rackside.services.model.Resource;
import dev.rackside.services.model.Service;
import dev.rackside.services.text.Humanize;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables of the Convox nouns, defined once for {@code rackside <noun>} and the console's panes. Convox's
 * columns come first with Convox's headers and values (convox 3.24.9 pkg/cli: racks.go, apps.go, ps.go,
 * services.go, scale.go, releases.go, builds.go, resources.go); what more rackside knows follows them.
 */
public final class Tables {
    private Tables() {
    }

    /** {@code convox racks}: NAME PROVIDER STATUS; then CONTEXT REGION VERSION TIER. */
    public static final Columns<Rack> RACKS = new Columns<>(List.of(
            Column.of("NAME", (r, now) -> r.name()),
            Column.of("PROVIDER", (r, now) -> r.provider()),
            Column.of("STATUS", (r, now) -> r.status().label()),
            Column.of("CONTEXT", (r, now) -> r.context().orElse("-")),
            Column.of("REGION", (r, now) -> r.effectiveRegion().orElse("-")),
            Column.of("VERSION", (r, now) -> r.facts().map(RackFacts::version).filter(v -> !v.isEmpty()).orElse("-")),
            Column.wide("TIER", (r, now) -> r.tier() == dev.rackside.services.model.Tier.UNSET
                    ? (r.readOnly() ? "(read-only)" : "") : r.tier().label() + (r.readOnly() ? " (read-only)" : ""), 1)),
            Rack::name, r -> switch (r.status()) {
                case RUNNING -> Tone.OK;
                case UNREACHABLE, NOT_FOUND -> Tone.FAIL;
                default -> Tone.MUTED;
            }, 2);

    /** {@code convox apps}: APP STATUS RELEASE (the bare status); then LOCKED and HEALTH. */
    public static final Columns<App> APPS = new Columns<>(List.of(
            Column.of("APP", (a, now) -> a.name()),
            Column.of("STATUS", (a, now) -> a.status()),
            Column.of("RELEASE", (a, now) -> a.release().orElse("")),
            Column.of("LOCKED", (a, now) -> a.locked() ? "locked" : ""),
            Column.wide("HEALTH", (a, now) -> a.health() + (a.problems().isEmpty() ? "" : " ⚠"), 1)),
            App::name, a -> switch (a.status()) {
                case "running" -> a.problems().isEmpty() && a.healthy() ? Tone.OK : Tone.WARN;
                case "updating" -> Tone.WARN;
                case "rollback" -> Tone.FAIL;
                default -> Tone.MUTED;
            }, 1);

    /**
     * {@code convox ps}: ID SERVICE STATUS RELEASE STARTED COMMAND; then READY RESTARTS WAITING and the
     * process's use of CPU (millicores; % of its request) and memory (MiB; % of its limit) from metrics.k8s.io,
     * {@code n/a} where the cluster has none.
     */
    public static final Columns<Process> PROCESSES = new Columns<>(List.of(
            Column.of("ID", (p, now) -> p.id()),
            Column.of("SERVICE", (p, now) -> p.service()),
            Column.of("STATUS", (p, now) -> p.status()),
            Column.of("RELEASE", (p, now) -> p.release()),
            Column.of("STARTED", (p, now) -> p.started().map(s -> Humanize.ago(s, now)).orElse("")),
            Column.wide("COMMAND", (p, now) -> p.command(), 3),
            Column.of("READY", (p, now) -> p.containers() == 0 ? "" : p.ready() + "/" + p.containers()),
            Column.of("RESTARTS", (p, now) -> String.valueOf(p.restarts())),
            Column.wide("WAITING", (p, now) -> p.waiting().orElse(""), 2),
            Column.wide("CPU", (p, now) -> p.usage().cpu(), 1),
            Column.wide("%CPU/R", (p, now) -> p.usage().cpuOfRequest(), 1),
            Column.wide("MEM", (p, now) -> p.usage().memory(), 1),
            Column.wide("%MEM/L", (p, now) -> p.usage().memoryOfLimit(), 1)),
            Process::id, p -> switch (p.status()) {
                case "running" -> Tone.OK;
                case "starting", "pending" -> Tone.WARN;
                case "unhealthy", "crashed", "failed" -> Tone.FAIL;
                default -> Tone.MUTED;
            }, 2);

    /**
     * {@code convox services} as 3.24.9 prints it for these rows: SERVICE DOMAIN PORTS, then SCALE (when any
     * service has a range), AUTOSCALE (when any autoscales), COLD (when any is cold); then rackside's DESIRED
     * RUNNING READY CPU MEMORY (what each process asks for) and CPU USED / MEM USED (its processes together,
     * from metrics.k8s.io).
     */
    public static Columns<Service> services(List<Service> rows) {
        List<Column<Service>> cols = new ArrayList<>(List.of(
                Column.of("SERVICE", (s, now) -> s.name()),
                Column.wide("DOMAIN", (s, now) -> s.domain(), 4),
                Column.of("PORTS", (s, now) -> String.join(" ", s.ports()))));
        if (rows.stream().anyMatch(s -> s.min().isPresent() || s.max().isPresent())) {
            cols.add(Column.of("SCALE", (s, now) -> s.scaleCell()));
        }
        if (rows.stream().anyMatch(s -> s.autoscale().isPresent())) {
            cols.add(Column.wide("AUTOSCALE", (s, now) -> s.autoscale().orElse("-"), 2));
        }
        if (rows.stream().anyMatch(Service::cold)) {
            cols.add(Column.of("COLD", (s, now) -> s.cold() ? "yes" : "-"));
        }
        cols.add(Column.of("DESIRED", (s, now) -> String.valueOf(s.desired())));
        cols.add(Column.of("RUNNING", (s, now) -> String.valueOf(s.running())));
        cols.add(Column.of("READY", (s, now) -> s.ready() + "/" + s.pods()));
        cols.add(Column.wide("CPU", (s, now) -> String.valueOf(s.cpu()), 1));
        cols.add(Column.wide("MEMORY", (s, now) -> String.valueOf(s.memory()), 1));
        // The figures give way before the domain on a narrow terminal: the Processes tab has them per process.
        cols.add(Column.wide("CPU USED", (s, now) -> s.usage().cpu(), 5));
        cols.add(Column.wide("MEM USED", (s, now) -> s.usage().memory(), 5));
        return new Columns<>(cols, Service::name, s -> s.ready() < s.desired() && !s.agent() ? Tone.WARN
                : Tone.NORMAL, -1);
    }

    /** {@code convox scale} (3.24.9): SERVICE DESIRED RUNNING CPU MEMORY GPU MIN MAX [AUTOSCALE] STATUS. */
    public static Columns<Service> scale(List<Service> rows) {
        List<Column<Service>> cols = new ArrayList<>(List.of(
                Column.of("SERVICE", (s, now) -> s.name()),
                Column.of("DESIRED", (s, now) -> String.valueOf(s.desired())),
                Column.of("RUNNING", (s, now) -> String.valueOf(s.running())),
                Column.of("CPU", (s, now) -> String.valueOf(s.cpu())),
                Column.of("MEMORY", (s, now) -> String.valueOf(s.memory())),
                Column.of("GPU", (s, now) -> s.gpu() > 0 ? String.valueOf(s.gpu()) : "-"),
                Column.of("MIN", (s, now) -> s.min().map(String::valueOf).orElse("-")),
                Column.of("MAX", (s, now) -> s.max().map(String::valueOf).orElse("-"))));
        if (rows.stream().anyMatch(s -> s.autoscale().isPresent())) {
            cols.add(Column.of("AUTOSCALE", (s, now) -> s.autoscale().orElse("-")));
        }
        cols.add(Column.of("STATUS", (s, now) -> s.cold() ? "COLD (~2-5m first req)" : ""));
        return new Columns<>(cols, Service::name, s -> Tone.NORMAL, -1);
    }

    /**
     * {@code convox instances} (pkg/cli/instances.go): ID STATUS STARTED PS CPU MEM PUBLIC PRIVATE, CPU and MEM
     * as Convox computes them (used over allocatable, {@code %0.2f%%}; 0.00% without metrics); then the EC2
     * instance, its type and zone, and the figures themselves (used / allocatable, {@code n/a} without metrics).
     */
    public static final Columns<dev.rackside.services.model.Instance> INSTANCES = new Columns<>(List.of(
            Column.of("ID", (i, now) -> i.id()),
            Column.of("STATUS", (i, now) -> i.status()),
            Column.of("STARTED", (i, now) -> i.started().map(s -> Humanize.ago(s, now)).orElse("")),
            Column.of("PS", (i, now) -> String.valueOf(i.processes())),
            Column.of("CPU", (i, now) -> convoxPercent(i.metrics().known() ? i.metrics().cpuMillis() : 0,
                    i.cpuAllocatableMillis(), 1000.0)),
            Column.of("MEM", (i, now) -> convoxPercent(i.metrics().known() ? i.metrics().memoryBytes() : 0,
                    i.memoryAllocatableBytes(), 1024.0 * 1024)),
            Column.of("PUBLIC", (i, now) -> i.publicIp()),
            Column.of("PRIVATE", (i, now) -> i.privateIp()),
            Column.of("INSTANCE", (i, now) -> i.instanceId()),
            Column.wide("TYPE", (i, now) -> i.type(), 1),
            Column.wide("ZONE", (i, now) -> i.zone(), 1),
            Column.wide("CPU USED", (i, now) -> i.metrics().known() ? i.metrics().cpu() + "/"
                    + i.cpuAllocatableMillis() + "m" : i.metrics().cpu(), 1),
            Column.wide("MEM USED", (i, now) -> i.metrics().known() ? i.metrics().memory() + "/"
                    + (i.memoryAllocatableBytes() / (1024 * 1024)) + "Mi" : i.metrics().memory(), 1)),
            dev.rackside.services.model.Instance::id, i -> "running".equals(i.status()) ? Tone.OK : Tone.WARN, 1);

    /**
     * common.Percent over provider/k8s's figures: CPU in cores (toCpuCore), memory in MB (toMemMB), used over
     * allocatable; a node reporting nothing allocatable gets the bare figure, as Convox prints it.
     */
    private static String convoxPercent(long used, long allocatable, double unit) {
        double u = used / unit;
        double a = allocatable / unit;
        return String.format(java.util.Locale.ROOT, "%.2f%%", (a > 0 ? u / a : u) * 100);
    }

    /** {@code convox releases}: ID STATUS BUILD CREATED DESCRIPTION. */
    public static final Columns<Release> RELEASES = new Columns<>(List.of(
            Column.of("ID", (r, now) -> r.id()),
            Column.of("STATUS", (r, now) -> r.status()),
            Column.of("BUILD", (r, now) -> r.build()),
            Column.of("CREATED", (r, now) -> r.created().map(c -> Humanize.ago(c, now)).orElse("")),
            Column.wide("DESCRIPTION", (r, now) -> r.description(), 5)),
            Release::id, r -> "active".equals(r.status()) ? Tone.OK : Tone.NORMAL, 1);

    /** {@code convox builds}: ID STATUS RELEASE STARTED ELAPSED DESCRIPTION. */
    public static final Columns<Build> BUILDS = new Columns<>(List.of(
            Column.of("ID", (b, now) -> b.id()),
            Column.of("STATUS", (b, now) -> b.status()),
            Column.of("RELEASE", (b, now) -> b.release()),
            Column.of("STARTED", (b, now) -> b.started().map(s -> Humanize.ago(s, now)).orElse("")),
            Column.of("ELAPSED", (b, now) -> b.elapsed().map(Humanize::elapsed).orElse("")),
            Column.wide("DESCRIPTION", (b, now) -> b.description(), 5)),
            Build::id, b -> switch (b.status()) {
                case "complete" -> Tone.OK;
                case "running", "created" -> Tone.WARN;
                case "failed" -> Tone.FAIL;
                default -> Tone.NORMAL;
            }, 1);

    private static final java.time.format.DateTimeFormatter UTC = java.time.format.DateTimeFormatter
            .ofPattern("uuuu-MM-dd HH:mm:ss'Z'").withZone(java.time.ZoneOffset.UTC);

    /** The operator journal, one row per action: its intent joined with its outcome. */
    public static final Columns<dev.rackside.services.model.JournalAction> HISTORY = new Columns<>(List.of(
            Column.of("TIME (UTC)", (a, now) -> UTC.format(a.record().time())),
            Column.wide("AGE", (a, now) -> Humanize.ago(a.record().time(), now), 2),
            Column.of("ACTION", (a, now) -> a.record().action()),
            Column.of("RACK", (a, now) -> a.record().rack()),
            Column.of("APP", (a, now) -> a.record().app().orElse("")),
            Column.of("RESULT", (a, now) -> a.result()),
            Column.of("OPERATOR", (a, now) -> a.record().operator()),
            Column.wide("PATH", (a, now) -> a.outcome().flatMap(o -> o.record().path()).orElse(""), 3),
            Column.wide("DETAILS", (a, now) -> a.outcome().flatMap(o -> o.record().error())
                    .orElseGet(() -> paramsText(a.record().params())), 4)),
            a -> a.record().actionId(), a -> switch (a.result()) {
                case "ok" -> Tone.OK;
                case "error" -> Tone.FAIL;
                default -> Tone.WARN;
            }, 5);

    private static String paramsText(java.util.Map<String, String> params) {
        List<String> parts = new ArrayList<>();
        new java.util.TreeMap<>(params).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(" ", parts);
    }

    /** {@code convox resources}: NAME TYPE URL (the password masked). */
    public static final Columns<Resource> RESOURCES = new Columns<>(List.of(
            Column.of("NAME", (r, now) -> r.name()),
            Column.of("TYPE", (r, now) -> r.type()),
            Column.wide("URL", (r, now) -> r.url(), 3)),
            Resource::name, r -> Tone.NORMAL, -1);
}
