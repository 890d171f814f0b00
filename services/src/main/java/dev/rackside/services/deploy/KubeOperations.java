package dev.rackside.services.deploy;

import dev.rackside.services.audit.Journal;
import dev.rackside.services.audit.JournalRecord;
import dev.rackside.services.kube.ConvoxLabels;
import dev.rackside.services.kube.KubeClientFactory;
import dev.rackside.services.kube.KubeErrors;
import dev.rackside.services.kube.Kubeconfig;
import dev.rackside.services.kube.ProcessMapper;
import dev.rackside.services.model.Rack;
import dev.rackside.services.racks.Environment;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link Operations} over the rack's own kube context, journaled. */
public final class KubeOperations implements Operations {
    private static final Pattern RANGE = Pattern.compile("(\\d+)-(\\d+)");

    private final Environment env;
    private final Journal journal;
    private final boolean sessionReadOnly;
    private final AccessCheck access = new AccessCheck();

    /** A permission a write needs: verb on group/resource, in the app's namespace or cluster-wide. */
    private record Needs(String verb, String group, String resource, boolean namespaced) {
    }

    private final dev.rackside.services.aws.AwsClients aws;

    public KubeOperations(Environment env, Journal journal, boolean sessionReadOnly) {
        this(env, journal, sessionReadOnly, new dev.rackside.services.aws.AwsClients(env.variables()));
    }

    /** @param aws asked for the AWS caller ARN the journal records next to the kube user */
    public KubeOperations(Environment env, Journal journal, boolean sessionReadOnly,
            dev.rackside.services.aws.AwsClients aws) {
        this.env = env;
        this.journal = journal;
        this.sessionReadOnly = sessionReadOnly;
        this.aws = aws;
    }

