package dev.rackside.services.logs;

import dev.rackside.services.api.LogQuery;
import dev.rackside.services.kube.ConvoxLabels;
import dev.rackside.services.model.LogLine;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Every container of every pod in the query's scope, one {@link PodLogStream} each. A following session
 * watches the app's pods: a pod whose container starts joins, a deleted pod's stream ends and leaves. A
 * session that does not follow lists the pods once and is done when each stream has ended.
 */
final class PodLogSource implements LogSource, PodLogStream.Listener, LogPump.Settles {
    private final KubernetesClient client;
    private final String namespace;
    private final LogQuery query;
    private final Instant since;
    private final ScheduledExecutorService scheduler;
    private final Map<String, PodLogStream> streams = new ConcurrentHashMap<>();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private final Set<String> answered = ConcurrentHashMap.newKeySet();
    private final Map<String, Pod> pods = new ConcurrentHashMap<>();
    private volatile SourceObjects<Pod> objects;
    private volatile Out out;

    PodLogSource(AppScope scope) {
        this.client = scope.client();
        this.namespace = scope.namespace();
        this.query = scope.query();
        this.since = scope.since();
        this.scheduler = scope.scheduler();
    }

    @Override
    public void start(Out o) {
        this.out = o;
        var selection = client.pods().inNamespace(namespace);
        var scoped = query.service().isPresent()
                ? selection.withLabel(ConvoxLabels.SERVICE, query.service().get()) : selection;
        objects = SourceObjects.start("pods", scoped, query.follow(), scheduler, o, this::seen,
                pod -> gone(pod.getMetadata().getName()));
    }

    private void seen(Pod pod) {
        String name = pod.getMetadata().getName();
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        if (!query.covers(name, labels.getOrDefault(ConvoxLabels.SERVICE, ""))) {
            return;
        }
        pods.put(name, pod);
        List<Container> containers = pod.getSpec() == null ? List.of() : pod.getSpec().getContainers();
        for (int i = 0; i < containers.size(); i++) {
            String c = containers.get(i).getName();
            String key = name + "/" + c;
            if (streams.containsKey(key) || !hasLogs(pod, c)) {
                continue;
            }
            String service = labels.get(ConvoxLabels.SERVICE);
            String prefix = service != null ? "service/" + service + "/" + name : "pod/" + name;
            String source = (i == 0 || c.equals(service) ? prefix : prefix + "/" + c).intern();
            PodLogStream s = new PodLogStream(client.getHttpClient(), client.getMasterUrl().toString(), namespace,
                    name, c, source, query.follow(), query.previous(), since, query.tail(),
                    lines -> out.lines(lines), this, scheduler, () -> pods.containsKey(name));
            if (streams.putIfAbsent(key, s) == null) {
                s.start();
            }
        }
    }

    private int restarts(String pod, String container) {
        Pod p = pods.get(pod);
        if (p == null || p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        return p.getStatus().getContainerStatuses().stream().filter(c -> c.getName().equals(container))
                .map(c -> c.getRestartCount() == null ? 0 : c.getRestartCount()).findFirst().orElse(0);
    }

    /** A container has something to read once it runs or ran; a pending one would answer 400. */
    private boolean hasLogs(Pod pod, String container) {
        if (query.previous()) {
            return true;
        }
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return false;
        }
        for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
            if (cs.getName().equals(container) && cs.getState() != null) {
                return cs.getState().getRunning() != null || cs.getState().getTerminated() != null
                        || (cs.getRestartCount() != null && cs.getRestartCount() > 0);
            }
        }
        return false;
    }

    private void gone(String pod) {
        pods.remove(pod);
        // The stream ends by itself when the container stops; it then sees the pod gone and does not reconnect.
        out.changed();
    }

    @Override
    public void connected(PodLogStream s) {
        answered.add(key(s));
        out.problem(key(s), Optional.empty());
        out.changed();
    }

    @Override
    public void ended(PodLogStream s, String why) {
        answered.add(key(s));
        finished.add(key(s));
        if (query.previous() && why.startsWith("400")) {
            // The kubelet's "previous terminated container ... not found": say it as kubectl users know it.
            why = "no previous container (restarts " + restarts(s.pod(), s.container()) + ")";
        }
        if (!why.equals("done") && !why.equals("gone") && !why.equals("stream ended")) {
            out.problem(key(s), Optional.of(s.pod() + ": " + why));
        }
        if (query.follow()) {
            // A pod that comes back (same name: a StatefulSet, a restarted run) starts a fresh stream.
            streams.remove(key(s));
        }
        out.changed();
    }

    @Override
    public void reconnecting(PodLogStream s, String why) {
        answered.add(key(s));
        out.reconnected();
        out.changed();
    }

    private static String key(PodLogStream s) {
        return s.pod() + "/" + s.container();
    }

    /**
     * Whether a live stream of this session already shows {@code line} (a CloudWatch copy of it): its pod
     * is being streamed and the line is from the pod's current container, which the kubelet still holds.
     */
    boolean showsLive(LogLine line) {
        String source = line.source();
        Pod pod = pods.get(source.substring(source.lastIndexOf('/') + 1));
        if (pod == null) {
            return false;
        }
        Instant started = Instant.parse(pod.getMetadata().getCreationTimestamp() == null ? Instant.EPOCH.toString()
                : pod.getMetadata().getCreationTimestamp());
        if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
                if (cs.getState() != null && cs.getState().getRunning() != null
                        && cs.getState().getRunning().getStartedAt() != null) {
                    started = Instant.parse(cs.getState().getRunning().getStartedAt());
                }
            }
        }
        return !line.at().isBefore(started);
    }

    @Override
    public boolean settled() {
        return listed() && answered.containsAll(streams.keySet());
    }

    @Override
    public boolean done() {
        return listed() && finished.containsAll(streams.keySet());
    }

    /** Containers being followed: streaming now, or between two connections of one stream. */
    @Override
    public int streams() {
        int n = 0;
        for (String key : streams.keySet()) {
            if (!finished.contains(key)) {
                n++;
            }
        }
        return n;
    }

    private boolean listed() {
        SourceObjects<Pod> o = objects;
        return o != null && o.listed();
    }

    @Override
    public void close() {
        SourceObjects<Pod> o = objects;
        if (o != null) {
            o.close();
        }
        streams.values().forEach(PodLogStream::stop);
    }
}
