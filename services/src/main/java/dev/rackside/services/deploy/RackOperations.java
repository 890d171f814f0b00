package dev.rackside.services.deploy;

import dev.rackside.services.api.BuildProgress;
import dev.rackside.services.api.Journal;
import dev.rackside.services.api.Mutation;
import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.api.Progress;
import dev.rackside.services.api.Terminal;
import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.build.GitSource;
import dev.rackside.services.build.SourceArchive;
import dev.rackside.services.kube.ConvoxLabels;
import dev.rackside.services.kube.KubeErrors;
import dev.rackside.services.kube.RackClients;
import dev.rackside.services.kube.SecretMask;
import dev.rackside.services.model.JournalRecord;
import dev.rackside.services.model.Rack;
import dev.rackside.services.rackapi.ApiError;
import dev.rackside.services.rackapi.RackApi;
import dev.rackside.services.rackapi.RackApis;
import dev.rackside.services.rackapi.Structs;
import dev.rackside.services.shell.Sessions;
import dev.rackside.services.text.ByteSizes;
import dev.rackside.services.text.ShellQuote;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * {@link Operations} for every rack: the policy around each change (read-only refusal, the journal's intent and
 * outcome, a known "no" from Kubernetes refused up front) and the choice of path. A rack with its own API gets
 * the Convox CLI's requests ({@link ApiWrites}); a cluster with none gets Kubernetes writes that match Convox
 * ({@link DirectWrites}, {@link Promotion}); a rack whose API exists but cannot be used now gets the direct
 * writes for scale, restart, lock, cancel and stop (they match Convox exactly), while a promote, rollback or env
 * change is refused with the reason unless the operator asks for {@code --direct}: half a faithful deploy
 * during an incident is worse than none.
 */
public final class RackOperations implements Operations {
    private final RackClients kube;
    private final RackApis apis;
    private final Journal journal;
    private final AwsClients aws;
    private final boolean sessionReadOnly;
    private final Clock clock;
    private final AccessCheck access = new AccessCheck();
    private final dev.rackside.services.audit.RemoteJournal remote;

    public RackOperations(RackClients kube, RackApis apis, Journal journal, AwsClients aws, boolean sessionReadOnly,
            Clock clock) {
        this.kube = kube;
        this.apis = apis;
        this.journal = journal;
        this.aws = aws;
        this.sessionReadOnly = sessionReadOnly;
        this.clock = clock;
        this.remote = new dev.rackside.services.audit.RemoteJournal(journal.file(),
                dev.rackside.services.audit.RemoteJournal.localHost());
    }

    // ---- the changes ------------------------------------------------------------------------------

    @Override
    public Outcome scale(Rack rack, String app, String service, Scale s) {
        if (s.empty()) {
            return Outcome.refused("nothing to change: give --count, --cpu, --memory, --min or --max");
        }
        if (s.count().isPresent() && (s.min().isPresent() || s.max().isPresent())) {
            return Outcome.refused("--min/--max and --count are mutually exclusive");
        }
        Map<String, String> params = params("service", service);
        s.count().ifPresent(v -> params.put("count", String.valueOf(v)));
        s.min().ifPresent(v -> params.put("min", String.valueOf(v)));
        s.max().ifPresent(v -> params.put("max", String.valueOf(v)));
        s.cpu().ifPresent(v -> params.put("cpu", String.valueOf(v)));
        s.memory().ifPresent(v -> params.put("memory", String.valueOf(v)));
        return act(rack, app, Mutation.SCALE, params, Fallback.DIRECT, Progress.NONE, w -> w.api()
                .map(a -> a.scale(service, s)).orElseGet(() -> w.direct().scale(service, s)));
    }

    @Override
    public Outcome restart(Rack rack, String app, Optional<String> service, Optional<Duration> wait,
            Progress progress) {
        Map<String, String> params = service.map(x -> params("service", x)).orElseGet(LinkedHashMap::new);
        return act(rack, app, Mutation.RESTART, params, Fallback.DIRECT, progress, w -> {
            List<String> names = w.api().map(a -> a.restart(service, progress))
                    .orElseGet(() -> w.direct().restart(service, progress));
            String written = "restarting " + app + ": " + String.join(", ", names) + " (a rolling replacement)";
            Optional<KubernetesClient> k = w.kubeIfAny();
            if (wait.isEmpty() || k.isEmpty() || names.isEmpty()) {
                return written;
            }
            try {
                return new RestartWait(k.get(), ConvoxLabels.appNamespace(rack.internalName(), app), clock)
                        .await(app, names, wait.get(), progress);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return written + "; stopped following it";
            }
        });
    }

    @Override
    public Outcome lock(Rack rack, String app, boolean locked) {
        return act(rack, app, locked ? Mutation.LOCK : Mutation.UNLOCK, new LinkedHashMap<>(), Fallback.DIRECT,
                Progress.NONE, w -> w.api().map(a -> a.lock(locked)).orElseGet(() -> w.direct().lock(locked,
                        Progress.NONE)));
    }

