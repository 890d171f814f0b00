package dev.rackside.services.api;

import dev.rackside.services.model.Rack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * The changes an operator makes to a rack, one implementation behind the console and the CLI. Each goes through
 * the rack's own Convox API where the rack has one (the request the Convox CLI makes, with the operator as
 * {@code X-Convox-Actor}), else as a direct Kubernetes write that matches Convox (see {@link #reach}). Every call
 * refuses on a read-only session or rack before anything is sent, journals its intent before and its outcome
 * (with the path taken) after, and answers with an {@link Outcome}; none throws for a refusal.
 */
public interface Operations {

    /** {@code convox scale}: count, cpu (millicores), memory (MiB), min/max (the autoscaler's range). */
    record Scale(Optional<Integer> count, Optional<Integer> cpu, Optional<Integer> memory, Optional<Integer> min,
            Optional<Integer> max) {
        public static Scale count(int n) {
            return new Scale(Optional.of(n), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }

        public boolean empty() {
            return count.isEmpty() && cpu.isEmpty() && memory.isEmpty() && min.isEmpty() && max.isEmpty();
        }
    }

    /**
     * How a deploy (promote, rollback, env --promote, cancel) runs.
     *
     * @param deadline when the rack rolls back a rollout that is not ready (empty: the rack's
     *                 {@code deployTimeout}, else Convox's 3000 s)
     * @param direct   on a rack whose API exists but cannot be used, render and apply directly anyway (the
     *                 operator accepts rackside's renderer); without it such a deploy is refused
     */
    record Deploy(Optional<Duration> deadline, boolean direct, Progress progress) {
        public static Deploy of(Progress progress) {
            return new Deploy(Optional.empty(), false, progress);
        }
    }

    /** Env keys to set and remove (values never reach the journal). */
    record EnvChange(Map<String, String> set, List<String> unset) {
        public EnvChange {
            set = Map.copyOf(set);
            unset = List.copyOf(unset);
        }
    }

    Outcome scale(Rack rack, String app, String service, Scale change);

    /** Restarts one service, or every service of the app's manifest when {@code service} is empty. */
    default Outcome restart(Rack rack, String app, Optional<String> service, Progress progress) {
        return restart(rack, app, service, Optional.empty(), progress);
    }

    /**
     * As {@link #restart(Rack, String, Optional, Progress)}; with {@code wait}, the outcome comes when every
     * restarted service has only new processes, all ready ({@code restarted app/web: 3 new processes ready}), or
     * says how far it got when {@code wait} passes first.
     */
    Outcome restart(Rack rack, String app, Optional<String> service, Optional<java.time.Duration> wait,
            Progress progress);

    Outcome lock(Rack rack, String app, boolean locked);

    /** Promotes and follows the deploy to its end: Running, or the reason it rolled back. */
    Outcome promote(Rack rack, String app, String release, Deploy deploy);

    /** Convox's rollback: a new release with the build and env of {@code release}, promoted. */
    Outcome rollback(Rack rack, String app, String release, Deploy deploy);

    /** Stops the deploy in progress (the atom rolls back), as {@code convox apps cancel}. */
    Outcome cancel(Rack rack, String app, Deploy deploy);

    /** A new release with the env changed ({@code convox env set/unset}), promoted when {@code promote} is given. */
    Outcome envChange(Rack rack, String app, EnvChange change, Optional<Deploy> promote);

    /**
     * A build's source and Convox's BuildCreateOptions (convox 3.24.9 pkg/structs/build.go): the directory packed
     * (its {@code .dockerignore} honoured), the manifest's name in it (the rack's default {@code convox.yml}),
     * the description (default: git's, as the CLI makes it), {@code --no-cache}, and {@code --build-args K=V}.
     */
    record Source(java.nio.file.Path dir, Optional<String> manifest, Optional<String> description, boolean noCache,
            List<String> buildArgs, BuildProgress progress) {
        public Source {
            buildArgs = List.copyOf(buildArgs);
        }
    }

    /** How a build (or a deploy) went: the outcome, the build's id once created, the release it made. */
    record Built(Outcome outcome, Optional<String> build, Optional<String> release) {
    }

    /**
     * {@code convox build}: the source packed and uploaded to the rack's object store, a build of it started,
     * its log streamed until it ends. Needs the rack's API (the rack builds); refused on a cluster without one.
     */
    Built build(Rack rack, String app, Source source);

    /** {@code convox deploy}: the build, then the release it made promoted and followed as {@link #promote}. */
    Built deploy(Rack rack, String app, Source source, Deploy deploy);

    /** Stops one process ({@code convox ps stop}). */
    Outcome stop(Rack rack, String app, String process);

    /**
     * A shell or a command in a running process ({@code convox exec}): through the rack API's exec socket where
     * the rack has one, else Kubernetes' pods/exec. Blocks until the session ends. The journal records who ran
     * what where, never the session's content.
     *
     * @param command the command line; empty: the first of {@code bash} and {@code sh} the container has
     */
    Session exec(Rack rack, String app, String process, Optional<String> command, Terminal terminal);

    /**
     * A one-off process of {@code service} ({@code convox run}): attached, it is stopped when the session ends;
     * detached, it runs the command by itself and its id is the outcome's message.
     */
    Session run(Rack rack, String app, String service, String command, Run run, Terminal terminal);

    /** {@code convox run}'s options: the release to run (default the app's), detached or attached. */
    record Run(Optional<String> release, boolean detach) {
    }

    /** How an interactive session ended: the outcome, and the command's exit code when it ran to an end. */
    record Session(Outcome outcome, java.util.OptionalInt exitCode) {
        public static Session of(Outcome o) {
            return new Session(o, java.util.OptionalInt.empty());
        }
    }

    /**
     * {@code convox resources proxy}: a local port on 127.0.0.1 forwarding to the resource, through the rack API's
     * proxy socket where the rack has one, else a Kubernetes port-forward to the resource's pod. Journaled when it
     * opens; the caller closes the tunnel.
     *
     * @param localPort the port to listen on (empty: the resource's own port; 0: any free port)
     * @param events    each connection's start and end, and failures, as one line each ("connect: 5432")
     */
    Opened proxy(Rack rack, String app, String resource, java.util.OptionalInt localPort,
            java.util.function.Consumer<String> events);

    /** How a proxy went: the outcome, and the open tunnel when it opened. */
    record Opened(Outcome outcome, Optional<Tunnel> tunnel) {
    }

    /**
     * racks.yaml {@code journal: {cloudwatch: GROUP}} ({@code audit verify --remote}): the rack's journal records
     * that wait are sent, then the group's copy is checked against the local journal line for line.
     *
     * @throws IllegalArgumentException when the rack has no such copy configured
     */
    JournalCopy journalCopy(Rack rack);

    /**
     * How the copy stands: where it is, what was sent now (and why not all), and whether every remote line is a
     * local one, in order, none missing.
     */
    record JournalCopy(String group, String stream, int sent, Optional<String> deliveryProblem, boolean intact,
            int local, int remote, List<String> problems) {
        public JournalCopy {
            problems = List.copyOf(problems);
        }
    }

    /** The app's env (its newest release's), every value masked. */
    SortedMap<String, String> env(Rack rack, String app);

    /** One env value in clear; journaled. A refusal is an {@link Outcome.Failed}. */
    String reveal(Rack rack, String app, String key);

    /**
     * The changes the operator may not make on {@code app}, where that is known: a read-only session or rack
     * (everything that changes a rack), and Kubernetes' SelfSubjectAccessReview for the writes that go to
     * Kubernetes. Blocks on the network: call it off the render thread.
     */
    Set<Mutation> forbidden(Rack rack, String app);

    /** Which way this rack's writes go now, and why (for the status line and {@code racks}). */
    Reach reach(Rack rack);

    /**
     * How writes reach a rack.
     *
     * @param kind   {@code API}: through its rack API; {@code DIRECT}: it has none (a bare cluster), so Kubernetes
     *               writes that match Convox; {@code API_DOWN}: it has one that cannot be used now
     * @param detail how the API is reached, or why it cannot be
     */
    record Reach(Kind kind, String detail) {
        public enum Kind { API, DIRECT, API_DOWN, UNKNOWN }

        /** "writes: rack API (kubernetes tunnel)", "writes: direct (no rack API on this cluster)" ... */
        public String label() {
            return switch (kind) {
                case API -> "writes: rack API (" + detail + ")";
                case DIRECT -> "writes: direct to Kubernetes (" + detail + ")";
                case API_DOWN -> "rack API unusable: " + detail;
                case UNKNOWN -> "writes: not yet known";
            };
        }
    }
}
