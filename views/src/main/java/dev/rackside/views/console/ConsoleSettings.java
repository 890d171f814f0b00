package dev.rackside.views.console;

import dev.rackside.services.api.LogLimits;
import dev.rackside.views.keys.Keymap;
import dev.rackside.views.style.Palette;
import java.util.Optional;

/**
 * The console's own settings, beside the session's services: the resolved keymap and palette, where it opens,
 * what to say on its first frame (a broken theme), and the Logs pane's buffer bound.
 */
public record ConsoleSettings(Keymap keymap, Palette palette, Optional<String> initialRack, Optional<String> notice,
        LogLimits logLimits) {
}