    @Override
    public Outcome promote(Rack rack, String app, String release, Deploy deploy) {
        String rid = release.toUpperCase(Locale.ROOT);
        Duration deadline = deadline(rack, deploy);
        Map<String, String> params = params("release", rid);
        params.put("timeout", deadline.toSeconds() + "s");
        return act(rack, app, Mutation.PROMOTE, params, deploy.direct() ? Fallback.DIRECT : Fallback.REFUSE_DEPLOY,
                deploy.progress(), w -> leased(w, () -> w.api()
                        .map(a -> a.promote(rid, deadline, chosen(rack, deploy), deploy.progress()))
                        .orElseGet(() -> w.promotion(deploy.progress()).promote(rid, deadline))));
    }

    @Override
    public Outcome rollback(Rack rack, String app, String release, Deploy deploy) {
        String rid = release.toUpperCase(Locale.ROOT);
        Duration deadline = deadline(rack, deploy);
        Map<String, String> params = params("release", rid);
        params.put("timeout", deadline.toSeconds() + "s");
        return act(rack, app, Mutation.ROLLBACK, params, deploy.direct() ? Fallback.DIRECT : Fallback.REFUSE_DEPLOY,
                deploy.progress(), w -> leased(w, () -> w.api()
                        .map(a -> a.rollback(rid, deadline, chosen(rack, deploy), deploy.progress()))
                        .orElseGet(() -> {
                            DirectReleases rs = w.releases();
                            var old = rs.get(rid);
                            String id = rs.create(Optional.of(dev.rackside.services.kube.ConvoxCrds.spec(old, "build")),
                                    Optional.of(dev.rackside.services.kube.ConvoxCrds.spec(old, "env")),
                                    Optional.empty(), Optional.empty());
                            deploy.progress().line("created release " + id + " with the build and env of " + rid);
                            return w.promotion(deploy.progress()).promote(id, deadline);
                        })));
    }

    @Override
    public Outcome cancel(Rack rack, String app, Deploy deploy) {
        Duration deadline = deadline(rack, deploy);
        return act(rack, app, Mutation.CANCEL, new LinkedHashMap<>(), Fallback.DIRECT, deploy.progress(), w -> w.api()
                .map(a -> a.cancel(deadline, deploy.progress())).orElseGet(() -> {
                    String to = w.direct().cancelAtom(w.operator(), deploy.progress());
                    // pkg/cli/apps.go AppsCancel then rewrites the last release, client side, on every rack.
                    deploy.progress().line("Rewriting last active release...");
                    w.releases().newest().ifPresent(rl -> {
                        String id = w.releases().create(Optional.of(dev.rackside.services.kube.ConvoxCrds.spec(rl,
                                "build")), Optional.of(dev.rackside.services.kube.ConvoxCrds.spec(rl, "env")),
                                Optional.of(dev.rackside.services.kube.ConvoxCrds.spec(rl, "description")),
                                Optional.empty());
                        deploy.progress().line("created release " + id);
                    });
                    return w.promotion(deploy.progress()).followCancel(to, deadline);
                }));
    }

    @Override
    public Outcome envChange(Rack rack, String app, EnvChange change, Optional<Deploy> promote) {
        Map<String, String> params = new LinkedHashMap<>();
        new TreeMap<>(change.set()).keySet().forEach(k -> params.put("set " + k, "<redacted>"));
        change.unset().stream().sorted().forEach(k -> params.put("unset " + k, ""));
        params.put("promote", String.valueOf(promote.isPresent()));
        Mutation m = change.set().isEmpty() ? Mutation.ENV_UNSET : Mutation.ENV_SET;
        boolean direct = promote.map(Deploy::direct).orElse(false);
        Progress progress = promote.map(Deploy::progress).orElse(Progress.NONE);
        return act(rack, app, m, params, direct ? Fallback.DIRECT : Fallback.REFUSE_DEPLOY, progress, w -> {
            String id = w.api().map(a -> a.envChange(change, progress)).orElseGet(() -> {
                DirectReleases rs = w.releases();
                TreeMap<String, String> env = rs.newest().map(r -> DirectReleases.envLoad(
                        dev.rackside.services.kube.ConvoxCrds.spec(r, "env"))).orElse(new TreeMap<>());
                env.putAll(change.set());
                change.unset().forEach(env::remove);
                String created = rs.create(Optional.empty(), Optional.of(DirectReleases.envString(env)),
                        Optional.empty(), Optional.empty());
                progress.line("Release: " + created);
                return created;
            });
            if (promote.isEmpty()) {
                return "created release " + id + " (not promoted: rackside promote -r " + rack.name() + " -a " + app
                        + " " + id + ")";
            }
            Duration deadline = deadline(rack, promote.get());
            return leased(w, () -> w.api().map(a -> a.promote(id, deadline, promote.get().deadline().isPresent(),
                    progress)).orElseGet(() -> w.promotion(progress).promote(id, deadline)));
        });
    }

