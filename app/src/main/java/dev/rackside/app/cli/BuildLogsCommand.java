package dev.rackside.app.cli;

import dev.rackside.app.RacksideCommand;
import dev.rackside.services.api.LogQuery;
import dev.rackside.services.api.LogSession;
import dev.rackside.services.api.LogSink;
import dev.rackside.services.model.LogLine;
import dev.rackside.services.model.Rack;
import dev.rackside.services.text.Visible;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code convox builds logs} (3.24.9 pkg/cli/builds.go BuildsLogs): the build's log from the rack API's socket,
 * live while the build runs, the stored log once it has ended; the text as the build wrote it, made visible.
 */
@Command(name = "logs", description = "A build's log (as 'convox builds logs'): live while it runs, then stored.")
public final class BuildLogsCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-r", "--rack"}, paramLabel = "RACK", description = "Rack name.")
    String rack;

    @Option(names = {"-a", "--app"}, required = true, paramLabel = "APP", description = "App name.")
    String app;

    @Parameters(index = "0", paramLabel = "BUILD")
    String build;

    @Override
    public Integer call() throws Exception {
        RacksideCommand root = (RacksideCommand) spec.root().userObject();
        Rack target = root.wiring().racks().resolve(Optional.ofNullable(rack));
        var out = root.spec().commandLine().getOut();
        CountDownLatch done = new CountDownLatch(1);
        LogSession[] session = new LogSession[1];
        session[0] = root.wiring().services().logs().open(target, LogQuery.ofBuild(app, build.toUpperCase(
                java.util.Locale.ROOT)), new LogSink() {
                    @Override
                    public void accept(List<LogLine> lines) {
                        synchronized (out) {
                            lines.forEach(l -> out.println(Visible.of(l.text())));
                            out.flush();
                        }
                    }

                    @Override
                    public void ended() {
                        done.countDown();
                    }
                });
        try (LogSession s = session[0]) {
            done.await();
            List<String> problems = s.status().problems();
            if (!problems.isEmpty()) {
                throw new CommandFailure(String.join("; ", problems));
            }
        }
        return 0;
    }
}
