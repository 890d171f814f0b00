package dev.rackside.services.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A deploy as it goes, for the title, the status line and the Apps pane: the release, the Atom's status
 * (Pending, Updating, Running, Rollback, Reverted ...), when the rack rolls it back, ready counts per service,
 * and once it ended, why it failed if it did.
 */
public record DeployState(String rack, String app, String release, String status, Optional<Instant> deadline,
        List<ServiceReady> ready, Optional<String> failure, boolean done) {

    public DeployState {
        ready = List.copyOf(ready);
    }

    /** One service's rollout: ready replicas of the desired ones, and how many are on the new template. */
    public record ServiceReady(String service, int ready, int desired, int updated) {
    }

    public int readyTotal() {
        return ready.stream().mapToInt(ServiceReady::ready).sum();
    }

    public int desiredTotal() {
        return ready.stream().mapToInt(ServiceReady::desired).sum();
    }

    /** "deploying RABC… 2/3 ready, rolls back at 20:52Z", or how it ended. */
    public String summary() {
        if (done) {
            return failure.map(f -> "deploy of " + release + " failed: " + f).orElse("deployed " + release + ": "
                    + status);
        }
        String dl = deadline.map(d -> ", rolls back at " + java.time.format.DateTimeFormatter.ofPattern("HH:mm'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(d)).orElse("");
        String counts = ready.isEmpty() ? "" : " " + readyTotal() + "/" + desiredTotal() + " ready";
        return "deploying " + release + counts + dl + (status.isEmpty() ? "" : " (" + status + ")");
    }
}
