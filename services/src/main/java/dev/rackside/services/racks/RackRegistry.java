package dev.rackside.services.racks;


import dev.rackside.services.api.Racks;
import dev.rackside.services.kube.Kubeconfig;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.RackFacts;
import dev.rackside.services.model.RackSource;
import dev.rackside.services.model.RackStatus;
import dev.rackside.services.model.Tier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Merges racks.yaml, kubeconfig discovery and the Convox CLI into one list. A rack that is in racks.yaml
 * and discovered is one rack; so is a Convox CLI rack that a context turns out to hold.
 */
public final class RackRegistry implements Racks {
    private static final Duration DISCOVERY_DEADLINE = Duration.ofSeconds(10);
    /** How long a rack asked for by name waits for the contexts that did not answer the sweep. */
    private static final Duration NAMED_PATIENCE = Duration.ofSeconds(30);

    private final Environment env;
    private final ExecutorService executor;
    private final Duration sweep;
    private final Duration patience;

    public RackRegistry(Environment env, ExecutorService executor) {
        this(env, executor, DISCOVERY_DEADLINE, NAMED_PATIENCE);
    }

    /** With other deadlines for the sweep and for a named rack's unanswered contexts (tests). */
    RackRegistry(Environment env, ExecutorService executor, Duration sweep, Duration patience) {
        this.env = env;
        this.executor = executor;
        this.sweep = sweep;
        this.patience = patience;
    }

    @Override
    public Listing list() {
        return list(sweep, dev.rackside.services.kube.KubeClientFactory.Timeouts.DISCOVERY, null);
    }

    /**
     * The listing, every context asked within {@code deadline}.
     *
     * @param only when given, only these contexts are asked (the ones that did not answer before)
     */
    private Listing list(Duration deadline, dev.rackside.services.kube.KubeClientFactory.Timeouts timeouts,
            java.util.Set<String> only) {
        List<String> problems = new ArrayList<>();
        RacksFile.Result yaml = RacksFile.read(env.racksFile());
        problems.addAll(yaml.problems());
        ConvoxCliRacks.Result cli = ConvoxCliRacks.read(env.convoxConfig());
        problems.addAll(cli.problems());
        Kubeconfig kubeconfig = Kubeconfig.load(env.kubeconfigFiles());
        problems.addAll(kubeconfig.problems());

        // Every context is asked once; racks.yaml entries with their own kubeconfig are asked separately.
        Map<String, RackDiscovery.Probe> probes = new LinkedHashMap<>();
        List<String> contexts = only == null ? kubeconfig.contextNames() : kubeconfig.contextNames().stream()
                .filter(only::contains).toList();
        for (RackDiscovery.Probe p : RackDiscovery.probeAll(kubeconfig, contexts, executor, deadline, timeouts)) {
            probes.put(key(Optional.empty(), p.context()), p);
        }
        for (RackConfig rc : yaml.racks()) {
            if (rc.kubeconfig().isPresent()) {
                Kubeconfig own = Kubeconfig.load(List.of(Path.of(rc.kubeconfig().get())));
                problems.addAll(own.problems());
                probes.put(key(rc.kubeconfig(), rc.context()), RackDiscovery.probe(own, rc.context()));
            }
        }
        return merge(yaml.racks(), cli.racks(), probes, problems);
    }

    @Override
    public Rack resolve(Optional<String> requested) {
        Optional<String> name = requested.or(() -> env.get("RACKSIDE_RACK"));
        if (name.isPresent()) {
            Optional<Rack> quick = resolveFromRacksYaml(name.get()).or(() -> resolveFromContext(name.get()));
            if (quick.isPresent()) {
                return quick.get();
            }
        }
        Listing all = list();
        if (name.isEmpty()) {
            if (all.racks().size() == 1) {
                return all.racks().get(0);
            }
            if (all.racks().isEmpty()) {
                throw new RackNotFound("no rack is known: add one to " + env.racksFile()
                        + " or point KUBECONFIG at a cluster that runs a Convox rack");
            }
            throw new RackNotFound("several racks are known (" + names(all.racks())
                    + "): choose one with --rack or RACKSIDE_RACK");
        }
        String wanted = name.get();
        Optional<Rack> found = named(all, wanted);
        if (found.isPresent()) {
            return found.get();
        }
        // A context that did not answer the sweep may be the one that holds it: ask those again, with a
        // session's patience, before saying the rack does not exist.
        java.util.Set<String> unanswered = unanswered(all);
        if (unanswered.isEmpty()) {
            throw new RackNotFound("no rack named '" + wanted + "'" + (all.racks().isEmpty() ? "" : " (known: "
                    + names(all.racks()) + ")") + (all.problems().isEmpty() ? "" : "; " + String.join("; ",
                    all.problems())) + sandboxHint(wanted));
        }
        Listing again = list(patience, dev.rackside.services.kube.KubeClientFactory.Timeouts.SESSION, unanswered);
        found = named(again, wanted);
        if (found.isPresent()) {
            return found.get();
        }
        java.util.Set<String> still = unanswered(again);
        List<String> said = new ArrayList<>();
        for (String p : again.problems()) {
            String context = contextOf(p);
            said.add(still.contains(context) ? "context " + context + " did not answer in " + patience.toSeconds()
                    + " s (" + p.substring(("context " + context + ": ").length()) + ")" : p);
        }
        throw new RackNotFound((still.isEmpty() ? "no rack named '" + wanted + "'" : "rack '" + wanted
                + "' is not in the contexts that answered, and " + still.size() + " did not")
                + (all.racks().isEmpty() ? "" : " (known: " + names(all.racks()) + ")")
                + (said.isEmpty() ? "" : "; " + String.join("; ", said)));
    }

