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

    /** The Diagnose pane of an app, or of one of its services. */
    public static Location diagnose(String rack, String app, java.util.Optional<String> service) {
        return new Location(Pane.DIAGNOSE, Optional.of(rack), Optional.of(app), service);
    }

    public Location withPane(Pane p) {
        return new Location(p, rack, app, Optional.empty());
    }

    public Location about(String what) {
        return new Location(pane, rack, app, Optional.of(what));
    }

    /**
     * One step up the breadcrumbs: a log or an app's tab to the app's rack apps (a log of a service or a
     * process to that tab), a rack's apps to the racks, a compliance result to its check, a check to its concern.
     * Empty at the top.
     */
    public Optional<Location> up() {
        switch (pane) {
            case LOGS:
                String s = subject.orElse("");
                String scope = s.contains(" ") ? s.substring(s.indexOf(' ') + 1) : s;
                Pane tab = scope.startsWith("service/") ? Pane.SERVICES : scope.startsWith("build/") ? Pane.BUILDS
                        : Pane.PROCESSES;
                return Optional.of(new Location(tab, rack, app, Optional.empty()));
            case COMPLIANCE:
                if (subject.isPresent()) {
                    int slash = subject.get().indexOf('/');
                    return Optional.of(new Location(pane, rack, app, slash < 0 ? Optional.empty()
                            : Optional.of(subject.get().substring(0, slash))));
                }
                return rack.map(r -> app.isPresent() ? app(r, app.get(), Pane.PROCESSES) : apps(r));
            case DIAGNOSE:
                return rack.map(r -> app.map(a -> subject.isPresent() ? app(r, a, Pane.SERVICES) : apps(r))
                        .orElse(apps(r)));
            case ACCESS:
                return rack.map(Location::apps).or(() -> Optional.of(racks()));
            case DEPLOY:
                return rack.map(r -> app.map(a -> app(r, a, Pane.PROCESSES)).orElse(apps(r)));
            case HISTORY:
                return rack.map(r -> app.isPresent() ? app(r, app.get(), Pane.PROCESSES) : apps(r))
                        .or(() -> Optional.of(racks()));
            case RACKS:
                return Optional.empty();
            case APPS:
                return Optional.of(racks());
            default:
                if (pane.isAppTab()) {
                    return rack.map(Location::apps);
                }
                return rack.map(Location::apps).or(() -> Optional.of(racks()));
        }
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
