package dev.rackside.services.session;

import dev.rackside.services.api.Compliance;
import dev.rackside.services.api.Journal;
import dev.rackside.services.api.Services;
import dev.rackside.services.audit.FileJournal;
import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.compliance.RackCompliance;
import dev.rackside.services.deploy.RackOperations;
import dev.rackside.services.kube.KubeRackReaders;
import dev.rackside.services.diagnose.RackDiagnostics;
import dev.rackside.services.kube.RackClients;
import dev.rackside.services.logs.RackLogs;
import dev.rackside.services.rackapi.RackApis;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.racks.RackRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Puts one session's {@link Services} together: one Kubernetes client per rack ({@link RackClients}) shared by the
 * readers, the writes, the logs and compliance; one way to each rack's API ({@link RackApis}); one journal; one
 * io pool; one clock. The app's wiring uses it with the machine's environment; tests and benchmarks with theirs.
 */
public final class SessionBuilder {
    private final Environment env;
    private boolean readOnly;
    private Clock clock = Clock.systemUTC();
    private String version = "rackside";
    private Optional<AwsClients> aws = Optional.empty();
    private Optional<ExecutorService> io = Optional.empty();
    private Optional<Journal> journal = Optional.empty();
    private Duration apiTimeout = Duration.ofSeconds(30);
    private java.util.function.UnaryOperator<dev.rackside.services.api.Logs> logs = l -> l;

    private SessionBuilder(Environment env) {
        this.env = env;
    }

    public static SessionBuilder of(Environment env) {
        return new SessionBuilder(env);
    }

    public SessionBuilder readOnly(boolean readOnly) {
        this.readOnly = readOnly;
        return this;
    }

    public SessionBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    public SessionBuilder version(String version) {
        this.version = version;
        return this;
    }

    /** AWS clients to use (tests point them at moto); else the standard chain with the session's environment. */
    public SessionBuilder aws(AwsClients aws) {
        this.aws = Optional.of(aws);
        return this;
    }

    /** The io pool (the builder's own, four daemon threads, otherwise; closed with the session). */
    public SessionBuilder io(ExecutorService io) {
        this.io = Optional.of(io);
        return this;
    }

    public SessionBuilder journal(Journal journal) {
        this.journal = Optional.of(journal);
        return this;
    }

    /** Wraps the session's log sessions (a benchmark's synthetic trickle beside the real ones). */
    public SessionBuilder logs(java.util.function.UnaryOperator<dev.rackside.services.api.Logs> wrap) {
        this.logs = wrap;
        return this;
    }

    /** How long one rack API call may take, retries included. */
    public SessionBuilder apiTimeout(Duration timeout) {
        this.apiTimeout = timeout;
        return this;
    }

    /** The journal's place: {@code $XDG_STATE_HOME/rackside/journal.jsonl}. */
    public static Path journalFile(Environment env) {
        return env.stateHome().resolve("rackside").resolve("journal.jsonl");
    }

    public Services build() {
        List<AutoCloseable> closers = new ArrayList<>();
        ExecutorService pool = io.orElseGet(() -> {
            ExecutorService own = Executors.newFixedThreadPool(4, daemonThreads("rackside-io"));
            closers.add(own::shutdownNow);
            return own;
        });
        AwsClients awsClients = aws.orElseGet(() -> {
            AwsClients own = new AwsClients(env.variables());
            closers.add(own::close);
            return own;
        });
        RackClients kube = new RackClients(env);
        RackApis apis = new RackApis(kube, version, apiTimeout, clock);
        closers.add(0, kube);
        closers.add(0, apis);
        Journal j = journal.orElseGet(() -> new FileJournal(journalFile(env)));
        Supplier<Compliance> compliance = memoized(() -> new RackCompliance(kube, awsClients, version, clock,
                Optional.of(new dev.rackside.services.compliance.evidence.EvidenceStore(env.stateHome()
                        .resolve("rackside").resolve("evidence")))));
        RackDiagnostics diagnostics = new RackDiagnostics(kube, clock);
        closers.add(0, diagnostics);
        Services s = new Services(new RackRegistry(env, pool), new KubeRackReaders(kube, pool),
                new RackOperations(kube, apis, j, awsClients, readOnly, clock), logs.apply(new RackLogs(kube, apis,
                        awsClients, clock)),
                compliance, diagnostics, j, pool, clock, version, readOnly, () -> {
                    for (AutoCloseable c : closers) {
                        try {
                            c.close();
                        } catch (Exception e) {
                            // closing: go on with the rest
                        }
                    }
                });
        return s;
    }

    private static <T> Supplier<T> memoized(Supplier<T> make) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = make.get();
                }
                return value;
            }
        };
    }

    public static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
