package dev.rackside.services.shell;

import dev.rackside.services.kube.SecretMask;
import java.util.Locale;

/**
 * Where a resource's URL points, read the way {@code convox resources proxy} reads it (convox 3.24.9
 * pkg/cli/resources.go ResourcesProxy): host and port from the URL, the port defaulting only for http (80) and
 * https (443), anything else without a port refused. A password with characters a URL parser rejects
 * ({@code @}, {@code /}, {@code #}) is cut off at the last {@code @} first, as the CLI does, so the host is
 * still found.
 */
public record ResourceAddress(String scheme, String user, boolean password, String host, int port, String rest) {

    /** @throws IllegalArgumentException with the CLI's words when the URL names no port */
    public static ResourceAddress parse(String resource, String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("no url for resource: " + resource);
        }
        int sep = url.indexOf("://");
        String scheme = sep > 0 ? url.substring(0, sep).toLowerCase(Locale.ROOT) : "";
        String afterScheme = sep > 0 ? url.substring(sep + 3) : url;
        int at = afterScheme.lastIndexOf('@');
        String user = "";
        boolean password = false;
        if (at >= 0) {
            String info = afterScheme.substring(0, at);
            int colon = info.indexOf(':');
            user = colon >= 0 ? info.substring(0, colon) : info;
            password = colon >= 0;
            afterScheme = afterScheme.substring(at + 1);
        }
        int end = afterScheme.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = afterScheme.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String authority = afterScheme.substring(0, end);
        String rest = afterScheme.substring(end);
        String host = authority;
        String port = "";
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            host = close > 0 ? authority.substring(1, close) : authority;
            port = close > 0 && authority.length() > close + 1 && authority.charAt(close + 1) == ':'
                    ? authority.substring(close + 2) : "";
        } else if (authority.lastIndexOf(':') >= 0) {
            host = authority.substring(0, authority.lastIndexOf(':'));
            port = authority.substring(authority.lastIndexOf(':') + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("the url of resource " + resource + " names no host");
        }
        int p;
        if (port.isEmpty()) {
            p = switch (scheme) {
                case "http" -> 80;
                case "https" -> 443;
                default -> throw new IllegalArgumentException("unknown port for url of resource " + resource
                        + " (" + scheme + "://" + host + ")");
            };
        } else {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the url of resource " + resource + " has port '" + port
                        + "', not a number");
            }
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("the url of resource " + resource + " has port " + p);
            }
        }
        return new ResourceAddress(scheme, user, password, host, p, rest);
    }

    /** The URL a local client uses: same scheme, user and path, 127.0.0.1 and the local port, password masked. */
    public String local(int localPort) {
        String info = user.isEmpty() && !password ? "" : user + (password ? ":" + SecretMask.MASK : "") + "@";
        return (scheme.isEmpty() ? "" : scheme + "://") + info + "127.0.0.1:" + localPort + rest;
    }

    /** host:port as the rack dials it. */
    public String remote() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
