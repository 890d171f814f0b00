package dev.rackside.app;

import dev.rackside.services.api.RackReader;
import dev.rackside.services.api.Compliance;
import dev.rackside.services.api.Logs;
import dev.rackside.services.compliance.RackCompliance;
import dev.rackside.services.api.RackReaders;
import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.logs.RackLogs;
import dev.rackside.services.kube.KubeRackReaders;
import dev.rackside.services.model.Rack;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.racks.RackRegistry;
import dev.rackside.services.racks.Racks;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place the service layer is put together, for the CLI now and the TUI later: both get the same
 * registry and readers, so they never disagree. Blocking calls run on our own small pool of daemon
 * threads, never on the common pool.
 */
public final class Wiring implements AutoCloseable {
    private final Environment env;
    private final ExecutorService io;
    private final Racks racks;
    private final RackReaders readers;
    private final AwsClients aws;
    private final Logs logs;

    public Wiring(Environment env) {
        this.env = env;
        this.io = Executors.newFixedThreadPool(4, daemonThreads("rackside-io"));
        this.racks = new RackRegistry(env, io);
        this.readers = new KubeRackReaders(env, io);
        this.aws = new AwsClients(env.variables());
        this.logs = new RackLogs(env, aws, java.time.Clock.systemUTC());
    }

    private Compliance compliance;

    /** Built on first use: only the compliance commands need it. */
    public synchronized Compliance compliance() {
        if (compliance == null) {
            compliance = new RackCompliance(env, aws, "rackside " + Version.current(), java.time.Clock.systemUTC());
        }
        return compliance;
    }

    public Logs logs() {
        return logs;
    }

    public Environment env() {
        return env;
    }

    public Racks racks() {
        return racks;
    }

    public RackReader open(Optional<String> rackName) {
        Rack rack = racks.resolve(rackName);
        return readers.open(rack);
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        io.shutdownNow();
        aws.close();
    }
}
