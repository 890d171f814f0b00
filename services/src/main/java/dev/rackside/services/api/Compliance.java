package dev.rackside.services.api;

import dev.rackside.services.compliance.Check;
import dev.rackside.services.compliance.Report;
import dev.rackside.services.model.Rack;
import java.util.List;
import java.util.function.Consumer;

/** Compliance runs on a rack: collect, evaluate, report. One implementation behind the pane and the CLI. */
public interface Compliance {
    /** The checks this build evaluates (and whose reads the permissions cover). */
    List<Check> checks();

    /** Reads everything the checks need and evaluates them; blocks; progress lines as it goes. */
    Report run(Rack rack, Consumer<String> progress);
}
