package dev.rackside.services.api;

/**
 * An open {@code resources proxy}: a port on 127.0.0.1 whose connections each reach the resource, until it is
 * closed. Each connection is its own stream through the rack (the rack API's proxy socket, or a Kubernetes
 * port-forward to the resource's pod); the tunnel itself holds nothing open while nobody is connected.
 */
public interface Tunnel extends AutoCloseable {
    /** The resource's name, as {@code convox resources} lists it. */
    String resource();

    /** The local port connections are accepted on (127.0.0.1 only). */
    int localPort();

    /** How to connect: the resource's URL pointed at the local port, its password masked. */
    String localUrl();

    /** Where the connections go: the resource's host and port as the rack sees them. */
    String remote();

    /** "rack API (kubernetes tunnel)", "kubernetes port-forward to pod resource-database-7c9f". */
    String via();

    /** Connections accepted so far, and open now. */
    int accepted();

    int open();

    /** Whether the tunnel still accepts connections. */
    boolean listening();

    /** Stops accepting and ends every open connection. */
    @Override
    void close();
}
