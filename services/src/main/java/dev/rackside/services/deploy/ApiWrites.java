package dev.rackside.services.deploy;

import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.api.Progress;
import dev.rackside.services.kube.ConvoxLabels;
import dev.rackside.services.model.Rack;
import dev.rackside.services.rackapi.RackApi;
import dev.rackside.services.rackapi.Structs;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The writes made through the rack's own API, as the Convox CLI makes them (convox 3.24.9 pkg/cli: scale.go,
 * restart.go, apps.go AppsLock/AppsUnlock/AppsCancel, releases.go releasePromote/ReleasesRollback, env.go
 * EnvSet/EnvUnset, ps.go ProcessStop), the rack doing the rest with its own templates. A deploy is followed
 * as the CLI follows it (common.WaitForAppWithLogs: the app's status until {@code running}, then the active
 * release compared with the promoted one), plus rackside's view of the Atom, the rollout and the Events where
 * the rack's Kubernetes API is readable.
 */
final class ApiWrites {
    private static final Duration POLL = Duration.ofSeconds(1);

    private final RackApi api;
    private final Optional<KubernetesClient> kube;
    private final Rack rack;
    private final String app;
    private final Clock clock;

    ApiWrites(RackApi api, Optional<KubernetesClient> kube, Rack rack, String app, Clock clock) {
        this.api = api;
        this.kube = kube;
        this.rack = rack;
        this.app = app;
        this.clock = clock;
    }

    /** exec and run through this API. */
    dev.rackside.services.shell.ApiSessions sessions() {
        return new dev.rackside.services.shell.ApiSessions(api, app, clock);
    }

    /** "rack API (kubernetes tunnel)": the path the journal records. */
    String path() {
        return "rack API (" + api.endpoint().via() + ")";
    }

    /** convox build through this API: the source uploaded and built; the complete build. */
    Structs.Build build(dev.rackside.services.build.SourceArchive source, RackApi.BuildOptions opts,
            dev.rackside.services.api.BuildProgress progress, Map<String, String> learned) {
        return new SourceBuild(api, app, clock).run(source, opts, progress, learned);
    }

    String scale(String service, Operations.Scale s) {
        api.serviceUpdate(app, service, new RackApi.ScaleOptions(s.count(), s.cpu(), s.memory(), s.min(), s.max()));
        return "scaled " + app + "/" + service + " (" + DirectWrites.describe(s) + ")";
    }

    /** One service, or each of ServiceList in name order, as {@code convox restart}. */
    List<String> restart(Optional<String> service, Progress progress) {
        List<String> names = service.map(List::of).orElseGet(() -> api.serviceList(app).stream()
                .map(Structs.Service::name).sorted().toList());
        for (String name : names) {
            progress.line("Restarting " + name);
            api.serviceRestart(app, name);
        }
        return names;
    }

    String lock(boolean locked) {
        api.appLock(app, locked);
        return (locked ? "locked " : "unlocked ") + app;
    }

    /**
     * releasePromote: wait for the app to be running (unless it is), promote, then follow it. {@code timeout}
     * is sent only when the operator chose a deadline; the rack's own default applies otherwise.
     */
    String promote(String releaseId, Duration deadline, boolean deadlineChosen, Progress progress) {
        String id = releaseId.toUpperCase(Locale.ROOT);
        Structs.App a = api.appGet(app);
        if (!"running".equals(a.status())) {
            progress.line("Waiting for app to be ready (it is " + a.status() + ")");
            waitRunning(deadline);
        }
        progress.line("Promoting " + id);
        api.releasePromote(app, id, false, deadlineChosen ? Optional.of((int) deadline.toSeconds()) : Optional.empty());
        return follow(id, deadline, progress);
    }

    /** ReleasesRollback: a new release with the old one's build and env, promoted. */
    String rollback(String releaseId, Duration deadline, boolean deadlineChosen, Progress progress) {
        String id = releaseId.toUpperCase(Locale.ROOT);
        progress.line("Rolling back to " + id);
        Structs.Release ro = api.releaseGet(app, id);
        Structs.Release rn = api.releaseCreate(app, Optional.of(ro.build()), Optional.empty(), Optional.of(ro.env()),
                Optional.empty());
        progress.line("created release " + rn.id() + " with the build and env of " + id);
        return promote(rn.id(), deadline, deadlineChosen, progress);
    }

