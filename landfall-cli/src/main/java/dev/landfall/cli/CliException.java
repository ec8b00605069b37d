package dev.landfall.cli;

/**
 * A failure the user can fix (bad pipeline file, missing column, damaged model file): {@link Main}
 * prints its message as one line, {@code landfall: <message>}, and exits with 1.
 */
public final class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
