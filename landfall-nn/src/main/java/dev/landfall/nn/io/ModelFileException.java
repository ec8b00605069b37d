package dev.landfall.nn.io;

/** A model file that cannot be read or written; the message names the file and the problem. */
public final class ModelFileException extends RuntimeException {
    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
