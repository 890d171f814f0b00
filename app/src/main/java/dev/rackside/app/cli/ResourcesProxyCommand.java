package dev.rackside.app.cli;

import dev.rackside.app.RacksideCommand;
import dev.rackside.services.api.Confirmation;
import dev.rackside.services.api.Mutation;
import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Tunnel;
import dev.rackside.services.model.Rack;
import dev.rackside.services.text.Visible;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code convox resources proxy}: a local port forwarding to a resource until interrupted (Ctrl-C), every
 * connection said as the CLI says it ({@code connect: PORT}).
 */
@Command(name = "proxy", description = {"Proxy a local port on 127.0.0.1 to a resource (as 'convox resources "
        + "proxy'), until interrupted. Through the rack API's proxy socket, else a Kubernetes port-forward to the "
        + "resource's pod.", "The resource's URL is printed pointed at the local port, its password masked. "
        + "Confirmed on production racks, journaled, refused in read-only mode."})
public final class ResourcesProxyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-r", "--rack"}, paramLabel = "RACK", description = "Rack name.")
    String rack;

    @Option(names = {"-a", "--app"}, required = true, paramLabel = "APP", description = "App name.")
    String app;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Local port (default: the resource's own; "
            + "0: any free port).")
    Integer port;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation on a production rack.")
    boolean yes;

    @Parameters(index = "0", paramLabel = "RESOURCE", description = "The resource's name (see 'rackside resources').")
    String resource;

    @Override
    public Integer call() throws InterruptedException {
        RacksideCommand root = (RacksideCommand) spec.root().userObject();
        if (port != null && (port < 0 || port > 65535)) {
            throw new CommandFailure("--port must be 0 to 65535, not " + port);
        }
        Rack target = root.wiring().racks().resolve(Optional.ofNullable(rack));
        ChangeRunner.confirm(root, target, Mutation.PROXY, Confirmation.Summary.proxy(app, resource), app, yes);
        PrintWriter out = root.spec().commandLine().getOut();
        Operations.Opened opened = root.wiring().services().operations().proxy(target, app, resource,
                port == null ? OptionalInt.empty() : OptionalInt.of(port), line -> {
                    out.println(Visible.of(line));
                    out.flush();
                });
        if (opened.tunnel().isEmpty()) {
            throw new CommandFailure(opened.outcome().message());
        }
        Tunnel t = opened.tunnel().get();
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            t.close();
            interrupted.countDown();
        }, "rackside-proxy-close");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println(Visible.of(opened.outcome().message()));
        out.println(Visible.of("connect with " + t.localUrl() + " (Ctrl-C to stop)"));
        out.flush();
        interrupted.await();
        return 0;
    }
}
