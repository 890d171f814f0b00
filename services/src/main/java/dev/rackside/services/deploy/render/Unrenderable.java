package dev.rackside.services.deploy.render;

import java.util.List;

/** A release uses convox.yml features rackside cannot render; nothing has been written. */
public final class Unrenderable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Unrenderable(String release, List<String> features) {
        super("release " + release + " uses what rackside cannot render, so nothing was written: "
                + String.join("; ", features) + ". Promote it with the Convox CLI.");
    }
}
