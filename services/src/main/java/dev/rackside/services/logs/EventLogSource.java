package dev.rackside.services.logs;

import dev.rackside.services.api.LogQuery;
import dev.rackside.services.model.LogLine;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Kubernetes Events of the app's objects, as {@code system/k8s/<kind>/<name>} lines, so a deploy's
 * progress reads like {@code convox logs}: scaling, pulls, back-offs, the atom's status changes. An event
 * that repeats (its count goes up) prints again with its new time. Scoped like the pods: a service's
 * Deployment, ReplicaSets, pods and HPA; a process's pod.
 */
final class EventLogSource implements LogSource {
    private final AppScope scope;
    private final Set<String> printed = ConcurrentHashMap.newKeySet();
    private volatile SourceObjects<Event> objects;
    private volatile Out out;

    EventLogSource(AppScope scope) {
        this.scope = scope;
    }

    @Override
    public void start(Out o) {
        this.out = o;
        // An expired event says nothing new, so a deletion prints nothing.
        objects = SourceObjects.start("events", scope.client().v1().events().inNamespace(scope.namespace()),
                scope.query().follow(), scope.scheduler(), o, this::print, e -> { });
    }

    private void print(Event e) {
        ObjectReference about = e.getInvolvedObject();
        if (about == null || !inScope(about.getName())) {
            return;
        }
        Instant at = time(e);
        if (at == null || (scope.since() != null && at.isBefore(scope.since()))) {
            return;
        }
        String key = e.getMetadata().getUid() + "/" + e.getMetadata().getName() + "/" + e.getCount() + "/" + at;
        if (!printed.add(key)) {
            return;
        }
        String kind = about.getKind() == null ? "object" : about.getKind().toLowerCase(Locale.ROOT);
        String message = e.getMessage() == null ? String.valueOf(e.getReason()) : e.getMessage();
        // A warning says so in the word the level colouring reads.
        String text = "Warning".equals(e.getType()) ? "WARN " + e.getReason() + ": " + message : message;
        out.lines(List.of(new LogLine(at, ("system/k8s/" + kind + "/" + about.getName()).intern(), text,
                LogLine.Origin.EVENT)));
    }

    private boolean inScope(String name) {
        if (name == null) {
            return false;
        }
        LogQuery query = scope.query();
        if (query.process().isPresent()) {
            return name.equals(query.process().get());
        }
        return query.service().map(s -> name.equals(s) || name.startsWith(s + "-")).orElse(true);
    }

    private static Instant time(Event e) {
        for (String t : new String[] {e.getLastTimestamp(), e.getEventTime() == null ? null
                : e.getEventTime().getTime(), e.getFirstTimestamp(), e.getMetadata().getCreationTimestamp()}) {
            if (t != null && !t.isBlank()) {
                try {
                    return Instant.parse(t);
                } catch (java.time.format.DateTimeParseException ignored) {
                    // try the next field
                }
            }
        }
        return null;
    }

    @Override
    public boolean done() {
        SourceObjects<Event> o = objects;
        return o != null && o.listed();
    }

    @Override
    public int streams() {
        return 0;
    }

    @Override
    public void close() {
        SourceObjects<Event> o = objects;
        if (o != null) {
            o.close();
        }
    }
}
