package dev.rackside.app.cli;

import dev.rackside.app.RacksideCommand;
import dev.rackside.services.api.LogQuery;
import dev.rackside.services.api.LogSession;
import dev.rackside.services.api.LogSink;
import dev.rackside.services.text.LogFilter;
import dev.rackside.services.model.LogLine;
import dev.rackside.services.model.Rack;
import dev.rackside.services.text.Visible;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "logs", description = {"Stream an app's logs (convox logs): pods, Kubernetes events and CloudWatch, "
        + "merged by time as <time> <source> <message>.",
    "Control characters and escape sequences from pods are shown visibly (^[ ...) unless --raw."})
public final class LogsCommand implements Callable<Integer> {
    /** Lines longer than this are cut on a terminal; piped output keeps them whole. */
    static final int TERMINAL_LINE = 16 * 1024;

    @ParentCommand
    RacksideCommand root;

    @Option(names = {"-r", "--rack"}, paramLabel = "RACK", description = "Rack name.")
    String rack;

    @Option(names = {"-a", "--app"}, required = true, paramLabel = "APP", description = "App name.")
    String app;

    @Option(names = {"-s", "--service"}, paramLabel = "SERVICE", description = "Only this service.")
    String service;

    @Option(names = "--process", paramLabel = "POD", description = "Only this process (pod).")
    String process;

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "2m", converter = GoDuration.class,
            description = "Start this long ago (30s, 2m, 1h30m). Default: ${DEFAULT-VALUE}.")
    Duration since;

    @Option(names = "--tail", paramLabel = "N", description = "Start with the last N lines of each container "
            + "instead of --since.")
    Integer tail;

    @Option(names = "--filter", paramLabel = "REGEX", description = "Only lines matching (case-insensitive; "
            + "a leading ! inverts).")
    String filter;

    @Option(names = "--no-follow", description = "Print what is there and exit.")
    boolean noFollow;

    @Option(names = "--previous", description = "With --process: the previous (crashed) container's log.")
    boolean previous;

    @Option(names = "--source", paramLabel = "SOURCE", defaultValue = "pods",
            description = "pods (pods and Kubernetes events), cloudwatch (/convox/<rack>/<app>), or all. "
                    + "Default: ${DEFAULT-VALUE}.")
    String source;

    @Option(names = "--raw", description = "Pass the bytes through unchanged, for piping (no sanitising).")
    boolean raw;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "With --no-follow: give up after this long. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Override
    public Integer call() {
        LogQuery.Source src = switch (source) {
            case "pods" -> LogQuery.Source.PODS;
            case "cloudwatch" -> LogQuery.Source.CLOUDWATCH;
            case "all" -> LogQuery.Source.ALL;
            default -> throw new picocli.CommandLine.ParameterException(root.spec().commandLine(),
                    "--source must be pods, cloudwatch or all, not '" + source + "'");
        };
        if (previous && process == null) {
            throw new picocli.CommandLine.ParameterException(root.spec().commandLine(),
                    "--previous needs --process POD: it reads one container's earlier instance");
        }
        Optional<LogFilter> lineFilter = Optional.ofNullable(filter).map(LogFilter::parse);
        if (lineFilter.flatMap(LogFilter::error).isPresent()) {
            throw new picocli.CommandLine.ParameterException(root.spec().commandLine(),
                    "--filter " + filter + ": " + lineFilter.get().error().get());
        }
        LogQuery query = new LogQuery(app, Optional.ofNullable(service), Optional.ofNullable(process),
                tail != null ? Optional.empty() : Optional.of(since),
                tail != null ? OptionalInt.of(tail) : OptionalInt.empty(), !noFollow && !previous, src, previous,
                LogQuery.DEFAULT_WINDOW);
        Rack target = root.wiring().racks().resolve(Optional.ofNullable(rack));
        // --raw writes bytes, which a PrintWriter cannot: straight to the process's stdout.
        Printer printer = new Printer(root.spec().commandLine().getOut(), new BufferedOutputStream(System.out, 1 << 16),
                root.spec().commandLine().getErr(), raw, System.console() != null, lineFilter);
        LogSession session;
        try {
            session = root.wiring().services().logs().open(target, query, printer);
            printer.session = session;
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
        Thread hook = new Thread(session::close, "rackside-logs-close");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (query.follow()) {
                printer.done.await();
            } else if (!printer.done.await(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new CommandFailure("logs of " + app + " not complete within " + timeoutSeconds + "s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            printer.problems(session.status().problems());
            session.close();
            printer.flush();
        }
        return 0;
    }

    /** Writes lines as they come, and each new problem once on stderr. */
    static final class Printer implements LogSink {
        final CountDownLatch done = new CountDownLatch(1);
        volatile LogSession session;
        private final PrintWriter out;
        private final OutputStream rawOut;
        private final PrintWriter err;
        private final boolean raw;
        private final boolean terminal;
        private final Optional<LogFilter> filter;
        private final Set<String> said = ConcurrentHashMap.newKeySet();

        Printer(PrintWriter out, OutputStream rawOut, PrintWriter err, boolean raw, boolean terminal,
                Optional<LogFilter> filter) {
            this.out = out;
            this.rawOut = rawOut;
            this.err = err;
            this.raw = raw;
            this.terminal = terminal;
            this.filter = filter;
        }

        @Override
        public void accept(List<LogLine> lines) {
            for (LogLine l : lines) {
                if (filter.isPresent() && !filter.get().test(l)) {
                    continue;
                }
                String head = LogLine.CONVOX_TIME.format(l.at()) + " " + l.source() + " ";
                if (raw) {
                    try {
                        rawOut.write(head.getBytes(StandardCharsets.UTF_8));
                        rawOut.write(l.raw() != null ? l.raw() : l.text().getBytes(StandardCharsets.UTF_8));
                        rawOut.write('\n');
                    } catch (java.io.IOException e) {
                        done.countDown(); // the reader went away (a closed pipe): stop
                        return;
                    }
                } else {
                    out.print(Visible.of(head));
                    out.print(terminal ? Visible.line(l.text(), TERMINAL_LINE) : Visible.of(l.text()));
                    out.print('\n');
                }
            }
            flush();
        }

        @Override
        public void changed() {
            LogSession s = session;
            if (s != null) {
                problems(s.status().problems());
            }
        }

        @Override
        public void ended() {
            done.countDown();
        }

        void problems(List<String> problems) {
            for (String p : problems) {
                if (said.add(p)) {
                    err.println("warning: " + Visible.of(p));
                }
            }
            err.flush();
        }

        void flush() {
            out.flush();
            try {
                rawOut.flush();
            } catch (java.io.IOException e) {
                done.countDown();
            }
            if (out.checkError()) {
                done.countDown(); // stdout closed (| head): stop following
            }
        }
    }
}
