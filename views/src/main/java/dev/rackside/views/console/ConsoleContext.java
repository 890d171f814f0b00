package dev.rackside.views.console;

import dev.rackside.services.api.RackReaders;
import dev.rackside.services.api.Compliance;
import dev.rackside.services.api.Logs;
import dev.rackside.services.audit.Journal;
import dev.rackside.services.logs.LogLimits;
import dev.rackside.services.deploy.Operations;
import dev.rackside.services.racks.Racks;
import dev.rackside.views.keys.Keymap;
import dev.rackside.views.style.Palette;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * What the console needs from outside: the service interfaces, an executor for blocking calls (never the
 * render thread), the resolved keymap and palette, and the session's flags.
 */
public record ConsoleContext(Racks racks, RackReaders readers, Executor io, Keymap keymap, Palette palette,
        boolean readOnly, Optional<String> initialRack, String version, Clock clock, Optional<String> notice,
        Journal journal, Operations operations, Logs logs, LogLimits logLimits, Compliance compliance) {
}
