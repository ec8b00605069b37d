package dev.landfall.pipeline;

/**
 * A pipeline file that cannot be run: its message names the file and the key path
 * ({@code quickstart.yaml: model.layers[2].units: expected a positive integer, got -3}), or the data
 * file and what is wrong with it.
 */
public final class PipelineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PipelineException(String message) {
        super(message);
    }

    public PipelineException(String message, Throwable cause) {
        super(message, cause);
    }
}
