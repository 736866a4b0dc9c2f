package dev.nearlight.studio;

/**
 * A request the studio refuses with a 4xx status and a one-line message (unknown run, wrong state, missing field); user
 * errors in scenario or catalogue text are {@link dev.nearlight.core.InputException}s and become 400s the same way.
 */
public final class StudioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The HTTP status. */
    private final int status;

    /** A refusal with {@code status} (4xx) and {@code message}. */
    public StudioException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }
}