    @Override
    public Outcome stop(Rack rack, String app, String process) {
        return act(rack, app, Mutation.STOP, params("process", process), Fallback.DIRECT, Progress.NONE, w -> w.api()
                .map(a -> a.stop(process)).orElseGet(() -> w.direct().stop(process)));
    }

    @Override
    public Built build(Rack rack, String app, Source source) {
        return fromSource(rack, app, source, Optional.empty());
    }

    @Override
    public Built deploy(Rack rack, String app, Source source, Deploy deploy) {
        return fromSource(rack, app, source, Optional.of(deploy));
    }

    /**
     * build and deploy: the source packed first (on the operator's machine, nothing sent), so the journal's
     * intent names the git SHA and tree digest of exactly what is shipped; then the CLI's requests. A deploy holds
     * the app's lease from the upload to the promote's end, as a promote does.
     */
    private Built fromSource(Rack rack, String app, Source source, Optional<Deploy> deploy) {
        Mutation m = deploy.isPresent() ? Mutation.DEPLOY : Mutation.BUILD;
        Optional<Outcome> readOnly = readOnlyRefusal(rack, m);
        if (readOnly.isPresent()) {
            return new Built(readOnly.get(), Optional.empty(), Optional.empty());
        }
        BuildProgress progress = source.progress();
        SourceArchive archive;
        try {
            archive = SourceArchive.pack(source.dir());
        } catch (IOException | IllegalArgumentException e) {
            return new Built(Outcome.refused("cannot package " + source.dir() + ": " + e.getMessage()
                    + "; nothing was sent"), Optional.empty(), Optional.empty());
        }
        try {
            progress.line("Packaging source... OK (" + archive.entries() + " entries, "
                    + ByteSizes.of(archive.bytes()) + ")");
            Optional<String> sha = GitSource.headSha(source.dir());
            Optional<String> description = source.description().or(() -> GitSource.description(source.dir()));
            RackApi.BuildOptions opts = new RackApi.BuildOptions(source.buildArgs(), description, source.manifest(),
                    source.noCache() ? Optional.of(true) : Optional.empty(), sha);
            Map<String, String> params = params("dir", source.dir().toAbsolutePath().normalize().toString());
            sha.ifPresent(v -> params.put("git-sha", v));
            params.put("tree", archive.treeDigest());
            params.put("bytes", String.valueOf(archive.bytes()));
            source.manifest().ifPresent(v -> params.put("manifest", v));
            if (source.noCache()) {
                params.put("no-cache", "true");
            }
            Map<String, String> learned = new java.util.concurrent.ConcurrentHashMap<>();
            Optional<Duration> deadline = deploy.map(d -> deadline(rack, d));
            deadline.ifPresent(d -> params.put("timeout", d.toSeconds() + "s"));
            Outcome o = act(rack, app, m, params, Fallback.REFUSE_DEPLOY, progress, learned, w -> {
                ApiWrites a = w.api().orElseThrow(() -> new Refusal(Outcome.Kind.REFUSED, m.id() + " refused: this "
                        + "cluster has no rack API, and a Convox build runs in the rack (its build pod pushes to the "
                        + "rack's registry); nothing was changed"));
                if (deploy.isEmpty()) {
                    Structs.Build b = a.build(archive, opts, progress, learned);
                    return "Build:   " + b.id() + "\nRelease: " + b.release();
                }
                return leased(w, () -> {
                    Structs.Build b = a.build(archive, opts, progress, learned);
                    progress.line("Build:   " + b.id());
                    progress.line("Release: " + b.release());
                    return a.promote(b.release(), deadline.get(), chosen(rack, deploy.get()), progress);
                });
            });
            return new Built(o, Optional.ofNullable(learned.get("build")), Optional.ofNullable(learned.get("release")));
        } finally {
            try {
                java.nio.file.Files.deleteIfExists(archive.file());
            } catch (IOException e) {
                // a private temporary file; the system's cleaner takes it
            }
        }
    }

    @Override
    public Session exec(Rack rack, String app, String process, Optional<String> command, Terminal terminal) {
        String line = command.filter(c -> !c.isBlank()).orElse(Sessions.DEFAULT_SHELL);
        Map<String, String> params = params("process", process);
        params.put("command", command.filter(c -> !c.isBlank()).orElse("(shell)"));
        int[] code = {-1};
        Outcome o = act(rack, app, Mutation.EXEC, params, Fallback.DIRECT, Progress.NONE, w -> {
            code[0] = interactive("exec", () -> w.api().isPresent() ? w.api().get().sessions().exec(process, line,
                    terminal, false) : w.sessions().exec(process, line, terminal));
            return "exec in " + process + " exited " + code[0];
        });
        return new Session(o, code[0] < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(code[0]));
    }

