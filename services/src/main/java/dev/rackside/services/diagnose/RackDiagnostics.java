package dev.rackside.services.diagnose;

import dev.rackside.services.api.Diagnostics;
import dev.rackside.services.kube.RackClients;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.diagnose.DiagnosticReport;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The session's diagnoses, on each rack's own client. Logs are read on a pool of their own, so a diagnosis
 * started from the session's io pool never waits on that same pool.
 */
public final class RackDiagnostics implements Diagnostics, AutoCloseable {
    private final RackClients kube;
    private final Clock clock;
    private final ExecutorService logs = Executors.newFixedThreadPool(5, r -> {
        Thread t = new Thread(r, "rackside-diagnose");
        t.setDaemon(true);
        return t;
    });

    public RackDiagnostics(RackClients kube, Clock clock) {
        this.kube = kube;
        this.clock = clock;
    }

    @Override
    public DiagnosticReport diagnose(Rack rack, String app, DiagnosticReport.Options options) {
        return new Diagnosis(kube.of(rack), rack.internalName(), clock, logs).diagnose(app, options);
    }

    @Override
    public void close() {
        logs.shutdownNow();
    }
}