    @Override
    public String scale(Rack rack, String app, String service, Optional<String> count, Optional<Integer> cpu,
            Optional<Integer> memory) {
        if (count.isEmpty() && cpu.isEmpty() && memory.isEmpty()) {
            throw new Refused("nothing to change: give --count, --cpu or --memory");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("service", service);
        count.ifPresent(c -> params.put("count", c));
        cpu.ifPresent(c -> params.put("cpu", String.valueOf(c)));
        memory.ifPresent(m -> params.put("memory", String.valueOf(m)));
        List<Needs> needs = count.filter(c -> RANGE.matcher(c).matches()).isPresent()
                && cpu.isEmpty() && memory.isEmpty()
                ? List.of(new Needs("update", "autoscaling", "horizontalpodautoscalers", true))
                : List.of(new Needs("update", "apps", "deployments", true));
        return act(rack, Optional.of(app), "scale", params, needs, client -> {
            String ns = ConvoxLabels.appNamespace(rack.internalName(), app);
            Optional<int[]> range = count.map(RANGE::matcher).filter(Matcher::matches)
                    .map(m -> new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
            if (range.isPresent()) {
                HorizontalPodAutoscaler hpa = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns)
                        .withName(service).get();
                if (hpa == null) {
                    throw new Refused("service " + service + " has no autoscaler: its range comes from convox.yml "
                            + "(scale.count); nothing was changed");
                }
                hpa.getSpec().setMinReplicas(range.get()[0]);
                hpa.getSpec().setMaxReplicas(range.get()[1]);
                client.resource(hpa).inNamespace(ns).update();
                event(client, hpa, "rackside scale " + service + " count=" + count.get());
            }
            if ((count.isPresent() && range.isEmpty()) || cpu.isPresent() || memory.isPresent()) {
                Deployment d = deployment(client, ns, app, service);
                count.filter(c -> range.isEmpty()).ifPresent(c -> {
                    if (!c.matches("\\d+")) {
                        throw new Refused("--count must be a number or MIN-MAX, not '" + c + "'");
                    }
                    d.getSpec().setReplicas(Integer.parseInt(c));
                });
                Container c = ProcessMapper.primaryContainer(d.getSpec().getTemplate().getSpec().getContainers(), app)
                        .orElseThrow(() -> new Refused("deployment " + service + " has no containers"));
                ResourceRequirements res = c.getResources() == null ? new ResourceRequirements() : c.getResources();
                Map<String, Quantity> requests = res.getRequests() == null ? new HashMap<>()
                        : new HashMap<>(res.getRequests());
                Map<String, Quantity> limits = res.getLimits() == null ? new HashMap<>() : new HashMap<>(res.getLimits());
                // As Convox's ServiceUpdate: cpu sets the request; memory sets request and limit.
                cpu.ifPresent(v -> requests.put("cpu", new Quantity(v + "m")));
                memory.ifPresent(v -> {
                    requests.put("memory", new Quantity(v + "Mi"));
                    limits.put("memory", new Quantity(v + "Mi"));
                });
                res.setRequests(requests);
                res.setLimits(limits);
                c.setResources(res);
                client.resource(d).inNamespace(ns).update();
                event(client, d, "rackside scale " + service + " " + describe(params));
            }
            return "scaled " + app + "/" + service + " (" + describe(params) + ")";
        });
    }

    @Override
    public String restart(Rack rack, String app, Optional<String> service) {
        Map<String, String> params = new LinkedHashMap<>();
        service.ifPresent(s -> params.put("service", s));
        return act(rack, Optional.of(app), "restart", params,
                List.of(new Needs("update", "apps", "deployments", true)), client -> {
            String ns = ConvoxLabels.appNamespace(rack.internalName(), app);
            List<Deployment> targets = service.isPresent() ? List.of(deployment(client, ns, app, service.get()))
                    : client.apps().deployments().inNamespace(ns).withLabel(ConvoxLabels.TYPE, "service").list()
                            .getItems();
            String stamp = String.valueOf(Instant.now().getEpochSecond() * 1_000_000_000L + Instant.now().getNano());
            for (Deployment d : targets) {
                Map<String, String> ann = d.getSpec().getTemplate().getMetadata().getAnnotations() == null
                        ? new HashMap<>() : new HashMap<>(d.getSpec().getTemplate().getMetadata().getAnnotations());
                ann.put("convox.com/restart", stamp);
                d.getSpec().getTemplate().getMetadata().setAnnotations(ann);
                client.resource(d).inNamespace(ns).update();
                event(client, d, "rackside restart " + d.getMetadata().getName());
            }
            return "restarting " + app + ": " + String.join(", ", targets.stream()
                    .map(d -> d.getMetadata().getName()).toList());
        });
    }

    @Override
    public String lock(Rack rack, String app, boolean locked) {
        return act(rack, Optional.of(app), locked ? "lock" : "unlock", Map.of(),
                List.of(new Needs("update", "", "namespaces", false)), client -> {
            String ns = ConvoxLabels.appNamespace(rack.internalName(), app);
            Namespace n = client.namespaces().withName(ns).get();
            if (n == null) {
                throw new Refused("app " + app + " not found on rack " + rack.name() + "; nothing was changed");
            }
            Map<String, String> ann = n.getMetadata().getAnnotations() == null ? new HashMap<>()
                    : new HashMap<>(n.getMetadata().getAnnotations());
            ann.put(ConvoxLabels.ANN_LOCK, String.valueOf(locked));
            n.getMetadata().setAnnotations(ann);
            client.resource(n).update();
            event(client, n, "rackside " + (locked ? "lock" : "unlock") + " " + app);
            return (locked ? "locked " : "unlocked ") + app;
        });
    }

    private static final List<Needs> DEPLOY = List.of(new Needs("create", "atom.convox.com", "atomversions", true),
            new Needs("update", "atom.convox.com", "atoms", true),
            new Needs("create", "coordination.k8s.io", "leases", true));

    /** What each action asks of the API, by the console's action id: the table behind {@link #forbidden}. */
    private static final Map<String, List<Needs>> ACTION_NEEDS = Map.of(
            "scale", List.of(new Needs("update", "apps", "deployments", true)),
            "restart", List.of(new Needs("update", "apps", "deployments", true)),
            "lock", List.of(new Needs("update", "", "namespaces", false)),
            "promote", DEPLOY,
            "rollback", java.util.stream.Stream.concat(DEPLOY.stream(), java.util.stream.Stream.of(
                    new Needs("create", "convox.com", "releases", true))).toList(),
            "cancel", List.of(new Needs("update", "atom.convox.com", "atoms", true)));

    @Override
    public java.util.Set<String> forbidden(Rack rack, String app) {
        if (rack.context().isEmpty()) {
            return java.util.Set.of();
        }
        String context = rack.context().get();
        String ns = ConvoxLabels.appNamespace(rack.internalName(), app);
        java.util.Set<String> out = new java.util.TreeSet<>();
        try (KubernetesClient client = readClient(rack)) {
            ACTION_NEEDS.forEach((action, needs) -> {
                for (Needs n : needs) {
                    if (access.allowed(client, context, n.namespaced() ? ns : "", n.verb(), n.group(), n.resource())
                            .equals(Optional.of(false))) {
                        out.add(action);
                        return;
                    }
                }
            });
        } catch (RuntimeException e) {
            return java.util.Set.of(); // unknown is not forbidden: the write is tried and a 403 reported then
        }
        return out;
    }

    @Override
    public String promote(Rack rack, String app, String release, Duration timeout, Consumer<String> progress) {
        return act(rack, Optional.of(app), "promote", new LinkedHashMap<>(Map.of("release", release.toUpperCase(
                java.util.Locale.ROOT), "timeout", timeout.toSeconds() + "s")), DEPLOY, false, (client, operator) ->
                new Promotion(client, rack, app, holder(operator), progress, Clock.systemUTC()).promote(release,
                        timeout));
    }

    @Override
    public String rollback(Rack rack, String app, String release, Duration timeout, Consumer<String> progress) {
        List<Needs> needs = new java.util.ArrayList<>(DEPLOY);
        needs.add(new Needs("create", "convox.com", "releases", true));
        return act(rack, Optional.of(app), "rollback", new LinkedHashMap<>(Map.of("release", release.toUpperCase(
                java.util.Locale.ROOT), "timeout", timeout.toSeconds() + "s")), needs, false, (client, operator) ->
                new Promotion(client, rack, app, holder(operator), progress, Clock.systemUTC()).rollback(release,
                        timeout));
    }

    @Override
    public String cancel(Rack rack, String app, Duration timeout, Consumer<String> progress) {
        return act(rack, Optional.of(app), "cancel", new LinkedHashMap<>(), List.of(new Needs("update",
                "atom.convox.com", "atoms", true)), false, (client, operator) -> new Promotion(client, rack, app,
                holder(operator), progress, Clock.systemUTC()).cancel(timeout));
    }

    @Override
    public java.util.SortedMap<String, String> env(Rack rack, String app) {
        try (KubernetesClient client = readClient(rack)) {
            java.util.TreeMap<String, String> masked = new java.util.TreeMap<>();
            new AppEnv(client, rack, app, Clock.systemUTC()).current().forEach((k, v) -> masked.put(k,
                    v.isEmpty() ? "" : dev.rackside.services.kube.SecretMask.MASK));
            return masked;
        } catch (KubernetesClientException e) {
            throw new Refused("cannot read the env of " + app + ": " + KubeErrors.describe(e));
        }
    }

    @Override
    public String reveal(Rack rack, String app, String key) {
        // No cluster write, but a journaled action: who read which secret, and when.
        return act(rack, Optional.of(app), "env reveal", new LinkedHashMap<>(Map.of("key", key)), List.of(
                new Needs("get", "convox.com", "releases", true)), false, (client, operator) -> {
                    String v = new AppEnv(client, rack, app, Clock.systemUTC()).current().get(key);
                    if (v == null) {
                        throw new Refused("the env of " + app + " has no " + key);
                    }
                    return v;
                }, true);
    }

    @Override
    public String envChange(Rack rack, String app, Map<String, String> set, List<String> unset, boolean promote,
            Duration timeout, Consumer<String> progress) {
        Map<String, String> params = new LinkedHashMap<>();
        set.keySet().forEach(k -> params.put("set " + k, "<redacted>"));
        unset.forEach(k -> params.put("unset " + k, ""));
        params.put("promote", String.valueOf(promote));
        List<Needs> needs = new java.util.ArrayList<>(List.of(new Needs("create", "convox.com", "releases", true)));
        if (promote) {
            needs.addAll(DEPLOY);
        }
        return act(rack, Optional.of(app), "env", params, needs, false, (client, operator) -> {
            String id = new AppEnv(client, rack, app, Clock.systemUTC()).change(set, unset);
            if (!promote) {
                return "created release " + id + " (not promoted: rackside promote -r " + rack.name() + " -a " + app
                        + " " + id + ")";
            }
            progress.accept("created release " + id);
            return new Promotion(client, rack, app, holder(operator), progress, Clock.systemUTC()).promote(id,
                    timeout);
        });
    }

    /** A client for a read on the rack's context: no journal, no read-only check (nothing is written). */
    private KubernetesClient readClient(Rack rack) {
        String context = rack.context().orElseThrow(() -> new Refused("rack " + rack.name() + " has no kube context"));
        Kubeconfig kubeconfig = Kubeconfig.load(rack.kubeconfig().map(p -> List.of(Path.of(p)))
                .orElse(env.kubeconfigFiles()));
        return KubeClientFactory.create(kubeconfig, context, KubeClientFactory.Timeouts.SESSION);
    }

    /**
     * Who holds a deploy's Lease: the operator, which rackside on which machine, and this one action (so a
     * cancel from the same process is not mistaken for the deploy's driver).
     */
    private static String holder(String operator) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown host";
        }
        return operator + " (rackside pid " + ProcessHandle.current().pid() + " on " + host + ", action "
                + UUID.randomUUID().toString().substring(0, 8) + ")";
    }

    /**
     * The common frame of every write: refuse on read-only racks, journal the intent (on disk before the
     * write), do it on the rack's context, journal the outcome, and turn API refusals into one clear line.
     */
    private String act(Rack rack, Optional<String> app, String action, Map<String, String> params, List<Needs> needs,
            Function<KubernetesClient, String> write) {
        return act(rack, app, action, params, needs, true, (client, operator) -> write.apply(client));
    }

    /** A write that also needs to know who makes it (a deploy's Lease names its holder). */
    @FunctionalInterface
    private interface Write {
        String apply(KubernetesClient client, String operator);
    }

    /** @param retryConflicts redo the whole write on a 409 (a one-object edit), or not (a deploy) */
    private String act(Rack rack, Optional<String> app, String action, Map<String, String> params, List<Needs> needs,
            boolean retryConflicts, Write write) {
        return act(rack, app, action, params, needs, retryConflicts, write, false);
    }

    /** @param readsOnly the action writes nothing to the rack (a reveal): read-only mode allows it */
    private String act(Rack rack, Optional<String> app, String action, Map<String, String> params, List<Needs> needs,
            boolean retryConflicts, Write write, boolean readsOnly) {
        if (!readsOnly && (sessionReadOnly || rack.readOnly())) {
            throw new Refused(action + " refused: " + (sessionReadOnly ? "this session is read-only (--read-only)"
                    : "rack " + rack.name() + " is read-only (racks.yaml)") + "; nothing was changed");
        }
        String context = rack.context().orElseThrow(() -> new Refused("rack " + rack.name()
                + " has no kube context; nothing was changed"));
        Kubeconfig kubeconfig = Kubeconfig.load(rack.kubeconfig().map(p -> List.of(Path.of(p)))
                .orElse(env.kubeconfigFiles()));
        String ns = app.map(a -> ConvoxLabels.appNamespace(rack.internalName(), a)).orElse("");
        String operator = kubeconfig.user(context).orElse("unknown") + "@" + context;
        // One client for the permission check and the write: one TLS handshake per action, not two.
        try (KubernetesClient client = KubeClientFactory.create(kubeconfig, context,
                KubeClientFactory.Timeouts.SESSION)) {
            refuseIfForbidden(client, context, operator, ns, action, needs);
            JournalRecord intent = JournalRecord.intent(UUID.randomUUID().toString(), operator, rack.name(), app,
                    action, params).withAwsCaller(aws.callerArn(rack));
            record(intent);
            return journaledWrite(client, intent, action, c -> write.apply(c, operator), retryConflicts);
        }
    }

    /** A known "no" from SelfSubjectAccessReview refuses before anything is journaled or written. */
    private void refuseIfForbidden(KubernetesClient client, String context, String operator, String ns,
            String action, List<Needs> needs) {
        for (Needs n : needs) {
            String where = n.namespaced() ? ns : "";
            if (access.allowed(client, context, where, n.verb(), n.group(), n.resource()).equals(Optional.of(false))) {
                throw new Refused(action + " refused: your kube user (" + operator + ") may not " + n.verb() + " "
                        + n.resource() + (n.group().isEmpty() ? "" : "." + n.group())
                        + (where.isEmpty() ? "" : " in " + where) + " (SelfSubjectAccessReview); nothing was changed");
            }
        }
    }

    private String journaledWrite(KubernetesClient client, JournalRecord intent, String action,
            Function<KubernetesClient, String> write, boolean retryConflicts) {
        try {
            String done = retryConflicts ? withConflictRetries(client, write) : write.apply(client);
            record(intent.outcome(Optional.empty()));
            return done;
        } catch (Refused e) {
            record(intent.outcome(Optional.of(e.getMessage())));
            throw e;
        } catch (KubernetesClientException e) {
            String why = switch (KubeErrors.code(e)) {
                case 409 -> retryConflicts ? action + " conflicted " + CONFLICT_ATTEMPTS + " times with other "
                        + "changes to the same object (someone keeps writing it); nothing was changed; run it again"
                        : action + " met a concurrent change: " + KubeErrors.describe(e) + "; run it again";
                case 403 -> action + " refused by the cluster: " + KubeErrors.describe(e) + "; nothing was changed";
                default -> action + " failed: " + KubeErrors.describe(e);
            };
            record(intent.outcome(Optional.of(why)));
            throw new Refused(why);
        }
    }

    static final int CONFLICT_ATTEMPTS = 3;

    /**
     * Controllers write status all the time, and every write moves resourceVersion, so a read-modify-write
     * may meet a 409 for reasons unrelated to the operator's change. The change ("replicas = 4") is still
     * meant against the newer object: read again and reapply, a few times, as client-go's RetryOnConflict.
     */
    private static String withConflictRetries(KubernetesClient client, Function<KubernetesClient, String> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.apply(client);
            } catch (KubernetesClientException e) {
                if (KubeErrors.code(e) != 409 || attempt >= CONFLICT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void record(JournalRecord r) {
        try {
            journal.append(r);
        } catch (IOException e) {
            // No journal, no action: an unrecorded write is exactly what the journal exists to prevent.
            throw new Refused("cannot write the operator journal " + journal.file() + ": " + e.getMessage()
                    + "; nothing was changed");
        }
    }

    private static Deployment deployment(KubernetesClient client, String ns, String app, String service) {
        Deployment d = client.apps().deployments().inNamespace(ns).withName(service).get();
        if (d == null) {
            throw new Refused("service " + service + " not found in app " + app + "; nothing was changed");
        }
        return d;
    }

    private static void event(KubernetesClient client, HasMetadata obj, String message) {
        try {
            String now = Instant.now().toString();
            String ns = obj.getMetadata().getNamespace() != null ? obj.getMetadata().getNamespace()
                    : obj.getMetadata().getName();
            client.v1().events().inNamespace(ns).resource(new EventBuilder().withNewMetadata()
                    .withName(obj.getMetadata().getName() + "." + Long.toHexString(System.nanoTime())).endMetadata()
                    .withNewInvolvedObject().withKind(obj.getKind()).withName(obj.getMetadata().getName())
                    .withNamespace(obj.getMetadata().getNamespace()).withApiVersion(obj.getApiVersion())
                    .endInvolvedObject().withReason("Rackside").withMessage(message).withType("Normal")
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent("rackside").endSource().build()).create();
        } catch (RuntimeException e) {
            // the change is made and journaled; a missing Event must not turn it into a failure
        }
    }

    private static String describe(Map<String, String> params) {
        StringBuilder b = new StringBuilder();
        params.forEach((k, v) -> {
            if (!k.equals("service")) {
                b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v);
            }
        });
        return b.toString();
    }
}
