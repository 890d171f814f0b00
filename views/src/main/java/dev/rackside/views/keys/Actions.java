package dev.rackside.views.keys;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Every action the console has, with its default key: the one declarative table behind the keymap. */
public final class Actions {
    private static final Set<Pane> TABLES = EnumSet.of(Pane.RACKS, Pane.APPS, Pane.SERVICES, Pane.PROCESSES,
            Pane.RELEASES, Pane.BUILDS, Pane.RESOURCES, Pane.COMPLIANCE, Pane.HISTORY, Pane.DIAGNOSE, Pane.INSTANCES,
            Pane.RACK, Pane.DEPLOY, Pane.ACCESS);
    private static final Set<Pane> APP = EnumSet.of(Pane.SERVICES, Pane.PROCESSES, Pane.RELEASES, Pane.BUILDS,
            Pane.RESOURCES);
    private static final Set<Pane> ANY = Set.of();
    /** Where moving up and down makes sense: the tables and the log. */
    private static final Set<Pane> SCROLL = EnumSet.of(Pane.RACKS, Pane.APPS, Pane.SERVICES, Pane.PROCESSES,
            Pane.RELEASES, Pane.BUILDS, Pane.RESOURCES, Pane.LOGS, Pane.COMPLIANCE, Pane.HISTORY, Pane.DIAGNOSE,
            Pane.INSTANCES, Pane.RACK, Pane.DEPLOY, Pane.ACCESS);
    private static final Set<Pane> LOGS = EnumSet.of(Pane.LOGS);

