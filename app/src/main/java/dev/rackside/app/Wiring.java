package dev.rackside.app;

import dev.rackside.services.api.Racks;
import dev.rackside.services.api.Services;
import dev.rackside.services.racks.Environment;
import dev.rackside.services.session.SessionBuilder;

/**
 * The composition root: the one place the service layer is put together, for the console and every command.
 * Built on first use, so {@code rackside --help} and a usage error build nothing; closed once at exit.
 */
public final class Wiring implements AutoCloseable {
    private final Environment env;
    private boolean readOnly;
    private Services services;

    public Wiring(Environment env) {
        this.env = env;
    }

    /** The session's read-only flag; set by the command line before anything is built. */
    public void readOnly(boolean readOnly) {
        if (services != null && services.readOnly() != readOnly) {
            throw new IllegalStateException("the session's services are already built");
        }
        this.readOnly = readOnly;
    }

    public Environment env() {
        return env;
    }

    public synchronized Services services() {
        if (services == null) {
            services = SessionBuilder.of(env).readOnly(readOnly).version("rackside " + Version.current()).build();
        }
        return services;
    }

    public Racks racks() {
        return services().racks();
    }

    @Override
    public synchronized void close() {
        if (services != null) {
            services.close();
        }
    }
}
