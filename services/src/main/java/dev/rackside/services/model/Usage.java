package dev.rackside.services.model;

import java.util.Locale;
import java.util.Optional;

/**
 * What a pod (or a service's pods together) uses, from {@code metrics.k8s.io} as metrics-server reports it, beside
 * what it asked for: CPU in millicores against its request, memory in bytes against its limit. When the cluster
 * has no metrics for it, {@code unknown} says why ("metrics.k8s.io is not served"), and every cell reads
 * {@code n/a}; before metrics were asked for, {@link #NOT_READ} leaves the cells empty.
 */
public record Usage(long cpuMillis, long memoryBytes, long cpuRequestMillis, long memoryLimitBytes,
        Optional<String> unknown) {
    public static final Usage NOT_READ = new Usage(-1, -1, 0, 0, Optional.empty());

    public static Usage unknown(String why) {
        return new Usage(-1, -1, 0, 0, Optional.of(why));
    }

    public boolean known() {
        return cpuMillis >= 0 && memoryBytes >= 0;
    }

    /** Several pods' usage together: a service's. Unknown when any is. */
    public Usage plus(Usage o) {
        if (!known() || !o.known()) {
            return unknown.isPresent() || !o.unknown.isPresent() ? this : o;
        }
        return new Usage(cpuMillis + o.cpuMillis, memoryBytes + o.memoryBytes, cpuRequestMillis + o.cpuRequestMillis,
                memoryLimitBytes + o.memoryLimitBytes, Optional.empty());
    }

    /** "120m", kubectl top's way. */
    public String cpu() {
        return known() ? cpuMillis + "m" : blank();
    }

    /** "245Mi", kubectl top's way. */
    public String memory() {
        return known() ? (memoryBytes / (1024 * 1024)) + "Mi" : blank();
    }

    /** Used CPU as a share of the request ("48%"); "-" without a request. */
    public String cpuOfRequest() {
        return known() ? percent(cpuMillis, cpuRequestMillis) : blank();
    }

    /** Used memory as a share of the limit ("61%"); "-" without a limit. */
    public String memoryOfLimit() {
        return known() ? percent(memoryBytes, memoryLimitBytes) : blank();
    }

    private String blank() {
        return unknown.isPresent() ? "n/a" : "";
    }

    private static String percent(long used, long of) {
        return of <= 0 ? "-" : String.format(Locale.ROOT, "%d%%", Math.round(100.0 * used / of));
    }
}
