package dev.rackside.services.model;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One line of the operator journal. An action writes two: its {@code intent} before anything changes, and
 * its {@code outcome} after, sharing an {@code action} id.
 *
 * @param operator who did it: the kube context's user, and the AWS caller ARN where known
 * @param params   the action's parameters with every secret value already redacted
 * @param path     on an outcome: which way the change went to the rack ({@code rack API (...)},
 *                 {@code kubernetes}); absent when nothing was sent
 */
public record JournalRecord(
        String kind,
        String actionId,
        Instant time,
        String operator,
        Optional<String> awsCaller,
        String rack,
        Optional<String> app,
        String action,
        Map<String, String> params,
        Optional<String> result,
        Optional<String> error,
        Optional<String> path) {

    public JournalRecord {
        params = Map.copyOf(params);
    }

    public static JournalRecord intent(String actionId, String operator, String rack, Optional<String> app,
            String action, Map<String, String> params) {
        return new JournalRecord("intent", actionId, Instant.now(), operator, Optional.empty(), rack, app, action,
                params, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The same record naming the AWS identity too (STS caller ARN), when known. */
    public JournalRecord withAwsCaller(Optional<String> arn) {
        return new JournalRecord(kind, actionId, time, operator, arn, rack, app, action, params, result, error, path);
    }

    public JournalRecord outcome(Optional<String> failure) {
        return outcome(failure, Optional.empty());
    }

    /** The outcome of this intent: ok, or the error; and the path the change took to the rack. */
    public JournalRecord outcome(Optional<String> failure, Optional<String> path) {
        return new JournalRecord("outcome", actionId, Instant.now(), operator, awsCaller, rack, app, action, params,
                Optional.of(failure.isPresent() ? "error" : "ok"), failure, path);
    }

    /** The same record with what the action found out as it went (a build's id, its release) among the params. */
    public JournalRecord learned(Map<String, String> found) {
        if (found.isEmpty()) {
            return this;
        }
        Map<String, String> all = new java.util.TreeMap<>(params);
        all.putAll(found);
        return new JournalRecord(kind, actionId, time, operator, awsCaller, rack, app, action, all, result, error, path);
    }

    public boolean isIntent() {
        return "intent".equals(kind);
    }
}
