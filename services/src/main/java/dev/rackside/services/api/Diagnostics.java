package dev.rackside.services.api;

import dev.rackside.services.model.Rack;
import dev.rackside.services.model.diagnose.DiagnosticReport;

/** Why an app is not healthy: {@code convox deploy-debug}'s report, read from the rack's Kubernetes API. */
public interface Diagnostics {

    /**
     * Blocks on the network (a few lists, and the logs of each pod that is not healthy).
     *
     * @throws IllegalArgumentException when the app is not on the rack
     * @throws RuntimeException         when the rack cannot be read, with the reason
     */
    DiagnosticReport diagnose(Rack rack, String app, DiagnosticReport.Options options);
}
