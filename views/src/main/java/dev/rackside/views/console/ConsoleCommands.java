package dev.rackside.views.console;

import dev.rackside.services.model.App;
import dev.rackside.services.model.Rack;
import dev.rackside.views.keys.Pane;
import java.util.List;
import java.util.Optional;

/** The console's {@code :} commands: the one table behind the command line, Tab completion and help. */
final class ConsoleCommands {
    private ConsoleCommands() {
    }

    static Commands table() {
        return new Commands(List.of(
                new Commands.Command(List.of("racks"), "racks", "every rack known (looks again)", (c, a) -> {
                    c.data().refreshRacks();
                    c.go(Location.racks());
                }, c -> List.of()),
                new Commands.Command(List.of("rack"), "rack NAME", "a rack's apps", (c, a) -> a.ifPresentOrElse(
                        r -> c.go(Location.apps(r)), () -> c.message(":rack needs a name (Tab completes)")),
                        ConsoleCommands::rackNames),
                new Commands.Command(List.of("apps"), "apps", "this rack's apps", (c, a) -> rackHere(c).ifPresentOrElse(
                        r -> c.go(Location.apps(r)), () -> c.message("choose a rack first: :rack NAME")),
                        c -> List.of()),
                new Commands.Command(List.of("instances"), "instances", "this rack's instances (convox instances)",
                        (c, a) -> rackHere(c).ifPresentOrElse(r -> c.go(new Location(Pane.INSTANCES, Optional.of(r),
                                Optional.empty(), Optional.empty())), () -> c.message("choose a rack first: :rack NAME")),
                        c -> List.of()),
                new Commands.Command(List.of("system"), "system", "this rack itself: convox rack, and its system "
                        + "processes", (c, a) -> rackHere(c).ifPresentOrElse(r -> c.go(new Location(Pane.RACK,
                                Optional.of(r), Optional.empty(), Optional.empty())),
                                () -> c.message("choose a rack first: :rack NAME")), c -> List.of()),
                new Commands.Command(List.of("app"), "app NAME", "an app's processes (the rack's, or the only rack's)",
                        (c, a) -> {
                            if (a.isEmpty()) {
                                c.message(":app needs a name (Tab completes)");
                            } else {
                                rackHere(c).ifPresentOrElse(r -> c.go(Location.app(r, a.get(), Pane.PROCESSES)),
                                        () -> c.message("choose a rack first: :rack NAME"));
                            }
                        }, ConsoleCommands::appNames),
                tab("ps", Pane.PROCESSES),
                tab("services", Pane.SERVICES),
                tab("releases", Pane.RELEASES),
                tab("builds", Pane.BUILDS),
                tab("resources", Pane.RESOURCES),
                new Commands.Command(List.of("logs"), "logs [pods|cloudwatch|all]",
                        "the app's logs (all adds CloudWatch, for pods already gone)", (c, a) -> {
                            Location loc = c.current().location();
                            if (loc.app().isEmpty()) {
                                c.message("choose an app first: :app NAME");
                                return;
                            }
                            LogSubject.command(loc, a).ifPresentOrElse(c::go,
                                    () -> c.message(":logs [pods|cloudwatch|all]"));
                        }, c -> List.of("pods", "cloudwatch", "all")),
                new Commands.Command(List.of("compliance"), "compliance", "the rack's compliance checks",
                        (c, a) -> rackHere(c).ifPresentOrElse(r -> c.go(new Location(Pane.COMPLIANCE, Optional.of(r),
                                Optional.empty(), Optional.empty())), () -> c.message("choose a rack first: :rack NAME")),
                        c -> List.of()),
                new Commands.Command(List.of("access"), "access [AGE]", "who changed the rack's AWS resources "
                        + "over the last AGE (default 90d), from CloudTrail (audit trail)", (c, a) -> rackHere(c)
                        .ifPresentOrElse(r -> {
                            Optional<String> age = a.map(String::strip).filter(x -> !x.isEmpty());
                            if (age.isPresent() && dev.rackside.services.text.GoDuration.parse(age.get()).isEmpty()) {
                                c.message(":access AGE: a duration like 30d or 36h, not '" + age.get() + "'");
                                return;
                            }
                            c.go(new Location(Pane.ACCESS, Optional.of(r), Optional.empty(), age));
                        }, () -> c.message("choose a rack first: :rack NAME")), c -> List.of("7d", "30d", "90d")),
                new Commands.Command(List.of("run"), "run SERVICE COMMAND",
                        "a one-off process of the service (convox run), attached; the console comes back when it ends",
                        (c, a) -> {
                            Location loc = c.current().location();
                            String[] words = a.orElse("").strip().split("\\s+", 2);
                            if (loc.app().isEmpty() || loc.rack().isEmpty()) {
                                c.message("choose an app first: :app NAME");
                            } else if (words.length < 2 || words[1].isBlank()) {
                                c.message(":run SERVICE COMMAND");
                            } else {
                                Panes.run(c, loc.rack().get(), loc.app().get(), words[0], words[1]);
                            }
                        }, ConsoleCommands::serviceNames),
                new Commands.Command(List.of("deploy"), "deploy [DIR]",
                        "build DIR (default: asked, the working directory) and promote it, as convox deploy; the "
                        + "Deploy pane shows the upload, the build's log and the rollout", (c, a) -> {
                            Location loc = c.current().location();
                            if (loc.app().isEmpty() || loc.rack().isEmpty()) {
                                c.message("choose an app first: :app NAME");
                            } else {
                                Panes.sourceDeploy(c, loc.rack().get(), loc.app().get(), a.map(String::strip));
                            }
                        }, c -> List.of()),
                new Commands.Command(List.of("proxy"), "proxy RESOURCE [PORT]",
                        "a local port to the app's resource (convox resources proxy); open ones in the status line, "
                        + "closed by :unproxy or on exit", (c, a) -> {
                            Location loc = c.current().location();
                            String[] words = a.orElse("").strip().split("\\s+");
                            if (loc.app().isEmpty() || loc.rack().isEmpty()) {
                                c.message("choose an app first: :app NAME");
                            } else if (words[0].isBlank()) {
                                c.message(":proxy RESOURCE [PORT] (Tab completes)");
                            } else if (words.length > 1 && !words[1].matches("[0-9]{1,5}")) {
                                c.message(":proxy " + words[0] + " PORT: PORT must be a number, not '" + words[1] + "'");
                            } else {
                                Panes.proxy(c, loc.rack().get(), loc.app().get(), words[0], words.length > 1
                                        ? java.util.OptionalInt.of(Integer.parseInt(words[1]))
                                        : java.util.OptionalInt.empty());
                            }
                        }, ConsoleCommands::resourceNames),
                new Commands.Command(List.of("unproxy"), "unproxy [RESOURCE]", "closes the :proxy tunnels (all, or "
                        + "the resource's)", (c, a) -> {
                            Optional<String> which = a.map(String::strip).filter(x -> !x.isEmpty());
                            int n = c.tunnels().close(which);
                            c.message(n == 0 ? "no tunnel open" + which.map(w -> " to " + w).orElse("")
                                    : "closed " + n + " tunnel" + (n == 1 ? "" : "s"));
                        }, c -> c.tunnels().open().stream().map(o -> o.tunnel().resource()).toList()),
                new Commands.Command(List.of("history"), "history", "the operator journal, one row per action",
                        (c, a) -> c.go(c.current().location().withPane(Pane.HISTORY)), c -> List.of()),
                new Commands.Command(List.of("help"), "help", "keys and commands", (c, a) -> c.help(), c -> List.of()),
                new Commands.Command(List.of("q", "quit"), "q", "quit", (c, a) -> c.quit(), c -> List.of())));
    }

