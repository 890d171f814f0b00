package dev.rackside.services.logs;

/** Short, one-line messages from what the API or the transport said. */
final class KubeMessage {
    private KubeMessage() {
    }

    static String of(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && (c instanceof java.util.concurrent.CompletionException
                || c instanceof java.util.concurrent.ExecutionException)) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null || m.isBlank() ? c.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    /** The {@code message} of a Kubernetes Status body, or the body's first line. */
    static String ofStatus(String body) {
        int k = body.indexOf("\"message\"");
        if (k >= 0) {
            int q = body.indexOf('"', body.indexOf(':', k + 9) + 1);
            int end = q;
            while (end >= 0 && (end = body.indexOf('"', end + 1)) > 0 && body.charAt(end - 1) == '\\') {
                // skip escaped quotes
            }
            if (q >= 0 && end > q) {
                return body.substring(q + 1, end).replace("\\\"", "\"");
            }
        }
        return body.lines().findFirst().orElse("").trim();
    }
}
