package dev.rackside.services.model;

/** Reachability of a rack, as the {@code racks} listing shows it (lower case, like the Convox CLI). */
public enum RackStatus {
    /** The rack namespace answered on its context. */
    RUNNING("running"),
    /** The context's API could not be reached or refused us; the reason says which. */
    UNREACHABLE("unreachable"),
    /** The context answered but holds no rack namespace of that name. */
    NOT_FOUND("not found"),
    /** Known from racks.yaml or the Convox CLI but not contacted in this run. */
    UNKNOWN("unknown"),
    /** Known only to the Convox CLI: give it a kube context in racks.yaml to reach it. */
    NO_CONTEXT("no context");

    private final String label;

    RackStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
