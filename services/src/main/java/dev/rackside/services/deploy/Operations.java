package dev.rackside.services.deploy;

import dev.rackside.services.model.Rack;
import java.util.Optional;

/**
 * The writes an operator makes by hand, with the same on-cluster effect as the Convox CLI's so both tools
 * can work on one rack: scale (ServiceUpdate), restart (the pod-template annotation), lock/unlock (the
 * namespace annotation). Every call is journaled (intent before, outcome after) and leaves an Event on the
 * object it changed. Writes carry the resourceVersion they read: a concurrent change is a clear conflict,
 * never a silent overwrite.
 */
public interface Operations {

    /** {@code count} is "N" (replicas) or "MIN-MAX" (the live HPA's bounds); cpu in millicores, memory in MiB. */
    String scale(Rack rack, String app, String service, Optional<String> count, Optional<Integer> cpu,
            Optional<Integer> memory);

    /** Restarts one service, or every service of the app when {@code service} is empty. */
    String restart(Rack rack, String app, Optional<String> service);

    String lock(Rack rack, String app, boolean locked);

    /**
     * Promotes a release through the Atom protocol and returns at its final state: Running, or a
     * {@link Refused} saying it was rolled back. Progress lines (status changes, ready counts, Events) go to
     * {@code progress} as they happen.
     */
    String promote(Rack rack, String app, String release, java.time.Duration timeout,
            java.util.function.Consumer<String> progress);

    /** Convox's rollback: a new release with the build and env of {@code release}, promoted. */
    String rollback(Rack rack, String app, String release, java.time.Duration timeout,
            java.util.function.Consumer<String> progress);

    /**
     * The actions (scale, restart, lock, promote, rollback, cancel) the operator's kube user may not take on
     * {@code app}, known from SelfSubjectAccessReview (cached); what the API cannot answer counts as allowed.
     * Blocks on the network: call it off the render thread.
     */
    java.util.Set<String> forbidden(Rack rack, String app);

    /** The app's env (its newest release's), every value masked. */
    java.util.SortedMap<String, String> env(Rack rack, String app);

    /** One env value, in clear; journaled, because reading a secret is something an auditor asks about. */
    String reveal(Rack rack, String app, String key);

    /**
     * A new release from the newest one with the env changed (Convox's {@code env set/unset}), promoted only
     * when {@code promote}; values never reach the journal, only the keys.
     */
    String envChange(Rack rack, String app, java.util.Map<String, String> set, java.util.List<String> unset,
            boolean promote, java.time.Duration timeout, java.util.function.Consumer<String> progress);

    /** Stops the deploy in progress: Updating becomes Cancelled, and the atom rolls back. */
    String cancel(Rack rack, String app, java.time.Duration timeout, java.util.function.Consumer<String> progress);

    /** An action that was not carried out; the message says why and that nothing changed. */
    final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }
}
