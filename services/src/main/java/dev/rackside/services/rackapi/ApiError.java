package dev.rackside.services.rackapi;

/**
 * The rack API said no: its status code and message, decoded as the Convox SDK decodes them (stdsdk
 * client.go responseError: a JSON {@code {"error": ...}} body, else the trimmed text, else the status).
 * Status 0 means the API was not reached at all (connection refused, TLS, timeout).
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ApiError(int status, String message) {
        super(message);
        this.status = status;
    }

    public ApiError(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    public int status() {
        return status;
    }

    /** Not answered: the request did not reach the rack API, or no response came back. */
    public boolean unreachable() {
        return status == 0;
    }

    /**
     * Certain that the rack never received the request (refused or unresolvable connection, TLS failure, a
     * connect timeout): safe to do the change another way. A timeout waiting for the answer is not: the rack may
     * have carried it out.
     */
    public boolean notSent() {
        if (status != 0) {
            return false;
        }
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof java.net.http.HttpConnectTimeoutException || t instanceof java.net.ConnectException
                    || t instanceof java.net.UnknownHostException || t instanceof javax.net.ssl.SSLException
                    || t instanceof java.net.NoRouteToHostException) {
                return true;
            }
            if (t instanceof java.net.http.HttpTimeoutException) {
                return false;
            }
        }
        return false;
    }

    /** The API refused who we are (401): the password is wrong or missing. Nothing was done. */
    public boolean unauthorized() {
        return status == 401;
    }
}
