package dev.landfall.nn;

import java.util.function.Supplier;

/**
 * Memory asked for up front: a weight, a model's optimizer state or a model file's entries are
 * checked against what this JVM can still give before they are allocated, so a model that cannot fit
 * fails with the figures and the layer's name instead of an {@code OutOfMemoryError} deep inside.
 */
public final class Memory {
    private Memory() {
    }

    /** An allocation that cannot fit in this JVM, with the figures. */
    public static final class TooLargeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    /** Bytes this JVM can still allocate: the heap's maximum less what is in use (an upper bound). */
    public static long available() {
        Runtime r = Runtime.getRuntime();
        return r.maxMemory() - (r.totalMemory() - r.freeMemory());
    }

    /**
     * Refuses an allocation of {@code bytes} that cannot fit.
     *
     * @param what names what would be allocated, for the message (computed only when it does not fit)
     * @throws TooLargeException naming it and the figures
     */
    public static void require(long bytes, Supplier<String> what) {
        long free = available();
        if (bytes > free) {
            throw new TooLargeException(what.get() + " needs " + megabytes(bytes) + " MB; this JVM can give about "
                    + megabytes(free) + " MB more (maximum heap " + megabytes(Runtime.getRuntime().maxMemory())
                    + " MB). Make the layer smaller or run with a larger -Xmx");
        }
    }

    static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%,d", (bytes + (1 << 19)) >> 20);
    }
}