    /** AppsCancel: cancel, then rewrite the last release (its build, description and env) as the CLI does. */
    String cancel(Duration deadline, Progress progress) {
        progress.line("Cancelling deployment of " + app + "...");
        api.appCancel(app);
        progress.line("Rewriting last active release...");
        List<Structs.Release> latest = api.releaseList(app, Optional.of(1));
        if (!latest.isEmpty()) {
            Structs.Release rl = api.releaseGet(app, latest.get(0).id());
            Structs.Release rn = api.releaseCreate(app, Optional.of(rl.build()), Optional.of(rl.description()),
                    Optional.of(rl.env()), Optional.empty());
            progress.line("created release " + rn.id() + " from " + rl.id());
        }
        waitRunning(deadline);
        return "cancelled the deploy of " + app + "; it rolled back and is running";
    }

    /** EnvSet/EnvUnset: the newest release's env changed, a release created from it; its id. */
    String envChange(Operations.EnvChange change, Progress progress) {
        List<Structs.Release> latest = api.releaseList(app, Optional.of(1));
        TreeMap<String, String> env = latest.isEmpty() ? new TreeMap<>()
                : DirectReleases.envLoad(api.releaseGet(app, latest.get(0).id()).env());
        env.putAll(change.set());
        change.unset().forEach(env::remove);
        List<String> keys = new java.util.ArrayList<>(change.set().keySet());
        keys.addAll(change.unset());
        java.util.Collections.sort(keys);
        progress.line((change.set().isEmpty() ? "Unsetting " : "Setting ") + String.join(", ", keys));
        Structs.Release r = api.releaseCreate(app, Optional.empty(), Optional.empty(),
                Optional.of(DirectReleases.envString(env)), Optional.empty());
        progress.line("Release: " + r.id());
        return r.id();
    }

    String stop(String pid) {
        api.processStop(app, pid);
        return "stopped " + pid;
    }

    /** WaitForAppRunning: AppGet until running, failing at rollback. */
    private void waitRunning(Duration deadline) {
        Instant until = clock.instant().plus(deadline).plusSeconds(60);
        while (clock.instant().isBefore(until)) {
            if ("running".equals(api.appGet(app).status())) {
                return;
            }
            sleep(POLL);
        }
        throw new Refusal(Outcome.Kind.FAILED, "app " + app + " did not become running within " + deadline.toSeconds()
                + "s");
    }

    /**
     * Follows a promote to its end. Done when the app is running the promoted release; failed when the Atom
     * reverted, or (where Kubernetes is not readable) the app went to rollback, as the CLI decides.
     */
    private String follow(String id, Duration deadline, Progress progress) {
        String ns = ConvoxLabels.appNamespace(rack.internalName(), app);
        Optional<Instant> rollsBackAt = Optional.of(clock.instant().plus(deadline));
        Optional<DeployWatch> watch = kube.map(c -> new DeployWatch(c, rack.name(), app, ns, id, rollsBackAt,
                progress));
        Instant started = clock.instant();
        Instant giveUp = started.plus(deadline.multipliedBy(2)).plusSeconds(60);
        boolean sawMove = false;
        String lastStatus = "";
        while (clock.instant().isBefore(giveUp)) {
            String atom = kube.map(c -> DeployWatch.atomStatus(c, ns)).orElse("");
            watch.ifPresent(w -> w.observe(atom));
            Structs.App a = api.appGet(app);
            if (!a.status().equals(lastStatus)) {
                progress.line("app " + app + ": " + a.status() + (a.release().isEmpty() ? "" : " (" + a.release() + ")"));
                lastStatus = a.status();
            }
            sawMove |= !"running".equals(a.status()) || AtomDriver.ACTIVE.contains(atom);
            boolean settled = sawMove || Duration.between(started, clock.instant()).compareTo(Duration.ofSeconds(10)) > 0;
            if ("running".equals(a.status()) && settled && (atom.isEmpty() || !AtomDriver.ACTIVE.contains(atom))) {
                if (id.equals(a.release())) {
                    watch.ifPresent(w -> w.finish("Running", Optional.empty()));
                    return "promoted " + id + ": Running";
                }
                return failed(id, atom.isEmpty() ? "rollback" : atom, watch);
            }
            if (atom.isEmpty() && "rollback".equals(a.status())) {
                return failed(id, "rollback", watch);
            }
            sleep(POLL);
        }
        throw new Refusal(Outcome.Kind.FAILED, "no final state for " + id + " after "
                + Duration.between(started, clock.instant()).toSeconds() + "s; the app is " + lastStatus);
    }

    private static String failed(String id, String end, Optional<DeployWatch> watch) {
        String why = watch.map(DeployWatch::why).orElse("the rack rolled it back");
        watch.ifPresent(w -> w.finish(end, Optional.of(why)));
        throw new Refusal(Outcome.Kind.FAILED, "promote of " + id + " failed and was rolled back: " + end
                + " (the previous release runs again): " + why);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refusal("stopped watching; the deploy goes on in the rack");
        }
    }
}