    /** The sandbox is served, not configured: a newcomer asking for it by name is told how to have it. */
    private static String sandboxHint(String wanted) {
        return wanted.equals("sandbox") ? ". The sandbox rack exists while it is served: ./rackside opens it in the "
                + "console when no rack is configured; for the CLI, run 'rackside sandbox --kubeconfig F' in another "
                + "terminal and then KUBECONFIG=F rackside --rack sandbox ..." : "";
    }

    private static Optional<Rack> named(Listing l, String wanted) {
        return l.racks().stream().filter(r -> r.name().equals(wanted) || r.internalName().equals(wanted))
                .findFirst();
    }

    /** The contexts whose probe failed, from the listing's "context X: why" problems. */
    private static java.util.Set<String> unanswered(Listing l) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (String p : l.problems()) {
            String c = contextOf(p);
            if (!c.isEmpty() && !dev.rackside.services.kube.KubeErrors.patienceCannotCure(p)) {
                out.add(c);
            }
        }
        return out;
    }

    private static String contextOf(String problem) {
        if (!problem.startsWith("context ")) {
            return "";
        }
        int colon = problem.indexOf(": ", 8);
        return colon < 0 ? "" : problem.substring(8, colon);
    }

    /** A racks.yaml rack is resolved by probing its own context only: no other cluster is contacted. */
    private Optional<Rack> resolveFromRacksYaml(String name) {
        RacksFile.Result yaml = RacksFile.read(env.racksFile());
        Optional<RackConfig> rc = yaml.racks().stream().filter(r -> r.name().equals(name)).findFirst();
        if (rc.isEmpty()) {
            return Optional.empty();
        }
        Kubeconfig kubeconfig = Kubeconfig.load(rc.get().kubeconfig().map(p -> List.of(Path.of(p)))
                .orElse(env.kubeconfigFiles()));
        RackDiscovery.Probe probe = RackDiscovery.probe(kubeconfig, rc.get().context());
        Map<String, RackDiscovery.Probe> probes = Map.of(key(rc.get().kubeconfig(), rc.get().context()), probe);
        Listing merged = merge(List.of(rc.get()), List.of(), probes, new ArrayList<>());
        return merged.racks().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /**
     * A rack named like a kubeconfig context (the usual case: one rack per cluster) is resolved by probing
     * that context alone, with a session's patience (retries, longer timeouts) rather than the sweep's, so
     * {@code --rack NAME} neither contacts every cluster nor fails on one slow answer.
     */
    private Optional<Rack> resolveFromContext(String name) {
        Kubeconfig kubeconfig = Kubeconfig.load(env.kubeconfigFiles());
        if (!kubeconfig.hasContext(name)) {
            return Optional.empty();
        }
        RackDiscovery.Probe probe = RackDiscovery.probe(kubeconfig, name,
                dev.rackside.services.kube.KubeClientFactory.Timeouts.SESSION);
        Listing merged = merge(List.of(), List.of(), Map.of(key(Optional.empty(), name), probe), new ArrayList<>());
        return merged.racks().stream().filter(r -> r.name().equals(name) || r.internalName().equals(name))
                .findFirst();
    }

    private static String key(Optional<String> kubeconfig, String context) {
        return kubeconfig.orElse("") + "\u0000" + context;
    }

    static Listing merge(List<RackConfig> yaml, List<ConvoxCliRacks.CliRack> cli,
            Map<String, RackDiscovery.Probe> probes, List<String> problems) {
        Map<String, Rack> racks = new LinkedHashMap<>();
        List<RackDiscovery.Found> claimed = new ArrayList<>();

        for (RackConfig rc : yaml) {
            RackDiscovery.Probe probe = probes.get(key(rc.kubeconfig(), rc.context()));
            if (probe == null) {
                probe = probes.get(key(Optional.empty(), rc.context()));
            }
            Optional<RackDiscovery.Found> match = probe == null ? Optional.empty() : matchFor(rc, probe);
            match.ifPresent(claimed::add);
            RackStatus status;
            Optional<String> reason = Optional.empty();
            if (probe == null) {
                status = RackStatus.UNKNOWN;
            } else if (probe.error().isPresent()) {
                status = RackStatus.UNREACHABLE;
                reason = probe.error();
            } else if (match.isEmpty()) {
                status = RackStatus.NOT_FOUND;
                reason = Optional.of("context " + rc.context() + " holds no Convox rack named '" + rc.name() + "'"
                        + (probe.racks().isEmpty() ? "" : " (it holds: "
                        + String.join(", ", probe.racks().stream().map(RackDiscovery.Found::rack).toList()) + ")"));
            } else {
                status = RackStatus.RUNNING;
                match.get().factsProblem().ifPresent(problems::add);
            }
            List<RackSource> sources = new ArrayList<>(List.of(RackSource.RACKS_YAML));
            if (match.isPresent()) {
                sources.add(RackSource.DISCOVERED);
            }
            Optional<RackFacts> facts = match.flatMap(RackDiscovery.Found::facts);
            racks.put(rc.name(), new Rack(rc.name(), match.map(RackDiscovery.Found::rack).orElse(rc.name()),
                    Optional.of(rc.context()), rc.kubeconfig(), rc.awsProfile(), rc.region(), rc.approvedRegions(),
                    rc.tier(), rc.readOnly(), facts, status, reason, sources, rc.compliance(), rc.settings()));
        }

        Map<String, String> contextOf = new LinkedHashMap<>();
        for (RackDiscovery.Probe probe : probes.values()) {
            for (RackDiscovery.Found f : probe.racks()) {
                if (claimed.contains(f)) {
                    continue;
                }
                if (racks.containsKey(f.rack())) {
                    Rack existing = racks.get(f.rack());
                    if (existing.sources().contains(RackSource.DISCOVERED)
                            && !existing.sources().contains(RackSource.RACKS_YAML)) {
                        problems.add("rack " + f.rack() + " is reachable through contexts " + contextOf.get(f.rack())
                                + " and " + f.context() + "; using " + contextOf.get(f.rack())
                                + " (pin one in racks.yaml)");
                    }
                    continue;
                }
                f.factsProblem().ifPresent(problems::add);
                contextOf.put(f.rack(), f.context());
                racks.put(f.rack(), new Rack(f.rack(), f.rack(), Optional.of(f.context()), Optional.empty(),
                        Optional.empty(), Optional.empty(), List.of(), Tier.UNSET, false, f.facts(),
                        RackStatus.RUNNING, Optional.empty(), List.of(RackSource.DISCOVERED)));
            }
            if (probe.error().isPresent() && yaml.stream().noneMatch(y -> y.context().equals(probe.context()))) {
                problems.add("context " + probe.context() + ": " + probe.error().get());
            }
        }

        for (ConvoxCliRacks.CliRack c : cli) {
            Rack existing = racks.get(c.name());
            if (existing != null) {
                List<RackSource> sources = new ArrayList<>(existing.sources());
                sources.add(RackSource.CONVOX_CLI);
                racks.put(c.name(), new Rack(existing.name(), existing.internalName(), existing.context(),
                        existing.kubeconfig(), existing.awsProfile(), existing.region().or(c::region),
                        existing.approvedRegions(), existing.tier(), existing.readOnly(), existing.facts(),
                        existing.status(), existing.reason(), sources, existing.compliance(), existing.settings()));
                continue;
            }
            Optional<RackFacts> facts = Optional.of(new RackFacts(c.name(), c.version().orElse(""),
                    c.provider().orElse(""), c.region(), Optional.empty(), Optional.empty()));
            racks.put(c.name(), new Rack(c.name(), c.name(), Optional.empty(), Optional.empty(), Optional.empty(),
                    c.region(), List.of(), Tier.UNSET, false, facts, RackStatus.NO_CONTEXT,
                    Optional.of("known to the Convox CLI only: give it a kube context in racks.yaml"),
                    List.of(RackSource.CONVOX_CLI)));
        }
        return new Listing(new ArrayList<>(racks.values()), problems);
    }

    /** The rack a racks.yaml entry means on its context: by name, or the only rack there. */
    private static Optional<RackDiscovery.Found> matchFor(RackConfig rc, RackDiscovery.Probe probe) {
        Optional<RackDiscovery.Found> byName = probe.racks().stream()
                .filter(f -> f.rack().equals(rc.name())
                        || f.facts().map(RackFacts::displayName).filter(rc.name()::equals).isPresent())
                .findFirst();
        if (byName.isPresent()) {
            return byName;
        }
        return probe.racks().size() == 1 ? Optional.of(probe.racks().get(0)) : Optional.empty();
    }

    private static String names(List<Rack> racks) {
        return String.join(", ", racks.stream().map(Rack::name).toList());
    }
}
