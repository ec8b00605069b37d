package dev.landfall;

import dev.landfall.tensor.Rng;
import dev.landfall.tensor.internal.KernelRegistry;
import dev.landfall.tensor.spi.Parallel;

/** Process-wide settings: the random seed, the thread count, the active kernels. */
public final class Landfall {
    /** The toolkit's version, written into model files. */
    public static final String VERSION = "0.1.0";

    private Landfall() {
    }

    /**
     * Seeds every random stream (weights, shuffling, dropout, augmentation), like
     * {@code keras.utils.set_random_seed}. With the same seed and the same sequence of calls,
     * results are bit-identical whatever the thread count.
     */
    public static void setSeed(long seed) {
        Rng.setGlobalSeed(seed);
    }

    /**
     * Sets how many threads kernels use (default: {@code LANDFALL_NUM_THREADS}, else the cores).
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static void setNumThreads(int n) {
        Parallel.setThreads(n);
    }

    /** The number of threads kernels use. */
    public static int numThreads() {
        return Parallel.threads();
    }

    /**
     * Anomaly detection (PyTorch's {@code detect_anomaly}): when on, every recorded operation checks
     * its output, and every backward rule its gradients, and the first one to turn finite values into
     * NaN throws an exception naming the operation and the shape. Slow; for debugging.
     */
    public static void setDetectAnomaly(boolean on) {
        dev.landfall.tensor.Anomaly.setEnabled(on);
    }

    /** The active kernels and why, e.g. {@code Landfall kernels: reference (fast unavailable: ...)}. */
    public static String kernels() {
        return KernelRegistry.summary();
    }
}
