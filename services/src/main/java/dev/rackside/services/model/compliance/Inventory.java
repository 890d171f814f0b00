package dev.rackside.services.model.compliance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the collectors read, kept as evidence: every raw API response under a key that says what was asked
 * ({@code k8s:pods:prod-api}), with its SHA-256, or the reason the read failed. Rules read only this: they
 * never call an API, so a run can be re-evaluated and an export can prove what it was decided on.
 */
public final class Inventory {
    /** One raw response, as received. */
    public record Entry(String key, String body, String sha256, Instant at) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, String> failures = new LinkedHashMap<>();
    private final Map<String, String> absent = new LinkedHashMap<>();

    public synchronized void put(String key, String body, Instant at) {
        entries.put(key, new Entry(key, body, sha256(body), at));
    }

    public synchronized void failed(String key, String why) {
        failures.put(key, why);
    }

    /**
     * The read under {@code key} is impossible here, not refused: the service or feature does not exist in
     * the rack's partition (compliance-catalog.md section 4). Checks that need it are NOT_APPLICABLE.
     */
    public synchronized void absent(String key, String why) {
        absent.put(key, why);
    }

    public synchronized Optional<String> absence(String key) {
        return Optional.ofNullable(absent.get(key));
    }

    public synchronized Map<String, String> absences() {
        return Map.copyOf(absent);
    }

    public synchronized Optional<Entry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** Why the read under {@code key} failed (AccessDenied, 403, a timeout), if it did. */
    public synchronized Optional<String> failure(String key) {
        return Optional.ofNullable(failures.get(key));
    }

    public synchronized Map<String, Entry> entries() {
        return Map.copyOf(entries);
    }

    public synchronized Map<String, String> failures() {
        return Map.copyOf(failures);
    }

    static String sha256(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
