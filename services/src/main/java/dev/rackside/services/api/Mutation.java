package dev.rackside.services.api;

import java.util.Locale;

/**
 * Every kind of change rackside can make to a rack, named once: the journal's action, the confirmation's
 * verb, what read-only mode refuses, what the console's dangerous keys and the CLI's commands carry out. A
 * {@code reveal} changes nothing on the rack but is journaled (who read which secret).
 */
public enum Mutation {
    SCALE("scale"),
    RESTART("restart"),
    LOCK("lock"),
    UNLOCK("unlock"),
    PROMOTE("promote"),
    ROLLBACK("rollback"),
    CANCEL("cancel"),
    ENV_SET("env set"),
    ENV_UNSET("env unset"),
    ENV_REVEAL("env reveal", false),
    EXEC("exec"),
    RUN("run"),
    STOP("stop"),
    PROXY("proxy"),
    BUILD("build"),
    DEPLOY("deploy");

    private final String id;
    private final boolean changesRack;

    Mutation(String id) {
        this(id, true);
    }

    Mutation(String id, boolean changesRack) {
        this.id = id;
        this.changesRack = changesRack;
    }

    /** As the journal writes it and the operator types it. */
    public String id() {
        return id;
    }

    /** False only for reads that are journaled (a reveal): read-only mode allows them. */
    public boolean changesRack() {
        return changesRack;
    }

    public static java.util.Optional<Mutation> byId(String id) {
        for (Mutation m : values()) {
            if (m.id.equals(id) || m.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(id)) {
                return java.util.Optional.of(m);
            }
        }
        return java.util.Optional.empty();
    }
}
