package dev.rackside.services.manifest;

/** A convox.yml that cannot be used; the message names the release, line and key. */
public final class ManifestProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ManifestProblem(String message) {
        super(message);
    }
}