    @Override
    public Session run(Rack rack, String app, String service, String command, Run run, Terminal terminal) {
        Map<String, String> params = params("service", service);
        params.put("command", command);
        run.release().ifPresent(r -> params.put("release", r));
        if (run.detach()) {
            params.put("detach", "true");
            Outcome o = act(rack, app, Mutation.RUN, params, Fallback.DIRECT, Progress.NONE, w -> w.api().isPresent()
                    ? w.api().get().sessions().runDetached(service, command, run.release(), terminal.size())
                    : w.sessions().runPod(service, ShellQuote.split(command), run.release()));
            return Session.of(o);
        }
        int[] code = {-1};
        Outcome o = act(rack, app, Mutation.RUN, params, Fallback.DIRECT, Progress.NONE, w -> {
            String[] pid = {""};
            code[0] = interactive("run", () -> w.api().isPresent() ? w.api().get().sessions().runAttached(service,
                    command, run.release(), terminal, p -> pid[0] = p) : w.sessions().runAttached(service, command,
                            run.release(), terminal, p -> pid[0] = p));
            return "run " + pid[0] + " exited " + code[0] + "; the process was stopped";
        });
        return new Session(o, code[0] < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(code[0]));
    }

    @Override
    public Opened proxy(Rack rack, String app, String resource, java.util.OptionalInt localPort,
            java.util.function.Consumer<String> events) {
        Map<String, String> params = params("resource", resource);
        localPort.ifPresent(p -> params.put("port", String.valueOf(p)));
        dev.rackside.services.api.Tunnel[] opened = {null};
        Outcome o = act(rack, app, Mutation.PROXY, params, Fallback.DIRECT, Progress.NONE, w -> {
            var t = interactive("proxy", () -> w.api().isPresent() ? w.api().get().sessions().proxy(resource,
                    localPort, w.path(), events) : w.tunnels().proxy(resource, localPort, events));
            opened[0] = t;
            return "proxying 127.0.0.1:" + t.localPort() + " to " + resource + " at " + t.remote() + " via "
                    + t.via();
        });
        if (!o.ok() && opened[0] != null) {
            opened[0].close();
            opened[0] = null;
        }
        return new Opened(o, Optional.ofNullable(opened[0]));
    }

    private interface SessionBody<T> {
        T run() throws java.io.IOException;
    }

    /** A session's failure to connect or stay connected is the change's failure, in its words. */
    private static <T> T interactive(String what, SessionBody<T> body) {
        try {
            return body.run();
        } catch (java.io.IOException e) {
            throw new Refusal(Outcome.Kind.FAILED, what + " failed: " + e.getMessage());
        }
    }

    // ---- reads ------------------------------------------------------------------------------------

    @Override
    public SortedMap<String, String> env(Rack rack, String app) {
        TreeMap<String, String> masked = new TreeMap<>();
        readEnv(rack, app).forEach((k, v) -> masked.put(k, v.isEmpty() ? "" : SecretMask.MASK));
        return masked;
    }

    @Override
    public String reveal(Rack rack, String app, String key) {
        String[] value = new String[1];
        Outcome o = act(rack, app, Mutation.ENV_REVEAL, params("key", key), Fallback.DIRECT, Progress.NONE, w -> {
            String v = readEnv(rack, app).get(key);
            if (v == null) {
                throw new Refusal("the env of " + app + " has no " + key);
            }
            value[0] = v;
            return "revealed " + key;
        });
        o.orThrow();
        return value[0];
    }

    private TreeMap<String, String> readEnv(Rack rack, String app) {
        try {
            return new DirectReleases(kube.of(rack), rack, app, clock).currentEnv();
        } catch (KubernetesClientException e) {
            throw new Outcome.Failed(new Outcome(kindOf(e), "cannot read the env of " + app + ": "
                    + KubeErrors.describe(e), Optional.empty()));
        } catch (Refusal e) {
            throw new Outcome.Failed(new Outcome(e.kind(), e.getMessage(), Optional.empty()));
        }
    }

    @Override
    public Set<Mutation> forbidden(Rack rack, String app) {
        Set<Mutation> out = EnumSet.noneOf(Mutation.class);
        if (sessionReadOnly || rack.readOnly()) {
            for (Mutation m : Mutation.values()) {
                if (m.changesRack()) {
                    out.add(m);
                }
            }
            return out;
        }
        if (apis.choose(rack) instanceof RackApis.Api || rack.context().isEmpty()) {
            return out; // the rack API decides; Kubernetes' RBAC does not apply to it
        }
        String context = rack.context().get();
        String ns = ConvoxLabels.appNamespace(rack.internalName(), app);
        try {
            KubernetesClient client = kube.of(rack);
            for (Mutation m : Mutation.values()) {
                for (Needs n : needs(m)) {
                    if (access.allowed(client, context, n.namespaced() ? ns : "", n.verb(), n.group(), n.resource())
                            .equals(Optional.of(false))) {
                        out.add(m);
                        break;
                    }
                }
            }
        } catch (RuntimeException e) {
            // unknown is not forbidden: the write is tried and its refusal reported then
        }
        return out;
    }

