package dev.rackside.services.logs;

import dev.rackside.services.api.LogQuery;
import dev.rackside.services.api.LogSession;
import dev.rackside.services.api.LogSink;
import dev.rackside.services.api.Logs;
import dev.rackside.services.aws.AwsClients;
import dev.rackside.services.kube.ConvoxLabels;
import dev.rackside.services.kube.RackClients;
import dev.rackside.services.model.Rack;
import dev.rackside.services.rackapi.RackApi;
import dev.rackside.services.rackapi.RackApis;
import dev.rackside.services.racks.Environment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Log sessions on Convox racks: pod streams and events through the rack's kube context (one client per
 * session, its streams multiplexed over one HTTP/2 connection), CloudWatch through the rack's AWS clients.
 */
public final class RackLogs implements Logs {
    private final Environment env;
    private final AwsClients aws;
    private final Clock clock;
    private final RackClients shared;

    /** Sessions with a client of their own each, closed with the session (tests, benchmarks). */
    public RackLogs(Environment env, AwsClients aws, Clock clock) {
        this.env = env;
        this.aws = aws;
        this.clock = clock;
        this.shared = null;
        this.apis = null;
    }

    private final RackApis apis;

    /** Sessions on the session's clients, one per rack. */
    public RackLogs(RackClients clients, AwsClients aws, Clock clock) {
        this(clients, null, aws, clock);
    }

    /** Sessions on the session's clients, and build logs through the session's rack APIs. */
    public RackLogs(RackClients clients, RackApis apis, AwsClients aws, Clock clock) {
        this.env = clients.env();
        this.aws = aws;
        this.clock = clock;
        this.shared = clients;
        this.apis = apis;
    }

    @Override
    public LogSession open(Rack rack, LogQuery query, LogSink sink) {
        if (query.build().isPresent()) {
            return new LogPump(List.of(new BuildLogSource(() -> buildApi(rack), query.app(), query.build().get())),
                    query, sink, () -> { }, LogPump.scheduler()).start();
        }
        Instant since = query.since().map(d -> clock.instant().minus(d)).orElse(null);
        String namespace = ConvoxLabels.appNamespace(rack.internalName(), query.app());
        ScheduledExecutorService scheduler = LogPump.scheduler();
        List<LogSource> sources = new ArrayList<>();
        KubernetesClient client = null;
        PodLogSource pods = null;
        if (query.source().pods()) {
            client = shared != null ? shared.of(rack) : new RackClients(env).of(rack);
            try {
                appExists(client, rack, query.app(), namespace);
            } catch (RuntimeException e) {
                if (shared == null) {
                    client.close();
                }
                scheduler.shutdownNow();
                throw e;
            }
            AppScope scope = new AppScope(client, namespace, query, since, scheduler);
            pods = new PodLogSource(scope);
            sources.add(pods);
            if (!query.previous()) {
                sources.add(new EventLogSource(scope));
            }
        }
        if (query.source().cloudwatch()) {
            PodLogSource live = pods;
            sources.add(new CloudWatchLogSource(() -> aws.logs(rack), rack.internalName(), query, since, scheduler,
                    line -> live != null && live.showsLive(line), null));
        }
        KubernetesClient owned = shared == null ? client : null;
        return new LogPump(sources, query, sink, () -> {
            if (owned != null) {
                owned.close();
            }
        }, scheduler).start();
    }

    /** The rack's API for a build's log; a rack without one has no build logs to read. */
    private RackApi buildApi(Rack rack) {
        RackApis.Choice c = apis == null ? new RackApis.NoApi("no rack API in this session") : apis.choose(rack);
        if (c instanceof RackApis.Api a) {
            return a.api();
        }
        String why = c instanceof RackApis.NoApi n ? n.why() : ((RackApis.Down) c).why();
        throw new IllegalStateException("build logs come from the rack's API, which cannot be used: " + why);
    }

    /**
     * One GET of the app's namespace, so a mistyped app is an error rather than a silent empty stream. A
     * 403 here proves nothing (logs may still be readable), so it lets the session start.
     */
    private static void appExists(KubernetesClient client, Rack rack, String app, String namespace) {
        try {
            if (client.namespaces().withName(namespace).get() == null) {
                throw new IllegalArgumentException("app '" + app + "' not found on rack " + rack.name()
                        + " (no namespace " + namespace + ")");
            }
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() != 403) {
                throw new IllegalArgumentException("rack " + rack.name() + ": " + dev.rackside.services.kube.KubeErrors.describe(e), e);
            }
        }
    }
}
