package dev.rackside.services.api;

/**
 * Where a build from source reports, beyond the step lines of {@link Progress} ("Packaging source... OK"): the
 * upload's bytes as they go, and each line of the build's log as the rack streams it (the caller's terminal
 * boundary makes it visible, as for every log).
 */
public interface BuildProgress extends Progress {
    /** {@code sent} of {@code total} bytes of the source are with the rack. */
    default void uploaded(long sent, long total) {
    }

    /** One line of the build's own log, without its newline. */
    default void log(String text) {
        line(text);
    }

    /** Step lines only: no upload figures, the log as lines. */
    static BuildProgress of(Progress p) {
        return new BuildProgress() {
            @Override
            public void line(String text) {
                p.line(text);
            }

            @Override
            public void state(dev.rackside.services.model.DeployState s) {
                p.state(s);
            }
        };
    }
}