    @Override
    public Reach reach(Rack rack) {
        RackApis.Choice c;
        try {
            c = apis.choose(rack);
        } catch (RuntimeException e) {
            return new Reach(Reach.Kind.UNKNOWN, String.valueOf(e.getMessage()));
        }
        if (c instanceof RackApis.Api a) {
            return new Reach(Reach.Kind.API, a.api().endpoint().via());
        }
        if (c instanceof RackApis.NoApi n) {
            return new Reach(Reach.Kind.DIRECT, n.why());
        }
        return new Reach(Reach.Kind.API_DOWN, ((RackApis.Down) c).why());
    }

    // ---- the frame of every change ----------------------------------------------------------------

    /** What a change may do when the rack's API exists but cannot be used. */
    private enum Fallback { DIRECT, REFUSE_DEPLOY }

    /** The change itself, given the way to the rack. */
    @FunctionalInterface
    private interface Body {
        String apply(Way way);
    }

    /** The way a change goes: the rack API's requests, or the direct writes. */
    private final class Way {
        private final Rack rack;
        private final String app;
        private final Optional<ApiWrites> api;
        private final String operator;
        /** Why a change that would go through the rack API goes directly instead, said with its outcome. */
        private final Optional<String> instead;

        Way(Rack rack, String app, Optional<ApiWrites> api, String operator) {
            this(rack, app, api, operator, Optional.empty());
        }

        Way(Rack rack, String app, Optional<ApiWrites> api, String operator, Optional<String> instead) {
            this.rack = rack;
            this.app = app;
            this.api = api;
            this.operator = operator;
            this.instead = instead;
        }

        /** The outcome's line: what was done, and why directly when the rack API could not be used. */
        String said(String done) {
            return instead.map(w -> done + " (written to Kubernetes directly: " + w + ")").orElse(done);
        }

        Optional<ApiWrites> api() {
            return api;
        }

        String operator() {
            return operator;
        }

        DirectWrites direct() {
            return new DirectWrites(kube.of(rack), rack, app, clock);
        }

        dev.rackside.services.shell.KubeSessions sessions() {
            return new dev.rackside.services.shell.KubeSessions(kube.of(rack), ConvoxLabels.appNamespace(
                    rack.internalName(), app), app, clock);
        }

        dev.rackside.services.shell.KubeTunnels tunnels() {
            return new dev.rackside.services.shell.KubeTunnels(kube.of(rack), ConvoxLabels.appNamespace(
                    rack.internalName(), app), app);
        }

        DirectReleases releases() {
            return new DirectReleases(kube.of(rack), rack, app, clock);
        }

        Promotion promotion(Progress progress) {
            return new Promotion(kube.of(rack), rack, app, holder(operator), progress, clock);
        }

