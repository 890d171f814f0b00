package dev.rackside.services.aws;

import java.util.Optional;

/**
 * An ARN read apart ({@code arn:<partition>:<service>:<region>:<account>:<resource>}); the resource keeps its
 * own colons ({@code log-group:/convox/x:*}). ARNs are only ever read from what AWS returned, never built
 * with an assumed partition.
 */
public record Arn(String partition, String service, String region, String account, String resource) {

    public static Optional<Arn> parse(String text) {
        if (text == null || !text.startsWith("arn:")) {
            return Optional.empty();
        }
        String[] p = text.split(":", 6);
        return p.length == 6 ? Optional.of(new Arn(p[1], p[2], p[3], p[4], p[5])) : Optional.empty();
    }

    /** The region an ARN names, or {@code fallback} for text that is no ARN or a global resource. */
    public static String regionOr(String text, String fallback) {
        return parse(text).map(Arn::region).filter(r -> !r.isEmpty()).orElse(fallback);
    }

    /** The account an ARN names, empty when it names none. */
    public static String accountOf(String text) {
        return parse(text).map(Arn::account).orElse("");
    }
}