    public static final List<Action> ALL = List.of(
            new Action("down", "j", "move down", SCROLL, false, false),
            new Action("up", "k", "move up", SCROLL, false, false),
            new Action("down-arrow", "down", "move down", SCROLL, false, false),
            new Action("up-arrow", "up", "move up", SCROLL, false, false),
            new Action("top", "g", "first row", SCROLL, false, false),
            new Action("bottom", "G", "last row (in logs: follow the tail)", SCROLL, false, false),
            new Action("home", "home", "first row", SCROLL, false, false),
            new Action("end", "end", "last row", SCROLL, false, false),
            new Action("page-up", "pgup", "page up", SCROLL, false, false),
            new Action("page-down", "pgdn", "page down", SCROLL, false, false),
            new Action("left", "left", "scroll the columns left", TABLES, false, false),
            new Action("right", "right", "scroll the columns right (to the ones a narrow screen hides, marked ›)",
                    TABLES, false, false),
            new Action("open", "enter", "open the selected row", TABLES, false, true),
            new Action("back", "esc", "back / close / clear the filter", ANY, false, true),
            new Action("command", ":", "command line (:apps, :app NAME, :ps, :q ...)", ANY, false, true),
            new Action("filter", "/", "filter rows, or log lines over the whole buffer (regex, ! inverts)", SCROLL, false, true),
            new Action("describe", "d", "show the selected object as YAML, secrets masked", EnumSet.of(Pane.RACKS,
                    Pane.APPS, Pane.SERVICES, Pane.PROCESSES, Pane.RELEASES, Pane.BUILDS, Pane.RESOURCES,
                    Pane.COMPLIANCE, Pane.RACK), false, true),
            new Action("logs", "l", "logs of the selected service, process or build", EnumSet.of(Pane.SERVICES,
                    Pane.PROCESSES, Pane.BUILDS, Pane.DIAGNOSE), false, true),
            new Action("diagnose", "D", "diagnose: why the app (or the selected service) is not healthy, as "
                    + "convox deploy-debug, live", EnumSet.of(Pane.APPS, Pane.SERVICES), false, true),
            new Action("tab-services", "1", "services of this app", APP, false, false),
            new Action("tab-processes", "2", "processes of this app", APP, false, false),
            new Action("tab-releases", "3", "releases of this app", APP, false, false),
            new Action("tab-builds", "4", "builds of this app", APP, false, false),
            new Action("tab-resources", "5", "resources of this app", APP, false, false),
            new Action("scale", "s", "scale the selected service (count)", EnumSet.of(Pane.SERVICES), true, true),
            new Action("restart", "r", "restart the selected service", EnumSet.of(Pane.SERVICES), true, true),
            new Action("lock", "L", "lock or unlock the selected app", EnumSet.of(Pane.APPS), true, true),
            new Action("promote", "P", "promote the selected release (progress on the bottom line)",
                    EnumSet.of(Pane.RELEASES), true, true),
            new Action("rollback", "R", "roll back to the selected release (a new release with its build and env)",
                    EnumSet.of(Pane.RELEASES), true, false),
            new Action("cancel", "X", "cancel the deploy in progress (it rolls back)", EnumSet.of(Pane.RELEASES,
                    Pane.SERVICES, Pane.PROCESSES), true, false),
            new Action("stop", "K", "stop the selected process (its controller starts a new one)",
                    EnumSet.of(Pane.PROCESSES), true, true),
            new Action("exec", "x", "a shell in the selected process (on a service: its newest ready one); the "
                    + "console comes back when it exits", EnumSet.of(Pane.PROCESSES, Pane.SERVICES), true, true),
            new Action("follow", "f", "follow the tail / pause", LOGS, false, true),
            new Action("wrap", "w", "wrap long lines", LOGS, false, true),
            new Action("timestamps", "t", "show or hide timestamps", LOGS, false, false),
            new Action("search", "s", "search (regex): highlights hits, n / N go to the next / previous", LOGS, false,
                    true),
            new Action("next-match", "n", "next search hit", LOGS, false, false),
            new Action("prev-match", "N", "previous search hit", LOGS, false, false),
            new Action("pretty", "enter", "the selected line in full, JSON pretty-printed", LOGS, false, true),
            new Action("jump", "T", "jump to a time (HH:MM[:SS] UTC, RFC 3339, or -5m)", LOGS, false, false),
            new Action("export", "ctrl-s", "export the buffer or a time range to a file", LOGS, false, true),
            new Action("previous", "p", "the previous (crashed) container's log of this process", LOGS, false,
                    false),
            new Action("source-prefix", "S", "source prefix: full, short, none", LOGS, false, false),
            new Action("window-1m", "0", "show the last minute of the buffer", LOGS, false, false),
            new Action("window-5m", "1", "show the last 5 minutes", LOGS, false, false),
            new Action("window-15m", "2", "show the last 15 minutes", LOGS, false, false),
            new Action("window-1h", "3", "show the last hour", LOGS, false, false),
            new Action("window-6h", "4", "show the last 6 hours", LOGS, false, false),
            new Action("window-all", "5", "show everything buffered", LOGS, false, false),
            new Action("rerun", "r", "run the compliance checks (or read the access trail) again; the last results "
                    + "stay meanwhile", EnumSet.of(Pane.COMPLIANCE, Pane.ACCESS), false, true),
            new Action("framework", "F", "show one framework's checks (all, SOC 2, HIPAA, PCI, NIST)",
                    EnumSet.of(Pane.COMPLIANCE), false, true),
            new Action("status-filter", "S", "show one status (all, FAIL, ERROR, PASS, N/A)",
                    EnumSet.of(Pane.COMPLIANCE), false, true),
            new Action("changes", "c", "what changed since the run kept before the last one (compliance diff)",
                    EnumSet.of(Pane.COMPLIANCE), false, true),
            new Action("export-report", "e", "export the last run: md, oscal, csv, ocsf (access: md, csv, json) to "
                    + "$XDG_STATE_HOME/rackside/exports/", EnumSet.of(Pane.COMPLIANCE, Pane.ACCESS), false, true),
            new Action("help", "?", "help", ANY, false, true));

    private Actions() {
    }
}
