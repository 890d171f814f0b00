package dev.rackside.services.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;

/** Turns what fabric8 throws into one line an operator can act on. */
public final class KubeErrors {
    private KubeErrors() {
    }

    /** The HTTP status behind a failure, or 0 when the server never answered. */
    public static int code(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof KubernetesClientException k && k.getCode() > 0) {
                return k.getCode();
            }
        }
        return 0;
    }

    /** True when retrying cannot help: the server answered and said no. */
    public static boolean permanent(Throwable t) {
        int code = code(t);
        return code == 401 || code == 403 || code == 404;
    }

    private static final String UNAUTHORIZED = "unauthorized:";
    private static final String FORBIDDEN = "forbidden:";
    private static final String DNS = "the API server's name does not resolve (DNS)";
    private static final String TLS = "TLS failure:";

    /**
     * Whether a failure {@link #describe} worded is one waiting cannot cure: a name that does not resolve, a
     * certificate that does not verify, credentials refused. Discovery does not spend a session's patience on it.
     */
    public static boolean patienceCannotCure(String described) {
        return described.contains(DNS) || described.contains(TLS) || described.contains(UNAUTHORIZED)
                || described.contains(FORBIDDEN);
    }

    public static String describe(Throwable t) {
        Throwable root = unwrap(t);
        int code = code(t);
        String serverMessage = serverMessage(t);
        switch (code) {
            case 401:
                // What renews them on EKS, where a kubeconfig's user runs `aws eks get-token` with SSO credentials.
                return UNAUTHORIZED + " the kube credentials were rejected or have expired (on EKS: aws sso login "
                        + "--profile PROFILE; a stale kubeconfig: aws eks update-kubeconfig --name CLUSTER --region "
                        + "REGION)";
            case 403:
                return FORBIDDEN + " " + (serverMessage.isEmpty() ? "the kube user may not read this" : serverMessage);
            case 404:
                return "not found" + (serverMessage.isEmpty() ? "" : ": " + serverMessage);
            case 0:
                break;
            default:
                return "API error " + code + (serverMessage.isEmpty() ? "" : ": " + serverMessage);
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            // The JDK HTTP client reports a name that does not resolve as a ConnectException caused by this.
            if (c instanceof java.nio.channels.UnresolvedAddressException || c instanceof UnknownHostException) {
                return "unreachable: " + DNS;
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof HttpConnectTimeoutException) {
                return "unreachable: " + nonEmpty(c.getMessage(), "connection refused");
            }
            if (c instanceof HttpTimeoutException || c instanceof InterruptedIOException) {
                return "unreachable: timed out";
            }
            if (c instanceof SSLException) {
                // A peer that hangs up mid-handshake (a dead backend behind a load balancer, a cut tunnel) is a
                // lost connection, not a certificate problem: say so, so nobody goes looking at CAs.
                if (String.valueOf(c.getMessage()).contains("terminated the handshake")
                        || c.getCause() instanceof java.io.EOFException
                        || c.getCause() instanceof java.net.SocketException) {
                    return "unreachable: the connection was closed during the TLS handshake";
                }
                return TLS + " " + c.getMessage();
            }
        }
        return nonEmpty(root.getMessage(), root.getClass().getSimpleName()).lines().findFirst().orElse("");
    }

    private static String serverMessage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof KubernetesClientException k && k.getStatus() != null
                    && k.getStatus().getMessage() != null) {
                return k.getStatus().getMessage();
            }
        }
        return "";
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static String nonEmpty(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s;
    }
}
