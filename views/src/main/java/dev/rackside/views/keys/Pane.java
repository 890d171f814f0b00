package dev.rackside.views.keys;

import java.util.Locale;

/** The console's panes, in Convox's nouns. */
public enum Pane {
    RACKS, APPS, SERVICES, PROCESSES, RELEASES, BUILDS, RESOURCES, LOGS, COMPLIANCE, HISTORY, DIAGNOSE, INSTANCES,
    RACK, DEPLOY, ACCESS;

    public String title() {
        String n = name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    /** The tabs of an app, in the order keys 1-5 select them. */
    public static final Pane[] APP_TABS = {SERVICES, PROCESSES, RELEASES, BUILDS, RESOURCES};

    public boolean isAppTab() {
        for (Pane p : APP_TABS) {
            if (p == this) {
                return true;
            }
        }
        return false;
    }
}
