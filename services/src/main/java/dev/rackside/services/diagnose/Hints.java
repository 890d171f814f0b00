package dev.rackside.services.diagnose;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Convox's hint texts, verbatim (convox 3.24.9 provider/k8s/diagnose.go diagnosticHints, eventHints). Convox
 * looks a state detail up exactly, then by substring over a Go map (in no fixed order); rackside keeps the
 * table's order, so the same detail always gets the same hint.
 */
public final class Hints {
    static final String PENDING = "Process is waiting to be scheduled -- this usually means the cluster is low on "
            + "resources";

    private static final Map<String, String> STATE = new LinkedHashMap<>();
    private static final Map<String, String> EVENT = new LinkedHashMap<>();

    static {
        STATE.put("CrashLoopBackOff", "Process is crash-looping on startup -- check the logs below for the error");
        STATE.put("ImagePullBackOff", "Failed to pull the container image -- check that the build succeeded and the "
                + "image tag exists");
        STATE.put("ErrImagePull", "Failed to pull the container image -- check registry access and image name");
        STATE.put("CreateContainerConfigError", "Container config is invalid -- check environment variables and "
                + "secrets (missing env var or secret reference?)");
        STATE.put("RunContainerError", "Container failed to start -- check the command in convox.yml and that the "
                + "entrypoint exists");
        STATE.put("OOMKilled", "Process ran out of memory and was killed -- increase scale.memory in convox.yml");
        STATE.put("Completed", "Process exited successfully but is not expected to stop -- check your command does "
                + "not exit on its own");
        STATE.put("Error", "Process exited with an error -- check the logs below");
        STATE.put("ContainerCannotRun", "Container cannot run -- check that the Dockerfile CMD or convox.yml command "
                + "is valid");
        STATE.put("InvalidImageName", "Image name is invalid -- check build configuration");
        STATE.put("StartError", "Container failed to start -- check logs below for the startup error");
        STATE.put("Unschedulable", "Not enough resources in the cluster to place this process -- check scale.cpu "
                + "and scale.memory in convox.yml");
        STATE.put("ContainersNotReady", "Containers are not ready -- health check may be failing");
        STATE.put("PodInitializing", "Pod is still initializing -- init containers may still be running");

        EVENT.put("FailedCreate", "Could not create new processes");
        EVENT.put("FailedScheduling", "Could not place process -- not enough capacity in the cluster");
        EVENT.put("ImagePullBackOff", "Failed to pull the service image -- check build output and registry access");
        EVENT.put("ErrImagePull", "Failed to pull the service image -- check build output and registry access");
        EVENT.put("ProgressDeadlineExceeded", "Deploy timed out -- processes did not become healthy in time");
        EVENT.put("OOMKilled", "Process ran out of memory -- increase scale.memory in convox.yml");
        EVENT.put("FailedMount", "Failed to mount volume -- check volumeOptions in convox.yml");
        EVENT.put("FailedAttachVolume", "Failed to attach volume");
        EVENT.put("Evicted", "Process was evicted (cluster resource pressure)");
        EVENT.put("InsufficientCPU", "Not enough CPU in the cluster -- check scale.cpu in convox.yml");
        EVENT.put("InsufficientMemory", "Not enough memory in the cluster -- check scale.memory in convox.yml");
        EVENT.put("BackOff", "Container is in back-off -- restarting failed container");
        EVENT.put("Unhealthy", "Health check is failing -- check health.path in convox.yml");
    }

    private Hints() {
    }

    /** getHint: exact, then the first entry the detail ends with or contains, then Pending's. */
    public static Optional<String> forState(String detail) {
        if (detail == null || detail.isEmpty()) {
            return Optional.empty();
        }
        String exact = STATE.get(detail);
        if (exact != null) {
            return Optional.of(exact);
        }
        for (Map.Entry<String, String> e : STATE.entrySet()) {
            if (detail.endsWith(e.getKey()) || detail.contains(e.getKey())) {
                return Optional.of(e.getValue());
            }
        }
        return detail.contains("Pending") ? Optional.of(PENDING) : Optional.empty();
    }

    /** getEventHint: by reason, exactly. */
    public static Optional<String> forEvent(String reason) {
        return Optional.ofNullable(EVENT.get(reason));
    }
}
