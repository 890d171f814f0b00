package dev.rackside.services.kube;

/** Maps raw Atom states to the status the Convox CLI prints (pkg/common/atom.go). */
public final class AtomStatus {
    private AtomStatus() {
    }

    public static String cli(String raw) {
        switch (raw == null ? "" : raw) {
            case "Pending":
            case "Updating":
                return "updating";
            case "Cancelled":
            case "Deadline":
            case "Error":
            case "Rollback":
                return "rollback";
            case "Running":
            case "Reverted":
            case "Failure":
            case "":
            case "Success":
            case "Failed":
                return "running";
            default:
                return "unknown";
        }
    }
}
