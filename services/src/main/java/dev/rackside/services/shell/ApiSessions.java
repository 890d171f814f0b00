package dev.rackside.services.shell;

import dev.rackside.services.api.Terminal;
import dev.rackside.services.rackapi.ApiSocket;
import dev.rackside.services.rackapi.ExecStream;
import dev.rackside.services.rackapi.RackApi;
import dev.rackside.services.rackapi.Structs;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * exec and run through the rack's API, as the Convox 3.24.9 CLI makes them (pkg/cli/exec.go, run.go;
 * sdk/methods.go ProcessExec, ProcessRun, ProcessStop; common.WaitForProcessRunning): the exec socket with
 * {@code Command}, {@code Height}/{@code Width} from the terminal and {@code Tty: false} only when the input is
 * not one; run as a process sleeping for the session, exec'd into with its entrypoint, stopped at the end.
 * The rack merges stderr into the stream and sends the exit code after the SDK's marker. It takes the terminal's
 * size when the session starts; a resize during it does not reach the process (the socket has no channel for
 * it).
 */
public final class ApiSessions {
    /** run.go: the attached process sleeps this long unless the session ends first. */
    static final int RUN_SECONDS = 3600;
    private static final Duration RUNNING_WITHIN = Duration.ofMinutes(5);

    private final RackApi api;
    private final String app;
    private final Clock clock;

    public ApiSessions(RackApi api, String app, Clock clock) {
        this.api = api;
        this.app = app;
        this.clock = clock;
    }

    /** @return the command's exit code */
    public int exec(String pid, String command, Terminal t, boolean entrypoint) throws IOException {
        Terminal.Size size = t.size();
        try (ApiSocket s = api.processExec(app, pid, command, t.tty() ? Optional.empty() : Optional.of(false),
                Optional.of(size.rows()), Optional.of(size.columns()), entrypoint ? Optional.of(true)
                        : Optional.empty())) {
            AtomicBoolean over = new AtomicBoolean();
            Sessions.pump(t.input(), t.tty(), b -> {
                try {
                    s.send(b);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, () -> {
                try {
                    s.sendEof();
                } catch (IOException e) {
                    // the session is ending anyway
                }
            }, over::get);
            try {
                int code = ExecStream.relay(s.input(), t.output());
                if (code < 0) {
                    throw new IOException("the rack API ended the session without an exit code");
                }
                return code;
            } finally {
                over.set(true);
            }
        }
    }

    /** A detached process running {@code command} by itself; its id. */
    public String runDetached(String service, String command, Optional<String> release, Terminal.Size size) {
        return api.processRun(app, service, new RackApi.RunOptions(Optional.of(command), release,
                Optional.of(size.rows()), Optional.of(size.columns()))).id();
    }

    /**
     * An attached one-off: a process that sleeps, waited for until it runs, exec'd into, and stopped when the
     * session ends (or fails).
     *
     * @param started told the new process's id as soon as the rack names it
     */
    public int runAttached(String service, String command, Optional<String> release, Terminal t,
            java.util.function.Consumer<String> started) throws IOException {
        Terminal.Size size = t.size();
        Structs.Process ps = api.processRun(app, service, new RackApi.RunOptions(Optional.of("sleep " + RUN_SECONDS),
                release, Optional.of(size.rows()), Optional.of(size.columns())));
        started.accept(ps.id());
        try {
            waitRunning(ps.id());
            return exec(ps.id(), command, t, true);
        } finally {
            try {
                api.processStop(app, ps.id());
            } catch (RuntimeException e) {
                // best effort, as the CLI's deferred stop: the process sleeps out its hour otherwise
            }
        }
    }

    /**
     * {@code convox resources proxy} (pkg/cli/resources.go ResourcesProxy): ResourceGet for the URL, then a local
     * listener whose every connection is one proxy socket to the URL's host and port.
     *
     * @param via how the rack API is reached, for the tunnel's description
     */
    public LocalTunnel proxy(String resource, java.util.OptionalInt localPort, String via,
            java.util.function.Consumer<String> events) throws IOException {
        Structs.Resource r = api.resourceGet(app, resource);
        ResourceAddress a = ResourceAddress.parse(resource, r.url());
        return LocalTunnel.open(resource, a, localPort.orElse(a.port()), via, ProxyDialers.api(api, a.host(),
                a.port()), events);
    }

    /** common.WaitForProcessRunning: ProcessGet every second until the process runs. */
    private void waitRunning(String pid) throws IOException {
        Instant until = clock.instant().plus(RUNNING_WITHIN);
        while (clock.instant().isBefore(until)) {
            String status = api.processGet(app, pid).status();
            if ("running".equals(status)) {
                return;
            }
            if ("failed".equals(status) || "complete".equals(status) || "crashed".equals(status)) {
                throw new IOException("process " + pid + " is " + status + " before it could be attached to");
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for " + pid);
            }
        }
        throw new IOException("process " + pid + " was not running within " + RUNNING_WITHIN.toMinutes() + " minutes");
    }
}
