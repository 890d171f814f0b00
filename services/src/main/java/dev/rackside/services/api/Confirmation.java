package dev.rackside.services.api;

import dev.rackside.services.model.Rack;
import dev.rackside.services.model.Tier;
import java.util.Locale;
import java.util.Optional;

/**
 * The one confirmation policy of the console and the CLI: a change is refused outright on a read-only session
 * or rack; otherwise it is asked for, {@code y}/{@code N} on most racks and the target's name typed on a
 * {@code tier: production} rack.
 */
public final class Confirmation {
    private Confirmation() {
    }

    /** How a change is confirmed. */
    public enum Kind { YES_NO, TYPE_NAME }

    /** The question, and what answers it. */
    public record Question(Kind kind, String prompt, String expected, String summary) {
        /** A typed name must match exactly; a y/N question takes y or yes, anything else is no. */
        public boolean accepts(String answer) {
            String a = answer == null ? "" : answer.trim();
            return kind == Kind.TYPE_NAME ? a.equals(expected)
                    : a.equalsIgnoreCase("y") || a.equalsIgnoreCase("yes");
        }

        /** What the operator is told when the answer did not confirm. */
        public String declined() {
            return kind == Kind.TYPE_NAME ? summary + ": confirmation did not match '" + expected
                    + "'; nothing was changed" : summary + ": not confirmed; nothing was changed";
        }
    }

    /** Why this change may not be made here at all, or empty. */
    public static Optional<String> refusal(Rack rack, boolean sessionReadOnly, Mutation m) {
        if (!m.changesRack()) {
            return Optional.empty();
        }
        if (sessionReadOnly) {
            return Optional.of("read-only: " + m.id() + " is disabled (this session is read-only: --read-only)");
        }
        if (rack.readOnly()) {
            return Optional.of("read-only: " + m.id() + " is disabled (rack " + rack.name()
                    + " is read-only in racks.yaml)");
        }
        return Optional.empty();
    }

    /**
     * Whether the change is asked for at all: always, except a session into a process (exec, run) or a tunnel,
     * which an on-call engineer opens many times a night: those are asked for on production racks only (and
     * journaled everywhere).
     */
    public static boolean asks(Rack rack, Mutation m) {
        boolean session = m == Mutation.EXEC || m == Mutation.RUN || m == Mutation.PROXY;
        return !session || rack.tier() == Tier.PRODUCTION;
    }

    /**
     * @param summary what will be done ("scale billing/web count=4")
     * @param target  the name a production rack asks to be typed: the app's (or the process's, for a stop)
     */
    public static Question ask(Rack rack, String summary, String target) {
        if (rack.tier() == Tier.PRODUCTION) {
            return new Question(Kind.TYPE_NAME, "Rack " + rack.name() + " is PRODUCTION. Type " + target
                    + " to " + summary + ": ", target, summary);
        }
        return new Question(Kind.YES_NO, summary + " on rack " + rack.name() + "? [y/N] ", "y", summary);
    }

    /** "promote billing RABCDEFGHIJ", "scale billing/web count=4" ... the words both front ends confirm. */
    public static final class Summary {
        private Summary() {
        }

        public static String scale(String app, String service, Operations.Scale s) {
            StringBuilder b = new StringBuilder("scale " + app + "/" + service);
            s.count().ifPresent(v -> b.append(" count=").append(v));
            s.min().ifPresent(v -> b.append(" min=").append(v));
            s.max().ifPresent(v -> b.append(" max=").append(v));
            s.cpu().ifPresent(v -> b.append(" cpu=").append(v));
            s.memory().ifPresent(v -> b.append(" memory=").append(v));
            return b.toString();
        }

        public static String restart(String app, Optional<String> service) {
            return service.map(s -> "restart " + app + "/" + s).orElse("restart every service of " + app);
        }

        public static String lock(String app, boolean locked) {
            return (locked ? "lock " : "unlock ") + app;
        }

        public static String promote(String app, String release) {
            return "promote " + app + " " + release.toUpperCase(Locale.ROOT);
        }

        public static String rollback(String app, String release) {
            return "roll " + app + " back to " + release.toUpperCase(Locale.ROOT);
        }

        public static String cancel(String app) {
            return "cancel the deploy of " + app;
        }

        public static String env(String app, Operations.EnvChange change, boolean promote) {
            String what = change.set().isEmpty() ? "remove " + String.join(", ", change.unset().stream().sorted()
                    .toList()) + " from" : "set " + String.join(", ", change.set().keySet().stream().sorted().toList())
                    + " in";
            return what + " the env of " + app + (promote ? " and promote" : "");
        }

        public static String stop(String app, String process) {
            return "stop process " + process + " of " + app;
        }

        /** {@code command} empty: a shell. */
        public static String exec(String app, String process, String command) {
            if (command.isBlank()) {
                return "open a shell in process " + process + " of " + app;
            }
            return "run '" + command + "' in process " + process + " of " + app;
        }

        public static String run(String app, String service, String command) {
            return "start a one-off " + service + " process of " + app + " running '" + command + "'";
        }

        public static String proxy(String app, String resource) {
            return "open a tunnel to resource " + resource + " of " + app;
        }

        public static String deploy(String app, String dir) {
            return "build " + dir + " and deploy it to " + app;
        }

        public static String build(String app, String dir) {
            return "build " + dir + " for " + app;
        }
    }
}
