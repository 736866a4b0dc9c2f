package dev.nearlight.core;

/**
 * A user input problem (unknown id, malformed file, non-physical value) that the CLI reports as one line with exit
 * code 2 and no stack trace. The message names the file, line or field and says how to fix it.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message, null, false, false);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
