package dev.rackside.app.cli;

import dev.rackside.app.Main;
import dev.rackside.app.RacksideCommand;
import dev.rackside.services.api.Sandbox;
import dev.rackside.services.racks.Environment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * The launcher's training run for the class-data archive (JDK 25's AOT cache, AppCDS before it): the read
 * commands an operator runs most and a walk through the console's panes on a virtual terminal, against the sandbox
 * in a throwaway home, so the archive holds the classes a real run loads without ever contacting a real rack or
 * writing to one. Hidden: nobody types it.
 */
@Command(name = "__train", hidden = true, description = "Exercise the common read paths against the sandbox (the "
        + "launcher's class-data training run).")
public final class TrainCommand implements Callable<Integer> {
    private static final List<List<String>> READS = List.of(List.of("racks"), List.of("apps"), List.of("apps", "-o",
            "json"), List.of("ps", "-a", "storefront"), List.of("services", "-a", "storefront"), List.of("releases",
            "-a", "storefront"), List.of("resources", "-a", "storefront"), List.of("diagnose", "-a", "payments",
            "-o", "summary"), List.of("instances"), List.of("--help"));

    @ParentCommand
    RacksideCommand root;

    @Override
    public Integer call() throws Exception {
        Path home = Files.createTempDirectory("rackside-train");
        try (Sandbox.Running sandbox = root.sandbox().start(1, Duration.ofMillis(200))) {
            Path kubeconfig = sandbox.writeKubeconfig(home.resolve("kubeconfig"));
            Environment env = new Environment(Map.of("KUBECONFIG", kubeconfig.toString(), "XDG_CONFIG_HOME",
                    home.resolve("config").toString(), "XDG_STATE_HOME", home.resolve("state").toString(),
                    "XDG_CACHE_HOME", home.resolve("cache").toString()), home);
            for (List<String> read : READS) {
                Main.run(read.toArray(String[]::new), env, new PrintWriter(new StringWriter()),
                        new PrintWriter(new StringWriter()));
            }
            try (dev.rackside.app.Wiring wiring = new dev.rackside.app.Wiring(env)) {
                dev.rackside.app.ConsoleLauncher.rehearse(wiring, "sandbox");
            }
        } finally {
            try (var walk = Files.walk(home)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }
}