        Optional<KubernetesClient> kubeIfAny() {
            try {
                return rack.context().isPresent() ? Optional.of(kube.of(rack)) : Optional.empty();
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        String path() {
            return api.map(ApiWrites::path).orElse(DirectWrites.PATH);
        }
    }

    private Outcome act(Rack rack, String app, Mutation m, Map<String, String> params, Fallback fallback,
            Progress progress, Body body) {
        return act(rack, app, m, params, fallback, progress, Map.of(), body);
    }

    private Optional<Outcome> readOnlyRefusal(Rack rack, Mutation m) {
        if (m.changesRack() && (sessionReadOnly || rack.readOnly())) {
            return Optional.of(Outcome.refused(m.id() + " refused: " + (sessionReadOnly ? "this session is read-only "
                    + "(--read-only)" : "rack " + rack.name() + " is read-only (racks.yaml)") + "; nothing was changed"));
        }
        return Optional.empty();
    }

    /**
     * The frame of a change. {@code learned}: what the change itself found out (a build's id, the release it
     * made), added to the journal's outcome record.
     */
    private Outcome act(Rack rack, String app, Mutation m, Map<String, String> params, Fallback fallback,
            Progress progress, Map<String, String> learned, Body body) {
        Optional<Outcome> readOnly = readOnlyRefusal(rack, m);
        if (readOnly.isPresent()) {
            return readOnly.get();
        }
        String operator = kube.operator(rack);
        Way way;
        try {
            way = way(rack, app, m, fallback, operator, progress);
        } catch (Refusal r) {
            return new Outcome(r.kind(), r.getMessage(), Optional.empty());
        }
        if (way.api().isEmpty() && m.changesRack()) {
            Optional<Outcome> denied = refuseIfForbidden(rack, app, m, operator);
            if (denied.isPresent()) {
                return denied.get();
            }
        }
        JournalRecord intent = JournalRecord.intent(UUID.randomUUID().toString(), operator, rack.name(),
                Optional.of(app), m.id(), params).withAwsCaller(aws.callerArn(rack));
        try {
            record(intent);
        } catch (Refusal r) {
            return new Outcome(r.kind(), r.getMessage(), Optional.empty());
        }
        Outcome outcome = run(way, body, m, rack, app, fallback, operator, progress);
        try {
            record(intent.outcome(outcome.ok() ? Optional.empty() : Optional.of(outcome.message()), outcome.path())
                    .learned(learned));
        } catch (Refusal r) {
            return new Outcome(Outcome.Kind.FAILED, outcome.message() + "; and " + r.getMessage(), outcome.path());
        }
        if (outcome.ok() && m.changesRack()) {
            way.kubeIfAny().ifPresent(c -> event(c, ConvoxLabels.appNamespace(rack.internalName(), app), "rackside "
                    + m.id() + " " + describe(params) + " by " + operator + " via " + outcome.path().orElse("")));
        }
        Optional<String> copy = copyJournal(rack);
        if (copy.isPresent()) {
            return new Outcome(outcome.kind(), outcome.message() + "; " + copy.get(), outcome.path());
        }
        return outcome;
    }

    /** How often a one-object direct edit is read and made again after a 409 (client-go's RetryOnConflict). */
    static final int CONFLICT_ATTEMPTS = 3;

    /**
     * Controllers write status all the time, and every write moves resourceVersion, so a read-modify-write may
     * meet a 409 for reasons unrelated to the operator's change. A one-object edit ("replicas = 4") is still
     * meant against the newer object: read again and reapply, a few times. A deploy is never redone.
     */
    private static boolean retriesConflicts(Mutation m) {
        return m == Mutation.SCALE || m == Mutation.RESTART || m == Mutation.LOCK || m == Mutation.UNLOCK;
    }

    private Outcome run(Way way, Body body, Mutation m, Rack rack, String app, Fallback fallback, String operator,
            Progress progress) {
        for (int attempt = 1; ; attempt++) {
            Outcome o = runOnce(way, body, m, rack, app, fallback, operator, progress);
            if (o.kind() != Outcome.Kind.CONFLICT || way.api().isPresent() || !retriesConflicts(m)
                    || !o.message().contains("concurrent change")) {
                return o;
            }
            if (attempt >= CONFLICT_ATTEMPTS) {
                return new Outcome(Outcome.Kind.CONFLICT, m.id() + " conflicted " + CONFLICT_ATTEMPTS + " times with "
                        + "other changes to the same object (someone keeps writing it); nothing was changed; run it "
                        + "again", o.path());
            }
        }
    }

    private Outcome runOnce(Way way, Body body, Mutation m, Rack rack, String app, Fallback fallback, String operator,
            Progress progress) {
        try {
            return Outcome.ok(way.said(body.apply(way)), way.path());
        } catch (ApiError e) {
            if ((e.notSent() || e.unauthorized()) && way.api().isPresent()) {
                String why = e.unauthorized() ? "the rack API refused the password (401: " + e.getMessage() + ")"
                        : e.getMessage();
                apis.markDown(rack, why);
                if (fallback == Fallback.DIRECT && rack.context().isPresent()) {
                    progress.line("the rack API cannot be used (" + why + "); writing to Kubernetes directly, as "
                            + "Convox " + dev.rackside.services.rackapi.RackApi.CONVOX_VERSION + " would");
                    return runOnce(new Way(rack, app, Optional.empty(), operator, Optional.of(why)), body, m, rack,
                            app, fallback,
                            operator, progress);
                }
                return new Outcome(e.unauthorized() ? Outcome.Kind.FORBIDDEN : Outcome.Kind.UNREACHABLE, m.id()
                        + " refused: " + why + "; nothing was changed" + (fallback == Fallback.REFUSE_DEPLOY
                        ? directHint() : ""), Optional.empty());
            }
            Outcome.Kind k = e.unreachable() ? Outcome.Kind.UNREACHABLE : e.status() == 409 ? Outcome.Kind.CONFLICT
                    : e.status() == 403 || e.status() == 401 ? Outcome.Kind.FORBIDDEN : Outcome.Kind.FAILED;
            String msg = e.unreachable() ? m.id() + ": " + e.getMessage() + "; the rack may or may not have made the "
                    + "change: look before trying again" : m.id() + " failed: the rack API answered " + e.status()
                    + ": " + e.getMessage();
            return new Outcome(k, msg, Optional.of(way.path()));
        } catch (Refusal r) {
            return new Outcome(r.kind(), r.getMessage(), Optional.of(way.path()));
        } catch (KubernetesClientException e) {
            String why = switch (KubeErrors.code(e)) {
                case 409 -> m.id() + " met a concurrent change: " + KubeErrors.describe(e) + "; run it again";
                case 403 -> m.id() + " refused by the cluster: " + KubeErrors.describe(e) + "; nothing was changed";
                default -> m.id() + " failed: " + KubeErrors.describe(e);
            };
            return new Outcome(kindOf(e), why, Optional.of(way.path()));
        } catch (Outcome.Failed f) {
            return f.outcome();
        } catch (IllegalArgumentException | IllegalStateException e) {
            return new Outcome(Outcome.Kind.FAILED, m.id() + " failed: " + e.getMessage(), Optional.of(way.path()));
        }
    }

    /** The way for this change, or a refusal when a deploy would have to go without the rack's API. */
    private Way way(Rack rack, String app, Mutation m, Fallback fallback, String operator, Progress progress) {
        RackApis.Choice c = apis.choose(rack);
        if (c instanceof RackApis.Api a) {
            Optional<KubernetesClient> k = Optional.empty();
            try {
                k = rack.context().isPresent() ? Optional.of(kube.of(rack)) : Optional.empty();
            } catch (RuntimeException e) {
                // rackside's own view of a deploy is a courtesy
            }
            return new Way(rack, app, Optional.of(new ApiWrites(a.api(), k, rack, app, clock)), operator);
        }
        if (c instanceof RackApis.Down d) {
            if (fallback == Fallback.REFUSE_DEPLOY) {
                throw new Refusal(Outcome.Kind.UNREACHABLE, m.id() + " refused: the rack API cannot be used: " + d.why()
                        + "; nothing was changed" + directHint());
            }
            if (rack.context().isEmpty()) {
                throw new Refusal(Outcome.Kind.UNREACHABLE, m.id() + " refused: the rack API cannot be used: "
                        + d.why() + "; nothing was changed");
            }
            progress.line("the rack API cannot be used (" + d.why() + "); writing to Kubernetes directly, as Convox "
                    + dev.rackside.services.rackapi.RackApi.CONVOX_VERSION + " would");
            return new Way(rack, app, Optional.empty(), operator, Optional.of("the rack API cannot be used: "
                    + d.why()));
        }
        if (rack.context().isEmpty()) {
            throw new Refusal(Outcome.Kind.UNREACHABLE, m.id() + " refused: rack " + rack.name()
                    + " has no kube context; nothing was changed");
        }
        return new Way(rack, app, Optional.empty(), operator);
    }

    private static String directHint() {
        return ". A deploy without the rack's API uses rackside's own renderer, which follows Convox "
                + dev.rackside.services.rackapi.RackApi.CONVOX_VERSION + "'s templates but not a rack's own version of "
                + "them; add --direct to deploy that way anyway";
    }

    /** The deploy lease around a deploy, on either path; without the right to take it, a warning and on. */
    private String leased(Way w, java.util.function.Supplier<String> deploy) {
        Optional<KubernetesClient> k = w.kubeIfAny();
        if (k.isEmpty()) {
            return deploy.get();
        }
        String ns = ConvoxLabels.appNamespace(w.rack.internalName(), w.app);
        DeployLease lease = new DeployLease(k.get(), ns, holder(w.operator()), clock);
        boolean held;
        try {
            lease.acquire();
            held = true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403 || w.api().isEmpty()) {
                throw e;
            }
            held = false; // the rack API may still deploy; without the lease another rackside is not kept out
        }
        java.util.concurrent.ScheduledFuture<?> renew = held ? RENEWALS.scheduleAtFixedRate(lease::renew, 10, 10,
                java.util.concurrent.TimeUnit.SECONDS) : null;
        try {
            return deploy.get();
        } finally {
            if (renew != null) {
                renew.cancel(false);
                lease.release();
            }
        }
    }

