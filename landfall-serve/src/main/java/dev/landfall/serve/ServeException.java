package dev.landfall.serve;

/**
 * A request the server answers with an error status and {@code {"error": message}}: 400 bad input,
 * 401 no or wrong API key, 404 unknown model or version, 413 body too large, 503 not ready or
 * overloaded (with {@code Retry-After}), 504 past its deadline.
 */
public final class ServeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ServeException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static ServeException badRequest(String message) {
        return new ServeException(400, message);
    }

    static ServeException notFound(String message) {
        return new ServeException(404, message);
    }

    static ServeException unavailable(String message) {
        return new ServeException(503, message);
    }
}
