package dev.rackside.views.console;

import dev.rackside.services.api.Tunnel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@code :proxy} tunnels this console opened: listed in the status line on every pane, closed by
 * {@code :unproxy} or when the console exits (a tunnel never outlives the session that journaled it).
 */
final class Tunnels {
    /** One tunnel and the rack and app it reaches. */
    record Open(String rack, String app, Tunnel tunnel) {
    }

    private final List<Open> open = new CopyOnWriteArrayList<>();

    void add(String rack, String app, Tunnel t) {
        open.add(new Open(rack, app, t));
    }

    List<Open> open() {
        open.removeIf(o -> !o.tunnel().listening());
        return List.copyOf(open);
    }

    /** "proxy: database→127.0.0.1:5432 (1 conn), cache→127.0.0.1:6379", or nothing when none is open. */
    Optional<String> summary() {
        List<String> parts = new ArrayList<>();
        for (Open o : open()) {
            Tunnel t = o.tunnel();
            parts.add(t.resource() + "→127.0.0.1:" + t.localPort() + (t.open() > 0 ? " (" + t.open() + " conn)" : ""));
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of("proxy: " + String.join(", ", parts));
    }

    /** Closes the tunnels to {@code resource} (all when empty); how many were closed. */
    int close(Optional<String> resource) {
        int n = 0;
        for (Open o : open()) {
            if (resource.map(o.tunnel().resource()::equals).orElse(true)) {
                o.tunnel().close();
                open.remove(o);
                n++;
            }
        }
        return n;
    }

    void closeAll() {
        close(Optional.empty());
    }
}
