package dev.rackside.services.model.compliance;

import java.time.Instant;

/**
 * One CloudTrail management event that touched the rack's resources: who ({@code userIdentity.arn}), what
 * ({@code eventSource}/{@code eventName} and the rack resource it named), when, from where (source IP, user
 * agent), and whether AWS refused it ({@code errorCode}, e.g. AccessDenied: an attempt is evidence too).
 *
 * @param page the page (of LookupEvents or of a Lake query) it came from, whose digest the exports carry
 */
public record TrailEvent(Instant time, String region, String category, String actor, String eventSource,
        String eventName, String resource, String sourceIp, String userAgent, boolean readOnly, String errorCode,
        String eventId, int page) {
}
