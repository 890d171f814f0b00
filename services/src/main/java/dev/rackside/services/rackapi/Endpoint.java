package dev.rackside.services.rackapi;

import java.net.URI;
import java.util.Optional;

/**
 * Where a rack's API answers and how rackside authenticates to it.
 *
 * @param base     {@code https://host[:port]} (plain {@code http} only for loopback hosts: tests, the sandbox)
 * @param password the rack password (basic auth {@code convox:<password>}); empty: authentication is off
 * @param trust    how the API's certificate is checked
 * @param via      how it was reached, for the journal and the status line: {@code racks.yaml api} or
 *                 {@code kubernetes tunnel}
 */
public record Endpoint(URI base, Optional<String> password, ApiTrust trust, String via) {

    /** Never print the password: endpoints appear in errors and the journal. */
    @Override
    public String toString() {
        return base + " (" + via + (password.isPresent() ? ", password ****" : ", no password") + ")";
    }

    /** Refuses plain http to anything but loopback: the password would cross the network in clear. */
    public static void requireSafe(URI base) {
        String scheme = base.getScheme() == null ? "" : base.getScheme();
        if (scheme.equals("https")) {
            return;
        }
        if (scheme.equals("http") && isLoopback(base.getHost())) {
            return;
        }
        throw new IllegalArgumentException("rack API " + withoutUserInfo(base) + ": only https is accepted "
                + "(plain http only on 127.0.0.1/localhost)");
    }

    static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]")
                || host.equals("::1") || host.startsWith("127."));
    }

    public static URI withoutUserInfo(URI u) {
        try {
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null);
        } catch (java.net.URISyntaxException e) {
            return URI.create(u.getScheme() + "://" + u.getHost());
        }
    }
}
