package dev.rackside.views.console;

import dev.rackside.services.api.AppReader;
import dev.rackside.services.api.Columns;
import dev.rackside.services.api.Confirmation;
import dev.rackside.services.api.Mutation;
import dev.rackside.services.api.Operations;
import dev.rackside.services.api.RackReader;
import dev.rackside.services.api.Tables;
import dev.rackside.services.model.App;
import dev.rackside.services.model.Feed;
import dev.rackside.services.model.Process;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.Release;
import dev.rackside.services.model.Service;
import dev.rackside.services.text.GoDuration;
import dev.rackside.views.keys.Pane;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The registry of panes: which controller a {@link Location} opens, one line each, and how each table pane is
 * put together from its feed, its columns ({@link Tables}, the CLI's) and its bindings.
 */
final class Panes {
    /** How long a restart from the console is followed before its line says how far it got. */
    static final java.time.Duration RESTART_FOLLOWED = java.time.Duration.ofMinutes(10);

    private Panes() {
    }

    static PaneController create(Ui ui, Location loc) {
        return switch (loc.pane()) {
            case RACKS -> racks(ui, loc);
            case APPS -> apps(ui, loc);
            case SERVICES -> services(ui, loc);
            case PROCESSES -> processes(ui, loc);
            case RELEASES -> releases(ui, loc);
            case BUILDS -> appTable(ui, loc, "Builds", AppReader::builds, rows -> Tables.BUILDS, AppReader.Kind.BUILD,
                    b -> b.id(), false).open(b -> ui.go(LogSubject.build(loc, b.id())))
                    .onSelected("logs", b -> ui.go(LogSubject.build(loc, b.id()))).build();
            case RESOURCES -> appTable(ui, loc, "Resources", AppReader::resources, rows -> Tables.RESOURCES,
                    AppReader.Kind.RESOURCE, r -> r.name(), true).build();
            case LOGS -> new LogsPane(ui, loc);
            case COMPLIANCE -> new CompliancePane(ui, loc);
            case HISTORY -> new HistoryPane(ui, loc);
            case DIAGNOSE -> new DiagnosePane(ui, loc);
            case DEPLOY -> new DeployPane(ui, loc);
            case ACCESS -> new AccessPane(ui, loc);
            case INSTANCES -> instances(ui, loc);
            case RACK -> rack(ui, loc);
        };
    }

    // ---- racks and apps ---------------------------------------------------------------------------

    private static PaneController racks(Ui ui, Location loc) {
        return TablePane.<Rack>builder(ui, loc, "Racks")
                .feed(() -> Optional.of(ui.data().racks()), Optional::empty)
                .columns(Tables.RACKS)
                .open(r -> ui.go(Location.apps(r.name())))
                .onSelected("describe", r -> ui.overlay("Describe", describeRack(r)))
                .build();
    }

    private static PaneController apps(Ui ui, Location loc) {
        String rack = loc.rack().orElseThrow();
        return TablePane.<App>builder(ui, loc, "Apps")
                .feed(() -> ui.data().reader(rack).map(RackReader::apps), () -> ui.data().openError(rack))
                .columns(Tables.APPS)
                .onEnter(() -> ui.data().reader(rack))
                .open(a -> ui.go(Location.app(rack, a.name(), Pane.PROCESSES)))
                .onSelected("describe", a -> describe(ui, ui.data().reader(rack).flatMap(r -> r.describeApp(a.name())),
                        a.name()))
                .onSelected("diagnose", a -> ui.go(Location.diagnose(rack, a.name(), Optional.empty())))
                .bind(pane -> dangerous(ui, loc, "lock", Mutation.LOCK, pane::needsSelection, () -> pane.selected()
                        .ifPresent(a -> {
                            Rack r = ui.rack(rack).orElseThrow();
                            Mutation m = a.locked() ? Mutation.UNLOCK : Mutation.LOCK;
                            ui.change(r, m, Confirmation.Summary.lock(a.name(), !a.locked()), a.name(),
                                    () -> ui.services().operations().lock(r, a.name(), !a.locked()));
                        })))
                .build();
    }

    /** {@code convox instances}: the rack's nodes, refreshed every 15 s while shown. */
    private static PaneController instances(Ui ui, Location loc) {
        String rack = loc.rack().orElseThrow();
        return TablePane.<dev.rackside.services.model.Instance>builder(ui, loc, "Instances")
                .feed(() -> ui.data().reader(rack).map(RackReader::instances), () -> ui.data().openError(rack))
                .columns(Tables.INSTANCES)
                .onEnter(() -> ui.data().reader(rack))
                .open(i -> ui.overlay("Instance " + i.id(), describeInstance(i)))
                .build();
    }

    private static List<String> describeInstance(dev.rackside.services.model.Instance i) {
        List<String> lines = new java.util.ArrayList<>(List.of("id: " + i.id(), "status: " + i.status(),
                "instance: " + i.instanceId(), "type: " + i.type(), "zone: " + i.zone(), "private: " + i.privateIp(),
                "public: " + i.publicIp(), "processes: " + i.processes(),
                "cpu: " + i.cpuAllocatableMillis() + "m allocatable of " + i.cpuCapacityMillis() + "m",
                "memory: " + i.memoryAllocatableBytes() / (1024 * 1024) + "Mi allocatable of "
                        + i.memoryCapacityBytes() / (1024 * 1024) + "Mi"));
        lines.add(i.metrics().known() ? "used: " + i.metrics().cpu() + " cpu, " + i.metrics().memory() + " memory"
                : "used: n/a (" + i.metrics().unknown().orElse("not read yet") + ")");
        return lines;
    }

    /**
     * The rack itself: what {@code convox rack} prints in the title and {@code d}, its system processes
     * ({@code convox rack ps}) as the table; Enter on one opens its logs.
     */
    private static PaneController rack(Ui ui, Location loc) {
        String rack = loc.rack().orElseThrow();
        return TablePane.<Process>builder(ui, loc, "Rack " + rack + rackLine(ui, rack))
                .feed(() -> ui.data().reader(rack).map(RackReader::system), () -> ui.data().openError(rack))
                .columns(Tables.PROCESSES)
                .onEnter(() -> ui.data().reader(rack))
                .open(p -> ui.overlay("Process " + p.id(), List.of("service: " + p.service(), "status: "
                        + p.status(), "instance: " + p.instance().orElse(""), "restarts: " + p.restarts())))
                .onSelected("describe", p -> ui.overlay("Rack " + rack, describeRack(ui.rack(rack).orElseThrow())))
                .build();
    }

    /** " · aws · us-gov-west-1 · 3.24.9 · running": convox rack's Provider, Region, Version and Status. */
    private static String rackLine(Ui ui, String rack) {
        return ui.rack(rack).map(r -> " · " + r.provider() + r.effectiveRegion().map(x -> " · " + x).orElse("")
                + r.facts().map(f -> " · " + f.version()).orElse("") + " · " + r.status().label()).orElse("");
    }

    // ---- an app's tabs ----------------------------------------------------------------------------

    private static <T> TablePane.Builder<T> appTable(Ui ui, Location loc, String name,
            Function<AppReader, Feed<T>> feed, Function<List<T>, Columns<T>> columns, AppReader.Kind kind,
            Function<T, String> id, boolean enterDescribes) {
        String rack = loc.rack().orElseThrow();
        String app = loc.app().orElseThrow();
        TablePane.Builder<T> b = TablePane.<T>builder(ui, loc, name)
                .feed(() -> ui.data().reader(rack).map(r -> feed.apply(r.app(app))), () -> ui.data().openError(rack))
                .columns(columns)
                .onEnter(() -> ui.data().reader(rack));
        for (Pane tab : Pane.APP_TABS) {
            b.bind(Binding.of("tab-" + tab.name().toLowerCase(Locale.ROOT), () -> ui.replace(loc.withPane(tab))));
        }
        java.util.function.Consumer<T> describe = item -> describe(ui, rack, app, kind, id.apply(item));
        b.onSelected("describe", describe);
        if (enterDescribes) {
            b.open(describe);
        }
        return b;
    }

    /**
     * The row's object in full: for a process its containers' state and last state, then its recent Events, then
     * the YAML. A process and its Events are read from the API server in the background, so the overlay follows a
     * moment later; a service's YAML is the cache's, its Events read; anything else is the cache's at once.
     */
    private static void describe(Ui ui, String rack, String app, AppReader.Kind kind, String id) {
        Optional<AppReader> reader = ui.data().reader(rack).map(r -> r.app(app));
        if (reader.isEmpty()) {
            ui.message(id + " is no longer in the cache");
            return;
        }
        if (kind == AppReader.Kind.PROCESS) {
            ui.message("describe " + id + ": reading it and its events…");
            ui.background(() -> reader.get().describe(kind, id).map(yaml -> withEvents(reader.get(), kind, id, yaml)),
                    lines -> lines.ifPresentOrElse(l -> ui.overlay("Describe " + id, l),
                            () -> ui.message(id + " is gone from the rack")));
            return;
        }
        Optional<String> yaml = reader.get().describe(kind, id);
        if (yaml.isEmpty()) {
            ui.message(id + " is no longer in the cache");
            return;
        }
        if (kind != AppReader.Kind.SERVICE) {
            ui.overlay("Describe", yaml.get().lines().toList());
            return;
        }
        ui.message("describe " + id + ": reading its events…");
        ui.background(() -> withEvents(reader.get(), kind, id, yaml.get()), lines -> ui.overlay("Describe " + id,
                lines));
    }

    /** The YAML's lines with the Events of the object put before it (what explains a crash comes first). */
    private static List<String> withEvents(AppReader reader, AppReader.Kind kind, String id, String yaml) {
        List<String> events;
        try {
            events = reader.events(kind, id);
        } catch (RuntimeException e) {
            events = List.of("Events:", "  (not read: " + e.getMessage() + ")");
        }
        // The containers' state (a process), then the Events, then the YAML: what explains a crash first.
        List<String> lines = new java.util.ArrayList<>(yaml.lines().toList());
        int yamlStart = lines.indexOf("---");
        lines.addAll(yamlStart < 0 ? 0 : yamlStart, events);
        if (yamlStart < 0) {
            lines.add(events.size(), "---");
        }
        return lines;
    }

    private static PaneController services(Ui ui, Location loc) {
        String rack = loc.rack().orElseThrow();
        String app = loc.app().orElseThrow();
        return appTable(ui, loc, "Services", AppReader::services, Tables::services, AppReader.Kind.SERVICE,
                Service::name, false)
                .open(s -> ui.go(LogSubject.service(loc, s.name())))
                .onSelected("logs", s -> ui.go(LogSubject.service(loc, s.name())))
                .onSelected("diagnose", s -> ui.go(Location.diagnose(rack, app, Optional.of(s.name()))))
                .bind(pane -> dangerous(ui, loc, "exec", Mutation.EXEC, pane::needsSelection, () -> pane.selected()
                        .ifPresent(s -> newestReady(ui, rack, app, s.name()).ifPresentOrElse(
                                pid -> exec(ui, rack, app, pid),
                                () -> ui.message("exec: " + s.name() + " has no ready process")))))
                .bind(pane -> dangerous(ui, loc, "scale", Mutation.SCALE, pane::needsSelection, () -> pane.selected()
                        .ifPresent(s -> ScalePrompt.ask(ui, ui.rack(rack).orElseThrow(), app, s))))
                .bind(pane -> dangerous(ui, loc, "restart", Mutation.RESTART, pane::needsSelection, () -> pane
                        .selected().ifPresent(s -> {
                            Rack r = ui.rack(rack).orElseThrow();
                            ui.change(r, Mutation.RESTART, Confirmation.Summary.restart(app, Optional.of(s.name())),
                                    app, () -> ui.services().operations().restart(r, app, Optional.of(s.name()),
                                            Optional.of(RESTART_FOLLOWED), ui.deploys().progress(rack, app)));
                        })))
                .bind(cancel(ui, loc))
                .build();
    }

    private static PaneController processes(Ui ui, Location loc) {
        String rack = loc.rack().orElseThrow();
        String app = loc.app().orElseThrow();
        return appTable(ui, loc, "Processes", AppReader::processes, rows -> Tables.PROCESSES, AppReader.Kind.PROCESS,
                Process::id, false)
                .open(p -> ui.go(LogSubject.process(loc, p.id())))
                .onSelected("logs", p -> ui.go(LogSubject.process(loc, p.id())))
                .bind(pane -> dangerous(ui, loc, "exec", Mutation.EXEC, pane::needsSelection, () -> pane.selected()
                        .ifPresent(p -> exec(ui, rack, app, p.id()))))
                .bind(pane -> dangerous(ui, loc, "stop", Mutation.STOP, pane::needsSelection, () -> pane.selected()
                        .ifPresent(p -> {
                            Rack r = ui.rack(rack).orElseThrow();
                            ui.change(r, Mutation.STOP, Confirmation.Summary.stop(app, p.id()), p.id(),
                                    () -> ui.services().operations().stop(r, app, p.id()));
                        })))
                .bind(cancel(ui, loc))
                .build();
    }

    private static PaneController releases(Ui ui, Location loc) {
        String rack = loc.rack().orElseThrow();
        String app = loc.app().orElseThrow();
        return appTable(ui, loc, "Releases", AppReader::releases, rows -> Tables.RELEASES, AppReader.Kind.RELEASE,
                Release::id, true)
                .bind(pane -> dangerous(ui, loc, "promote", Mutation.PROMOTE, pane::needsSelection, () -> pane
                        .selected().ifPresent(r -> deploy(ui, rack, app, Mutation.PROMOTE, r.id()))))
                .bind(pane -> dangerous(ui, loc, "rollback", Mutation.ROLLBACK, pane::needsSelection, () -> pane
                        .selected().ifPresent(r -> deploy(ui, rack, app, Mutation.ROLLBACK, r.id()))))
                .bind(cancel(ui, loc))
                .build();
    }

    /**
     * A promote or rollback from the console: the deadline asked first (default: the rack's deployTimeout, else
     * Convox's 3000 s), then the confirmation; its progress goes to the deploy tracker, visible from every pane.
     */
    static void deploy(Ui ui, String rackName, String app, Mutation m, String release) {
        Rack rack = ui.rack(rackName).orElseThrow();
        Duration dflt = rack.settings().deployTimeoutOrConvox();
        String summary = m == Mutation.PROMOTE ? Confirmation.Summary.promote(app, release)
                : Confirmation.Summary.rollback(app, release);
        ui.ask(summary + ": roll back if not ready within (seconds, or like 50m): ", String.valueOf(dflt.toSeconds()),
                t -> GoDuration.parse(t).filter(d -> !d.isZero() && !d.isNegative()).isPresent() ? Optional.empty()
                        : Optional.of("a duration: 3000, 50m, 1h"),
                t -> {
                    Duration deadline = GoDuration.parse(t).orElse(dflt);
                    Operations.Deploy d = new Operations.Deploy(Optional.of(deadline), false,
                            ui.deploys().progress(rackName, app));
                    ui.change(rack, m, summary + " (rolls back after " + deadline.toSeconds() + "s)", app,
                            () -> m == Mutation.PROMOTE ? ui.services().operations().promote(rack, app, release, d)
                                    : ui.services().operations().rollback(rack, app, release, d));
                });
    }

    /**
     * {@code :deploy [DIR]}: the directory asked for when not given (default: the working directory), then the one
     * confirmation; the Deploy pane shows the upload, the build's log and the promote, and the run goes on when it
     * is left. While one runs for the app, {@code :deploy} shows it instead of starting another.
     */
    static void sourceDeploy(Ui ui, String rackName, String app, Optional<String> dir) {
        Location pane = Location.app(rackName, app, Pane.DEPLOY);
        Optional<SourceDeploys.Run> running = ui.sourceDeploys().of(rackName, app).filter(SourceDeploys.Run::running);
        if (running.isPresent()) {
            ui.go(pane);
            ui.message("the deploy of " + app + " from " + running.get().dir + " is still going: shown here");
            return;
        }
        java.util.function.Consumer<String> from = text -> {
            java.nio.file.Path d = java.nio.file.Path.of(text.isBlank() ? "." : text.strip()).toAbsolutePath()
                    .normalize();
            if (!java.nio.file.Files.isDirectory(d)) {
                ui.message("✗ " + d + " is not a directory; nothing was sent");
                return;
            }
            Rack rack = ui.rack(rackName).orElseThrow();
            Optional<SourceDeploys.Run> run = ui.sourceDeploys().start(rackName, app, d, java.time.Instant.now());
            if (run.isEmpty()) {
                ui.go(pane);
                return;
            }
            ui.go(pane);
            ui.change(rack, Mutation.DEPLOY, Confirmation.Summary.deploy(app, d.toString()), app, () -> {
                SourceDeploys.Run r = run.get();
                r.confirmed();
                Operations.Built b = ui.services().operations().deploy(rack, app, new Operations.Source(d,
                        Optional.empty(), Optional.empty(), false, List.of(), r), new Operations.Deploy(
                                Optional.empty(), false, r));
                r.finished(b.outcome());
                return b.outcome();
            });
        };
        if (dir.filter(x -> !x.isBlank()).isPresent()) {
            from.accept(dir.get());
            return;
        }
        String cwd = java.nio.file.Path.of("").toAbsolutePath().toString();
        ui.ask("deploy " + app + " from directory: ", cwd, t -> java.nio.file.Files.isDirectory(java.nio.file.Path
                .of(t.isBlank() ? "." : t.strip())) ? Optional.empty() : Optional.of("not a directory"), from);
    }

    private static Binding cancel(Ui ui, Location loc) {
        String rack = loc.rack().orElseThrow();
        String app = loc.app().orElseThrow();
        return dangerous(ui, loc, "cancel", Mutation.CANCEL, Optional::empty, () -> {
            Rack r = ui.rack(rack).orElseThrow();
            ui.change(r, Mutation.CANCEL, Confirmation.Summary.cancel(app), app, () -> ui.services().operations()
                    .cancel(r, app, Operations.Deploy.of(ui.deploys().progress(rack, app))));
        });
    }

    /**
     * A binding that changes the rack: off (saying why) on a read-only session or rack, and where the API server
     * said the kube user may not; otherwise {@code needs} decides (a selection), then {@code run} asks.
     */
    static Binding dangerous(Ui ui, Location loc, String action, Mutation m, Supplier<Optional<String>> needs,
            Runnable run) {
        return Binding.when(action, () -> {
            Optional<Rack> rack = loc.rack().flatMap(ui::rack);
            Optional<String> ro = rack.flatMap(r -> Confirmation.refusal(r, ui.services().readOnly(), m));
            if (ro.isPresent()) {
                return ro;
            }
            if (rack.isPresent() && ui.forbidden(rack.get(), loc.app()).contains(m)) {
                return Optional.of(action + ": your kube user may not do this here (the API server's "
                        + "SelfSubjectAccessReview says no); nothing was asked or changed");
            }
            return needs.get();
        }, run);
    }

    /** A shell in {@code process}, the console handing its terminal over until it exits. */
    static void exec(Ui ui, String rack, String app, String process) {
        Rack r = ui.rack(rack).orElseThrow();
        ui.session(r, Mutation.EXEC, Confirmation.Summary.exec(app, process, ""), app,
                t -> ui.services().operations().exec(r, app, process, Optional.empty(), t));
    }

    /** A one-off process of {@code service} running {@code command}, attached. */
    static void run(Ui ui, String rack, String app, String service, String command) {
        Rack r = ui.rack(rack).orElseThrow();
        ui.session(r, Mutation.RUN, Confirmation.Summary.run(app, service, command), app,
                t -> ui.services().operations().run(r, app, service, command, new Operations.Run(Optional.empty(),
                        false), t));
    }

    /**
     * A tunnel to the app's resource, opened off the render thread once the policy allows it; it stays open,
     * listed in the status line, until {@code :unproxy} or the console's exit.
     */
    static void proxy(Ui ui, String rack, String app, String resource, java.util.OptionalInt port) {
        Rack r = ui.rack(rack).orElseThrow();
        ui.consent(r, Mutation.PROXY, Confirmation.Summary.proxy(app, resource), app, () -> {
            ui.message("proxy " + resource + ": opening…");
            ui.background(() -> {
                Operations.Opened o = ui.services().operations().proxy(r, app, resource, port, line -> ui.dirty());
                if (o.tunnel().isEmpty()) {
                    return "✗ " + o.outcome().message();
                }
                ui.tunnels().add(rack, app, o.tunnel().get());
                return "proxy open: " + o.tunnel().get().localUrl() + " → " + resource + " (:unproxy closes it)";
            });
        });
    }

    /** The service's newest process that is running and ready, from the app's process table. */
    private static Optional<String> newestReady(Ui ui, String rack, String app, String service) {
        return ui.data().reader(rack).map(r -> r.app(app).processes().current().rows()).orElse(List.of()).stream()
                .filter(p -> p.service().equals(service) && p.status().equals("running") && p.containers() > 0
                        && p.ready() == p.containers())
                .max(java.util.Comparator.comparing(p -> p.started().orElse(java.time.Instant.EPOCH)))
                .map(Process::id);
    }

    private static void describe(Ui ui, Optional<String> yaml, String what) {
        if (yaml.isEmpty()) {
            ui.message(what + " is no longer in the cache");
            return;
        }
        ui.overlay("Describe", yaml.get().lines().toList());
    }

    static List<String> describeRack(Rack r) {
        return List.of("name: " + r.name(), "rack: " + r.internalName(),
                "status: " + r.status().label(), "reason: " + r.reason().orElse(""),
                "context: " + r.context().orElse(""), "kubeconfig: " + r.kubeconfig().orElse("(KUBECONFIG)"),
                "region: " + r.effectiveRegion().orElse(""), "partition: " + r.partition(),
                "approvedRegions: " + r.approvedRegions(), "awsProfile: " + r.awsProfile().orElse(""),
                "tier: " + (r.tier() == dev.rackside.services.model.Tier.UNSET ? "" : r.tier().label()),
                "readOnly: " + r.readOnly(),
                "api: " + r.settings().api().map(u -> u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":"
                        + u.getPort() : "")).orElse("(through the Kubernetes API)"),
                "version: " + r.facts().map(f -> f.version()).orElse(""),
                "domain: " + r.facts().flatMap(f -> f.domain()).orElse(""),
                "sources: " + r.sources().stream().map(s -> s.label()).toList());
    }
}
