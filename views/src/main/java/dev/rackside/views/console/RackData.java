package dev.rackside.views.console;

import dev.rackside.services.api.Racks;
import dev.rackside.services.api.RackReader;
import dev.rackside.services.api.Services;
import dev.rackside.services.model.Feed;
import dev.rackside.services.model.Rack;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's racks: the rack list and one reader per rack, opened on the io executor the first time a pane
 * needs it (building a client reads the kubeconfig) and kept while the console runs, so going back to a rack is
 * instant. Feed listeners only call {@code onChange}; nothing here draws.
 */
public final class RackData implements AutoCloseable {
    private final Services services;
    private final Runnable onChange;
    private final Feed<Rack> racks = new Feed<>();
    private final Map<String, RackReader> readers = new ConcurrentHashMap<>();
    private final Map<String, String> openErrors = new ConcurrentHashMap<>();
    private final Set<String> opening = ConcurrentHashMap.newKeySet();
    private volatile List<String> rackProblems = List.of();

    RackData(Services services, Runnable onChange) {
        this.services = services;
        this.onChange = onChange;
        racks.subscribe(s -> onChange.run());
        refreshRacks();
    }

    /** Lists racks again (discovery asks every context, so it runs on the io executor). */
    void refreshRacks() {
        services.io().execute(() -> {
            try {
                Racks.Listing listing = services.racks().list();
                rackProblems = listing.problems();
                racks.publish(listing.racks(), listing.problems());
            } catch (RuntimeException e) {
                racks.fail(String.valueOf(e.getMessage()));
            }
        });
    }

    public Feed<Rack> racks() {
        return racks;
    }

    List<String> rackProblems() {
        return rackProblems;
    }

    public Optional<Rack> rack(String name) {
        return racks.current().rows().stream().filter(r -> r.name().equals(name)).findFirst()
                .or(() -> Optional.ofNullable(readers.get(name)).map(RackReader::rack));
    }

    /** The reader of a rack, opening it in the background the first time; empty until it is open. */
    public Optional<RackReader> reader(String rackName) {
        RackReader r = readers.get(rackName);
        if (r != null || !opening.add(rackName)) {
            return Optional.ofNullable(r);
        }
        services.io().execute(() -> {
            try {
                Rack rack = rack(rackName).orElseGet(() -> services.racks().resolve(Optional.of(rackName)));
                RackReader opened = services.readers().open(rack);
                readers.put(rackName, opened);
                opened.apps().subscribe(s -> onChange.run());
                openErrors.remove(rackName);
            } catch (RuntimeException e) {
                openErrors.put(rackName, String.valueOf(e.getMessage()));
            } finally {
                opening.remove(rackName);
                onChange.run();
            }
        });
        return Optional.empty();
    }

    public Optional<String> openError(String rackName) {
        return Optional.ofNullable(openErrors.get(rackName));
    }

    @Override
    public void close() {
        readers.values().forEach(RackReader::close);
    }
}