    private static Commands.Command tab(String name, Pane pane) {
        return new Commands.Command(List.of(name), name, "this app's " + pane.title().toLowerCase(java.util.Locale.ROOT),
                (c, a) -> {
                    Location loc = c.current().location();
                    if (loc.app().isEmpty()) {
                        c.message("choose an app first: :app NAME");
                    } else {
                        c.go(loc.withPane(pane));
                    }
                }, c -> List.of());
    }

    /** The rack of the pane, else the only rack known (with one rack, :app works straight from Racks). */
    private static Optional<String> rackHere(Console c) {
        Optional<String> here = c.current().location().rack();
        if (here.isPresent()) {
            return here;
        }
        List<Rack> racks = c.data().racks().current().rows();
        return racks.size() == 1 ? Optional.of(racks.get(0).name()) : Optional.empty();
    }

    private static List<String> rackNames(Console c) {
        return c.data().racks().current().rows().stream().map(Rack::name).toList();
    }

    private static List<String> appNames(Console c) {
        return rackHere(c).flatMap(r -> c.data().reader(r)).map(r -> r.apps().current().rows().stream()
                .map(App::name).toList()).orElse(List.of());
    }

    private static List<String> resourceNames(Console c) {
        Location loc = c.current().location();
        return loc.rack().flatMap(r -> c.data().reader(r)).flatMap(r -> loc.app().map(a -> r.app(a).resources()
                .current().rows().stream().map(dev.rackside.services.model.Resource::name).toList()))
                .orElse(List.of());
    }

    private static List<String> serviceNames(Console c) {
        Location loc = c.current().location();
        return loc.rack().flatMap(r -> c.data().reader(r)).flatMap(r -> loc.app().map(a -> r.app(a).services()
                .current().rows().stream().map(dev.rackside.services.model.Service::name).toList())).orElse(List.of());
    }
}
