package dev.rackside.views.console;

import dev.rackside.views.keys.Pane;
import java.util.Optional;

/** Where the operator is: a pane, and the rack, app and subject (service or process) it is about. */
public record Location(Pane pane, Optional<String> rack, Optional<String> app, Optional<String> subject) {

    public static Location racks() {
        return new Location(Pane.RACKS, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static Location apps(String rack) {
        return new Location(Pane.APPS, Optional.of(rack), Optional.empty(), Optional.empty());
    }

    public static Location app(String rack, String app, Pane tab) {
        return new Location(tab, Optional.of(rack), Optional.of(app), Optional.empty());
    }

    public Location withPane(Pane p) {
        return new Location(p, rack, app, Optional.empty());
    }

    public Location about(String what) {
        return new Location(pane, rack, app, Optional.of(what));
    }

    /** "prod › api › Processes": the breadcrumbs. */
    public String crumbs() {
        StringBuilder b = new StringBuilder();
        rack.ifPresent(r -> b.append(r).append(" › "));
        app.ifPresent(a -> b.append(a).append(" › "));
        b.append(pane.title());
        subject.ifPresent(s -> b.append(" › ").append(s));
        return b.toString();
    }
}
