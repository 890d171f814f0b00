package dev.rackside.services.api;

import dev.rackside.services.model.Rack;
import java.util.List;
import java.util.Optional;

/** The rack registry as views and the CLI see it. */
public interface Racks {

    /** Every rack known: racks.yaml, every kube context (asked in parallel), and the Convox CLI. */
    Listing list();

    /**
     * One rack, contacting as little as possible: a rack named in racks.yaml is probed on its own context
     * only. With no name, {@code RACKSIDE_RACK} is used, else the only rack known.
     *
     * @throws RackNotFound naming the racks that are known
     */
    Rack resolve(Optional<String> name);

    /** The racks, plus every configuration or discovery problem met on the way. */
    record Listing(List<Rack> racks, List<String> problems) {
        public Listing {
            racks = List.copyOf(racks);
            problems = List.copyOf(problems);
        }
    }

    /** A rack name that matches nothing, or a missing name where several racks are known. */
    final class RackNotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RackNotFound(String message) {
            super(message);
        }
    }
}
