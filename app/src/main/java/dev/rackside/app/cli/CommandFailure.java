package dev.rackside.app.cli;

/** A command that cannot do its job; the message is the one line the operator sees on stderr. */
public final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandFailure(String message) {
        super(message);
    }
}