    private static final java.util.concurrent.ScheduledExecutorService RENEWALS =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rackside-lease");
                t.setDaemon(true);
                return t;
            });

    private static Duration deadline(Rack rack, Deploy deploy) {
        return deploy.deadline().orElse(rack.settings().deployTimeoutOrConvox());
    }

    /**
     * Whether the operator chose the deadline (on the command line, or as the rack's racks.yaml
     * {@code deployTimeout}): only then is it sent to the rack API as {@code timeout}, otherwise the rack's own
     * default applies, as with the Convox CLI.
     */
    private static boolean chosen(Rack rack, Deploy deploy) {
        return deploy.deadline().isPresent() || rack.settings().deployTimeout().isPresent();
    }

    /** A permission a direct write needs: verb on group/resource, in the app's namespace or cluster-wide. */
    record Needs(String verb, String group, String resource, boolean namespaced) {
    }

    private static final List<Needs> DEPLOY = List.of(new Needs("create", "atom.convox.com", "atomversions", true),
            new Needs("update", "atom.convox.com", "atoms", true),
            new Needs("create", "coordination.k8s.io", "leases", true));

    /** What each change asks of Kubernetes when it is made directly: the table behind {@link #forbidden}. */
    static List<Needs> needs(Mutation m) {
        return switch (m) {
            case SCALE, RESTART -> List.of(new Needs("update", "apps", "deployments", true));
            case LOCK, UNLOCK -> List.of(new Needs("patch", "", "namespaces", false));
            case PROMOTE -> DEPLOY;
            case ROLLBACK, ENV_SET, ENV_UNSET -> concat(DEPLOY, new Needs("create", "convox.com", "releases", true));
            case CANCEL -> List.of(new Needs("update", "atom.convox.com", "atoms", true));
            case STOP -> List.of(new Needs("delete", "", "pods", true));
            case EXEC, RUN -> List.of(new Needs("create", "", "pods/exec", true));
            case PROXY -> List.of(new Needs("create", "", "pods/portforward", true));
            case ENV_REVEAL -> List.of(new Needs("get", "convox.com", "releases", true));
            case BUILD, DEPLOY -> List.of();
        };
    }

    private static List<Needs> concat(List<Needs> a, Needs b) {
        List<Needs> out = new ArrayList<>(a);
        out.add(b);
        return out;
    }

    private Optional<Outcome> refuseIfForbidden(Rack rack, String app, Mutation m, String operator) {
        String context = rack.context().orElse("");
        String ns = ConvoxLabels.appNamespace(rack.internalName(), app);
        KubernetesClient client;
        try {
            client = kube.of(rack);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        for (Needs n : needs(m)) {
            String where = n.namespaced() ? ns : "";
            if (access.allowed(client, context, where, n.verb(), n.group(), n.resource()).equals(Optional.of(false))) {
                return Optional.of(new Outcome(Outcome.Kind.FORBIDDEN, m.id() + " refused: your kube user (" + operator
                        + ") may not " + n.verb() + " " + n.resource() + (n.group().isEmpty() ? "" : "." + n.group())
                        + (where.isEmpty() ? "" : " in " + where) + " (SelfSubjectAccessReview); nothing was changed",
                        Optional.empty()));
            }
        }
        return Optional.empty();
    }

    @Override
    public JournalCopy journalCopy(Rack rack) {
        String group = rack.settings().journalLogGroup().orElseThrow(() -> new IllegalArgumentException("rack "
                + rack.name() + " has no remote journal: set journal: {cloudwatch: GROUP} in racks.yaml"));
        var logs = aws.logs(rack);
        var d = remote.deliver(rack.name(), logs, group);
        try {
            var v = remote.verify(rack.name(), logs, group);
            return new JournalCopy(group, remote.stream(), d.sent(), d.problem(), v.intact(), v.local(), v.remote(),
                    v.problems());
        } catch (IOException e) {
            return new JournalCopy(group, remote.stream(), d.sent(), d.problem(), false, 0, 0, List.of(
                    "cannot read the journal " + journal.file() + ": " + e.getMessage()));
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            return new JournalCopy(group, remote.stream(), d.sent(), d.problem(), false, 0, 0, List.of("cannot read "
                    + group + ": " + dev.rackside.services.aws.AwsErrors.describe(e)));
        }
    }

    /**
     * racks.yaml {@code journal: {cloudwatch: GROUP}}: the rack's records not yet in the group sent now, after the
     * outcome is on disk (a process that exits right after a change has delivered it). What could not be sent
     * waits for the next change; the reason is returned to be told.
     */
    private Optional<String> copyJournal(Rack rack) {
        Optional<String> group = rack.settings().journalLogGroup();
        if (group.isEmpty()) {
            return Optional.empty();
        }
        try {
            return remote.deliver(rack.name(), aws.logs(rack), group.get()).problem();
        } catch (RuntimeException e) {
            return Optional.of("journal copy to CloudWatch Logs group " + group.get() + " failed: " + e.getMessage());
        }
    }

    private void record(JournalRecord r) {
        try {
            journal.append(r);
        } catch (IOException e) {
            // No journal, no action: an unrecorded write is exactly what the journal exists to prevent.
            throw new Refusal(Outcome.Kind.FAILED, "cannot write the operator journal " + journal.file() + ": "
                    + e.getMessage() + "; nothing was changed");
        }
    }

    /** Who holds a deploy's Lease: the operator, which rackside on which machine, and this one action. */
    static String holder(String operator) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown host";
        }
        return operator + " (rackside pid " + ProcessHandle.current().pid() + " on " + host + ", action "
                + UUID.randomUUID().toString().substring(0, 8) + ")";
    }

    private void event(KubernetesClient client, String ns, String message) {
        try {
            String now = clock.instant().toString();
            client.v1().events().inNamespace(ns).resource(new EventBuilder().withNewMetadata()
                    .withName(ns + "." + Long.toHexString(System.nanoTime())).endMetadata()
                    .withNewInvolvedObject().withKind("Namespace").withName(ns).withApiVersion("v1")
                    .endInvolvedObject().withReason("Rackside").withMessage(message).withType("Normal")
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent("rackside").endSource().build()).create();
        } catch (RuntimeException e) {
            // the change is made and journaled; a missing Event must not turn it into a failure
        }
    }

    private static Map<String, String> params(String k, String v) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(k, v);
        return m;
    }

    private static String describe(Map<String, String> params) {
        List<String> parts = new ArrayList<>();
        params.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(" ", parts);
    }

    private static Outcome.Kind kindOf(KubernetesClientException e) {
        return DirectWrites.kindOf(e);
    }
}
