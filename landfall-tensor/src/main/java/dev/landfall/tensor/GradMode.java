package dev.landfall.tensor;

/**
 * Whether operations on this thread record the graph for backward. Closed by try-with-resources:
 * <pre>{@code try (var g = Tensor.noGrad()) { ... } }</pre>
 */
public final class GradMode implements AutoCloseable {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});
    private final boolean previous;
    private boolean closed;

    private GradMode(boolean enabled) {
        boolean[] flag = ENABLED.get();
        previous = flag[0];
        flag[0] = enabled;
    }

    static GradMode set(boolean enabled) {
        return new GradMode(enabled);
    }

    /** True unless inside a {@code noGrad} scope on this thread. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Restores the mode that was in force when the scope opened. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            ENABLED.get()[0] = previous;
        }
    }
}
