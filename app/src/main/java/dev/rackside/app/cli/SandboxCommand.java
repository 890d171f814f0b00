package dev.rackside.app.cli;

import dev.rackside.app.RacksideCommand;
import dev.rackside.services.api.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "sandbox", description = "Serve the sandbox rack (Kubernetes API and rack API) headless until "
        + "interrupted, log each rack API request, and write a kubeconfig for it (KUBECONFIG=FILE rackside apps; kubectl --kubeconfig FILE get releases.convox.com -A).")
public final class SandboxCommand implements Callable<Integer> {
    @ParentCommand
    RacksideCommand root;

    @Option(names = "--kubeconfig", required = true, paramLabel = "FILE", description = "Where to write the kubeconfig.")
    Path kubeconfig;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Same seed, same rack. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        try (Sandbox.Running sandbox = root.sandbox().start(seed, Duration.ofSeconds(3))) {
            sandbox.writeKubeconfig(kubeconfig);
            var out = root.spec().commandLine().getOut();
            out.println("sandbox rack '" + Sandbox.RACK + "' serving at " + sandbox.url() + " (simulated)");
            out.println("kubeconfig written to " + kubeconfig.toAbsolutePath() + " (context " + Sandbox.CONTEXT
                    + "); Ctrl-C stops");
            sandbox.rackUrl().ifPresent(u -> out.println("rack API (simulated, self-signed TLS): RACK_URL=" + u));
            out.flush();
            // The rack API's request log, as its api pods would write it: what rackside (or convox) asked.
            sandbox.logApiRequests(line -> {
                synchronized (out) {
                    out.println(line);
                    out.flush();
                }
            });
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }
}
