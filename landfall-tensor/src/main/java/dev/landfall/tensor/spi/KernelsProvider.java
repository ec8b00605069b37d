package dev.landfall.tensor.spi;

/**
 * A source of {@link Kernels}, found with {@link java.util.ServiceLoader}. The engine asks every
 * provider on the class path whether it can run here and takes the usable one with the highest
 * priority, unless {@code -Dlandfall.kernels=NAME} or {@code LANDFALL_KERNELS=NAME} names one.
 */
public interface KernelsProvider {
    /** Short name used to select the provider: {@code reference}, {@code fast}. */
    String name();

    /** Higher wins when no provider is forced. The reference provider has priority 0. */
    int priority();

    /**
     * Why these kernels cannot run in this JVM, in one line (e.g. "jdk.incubator.vector is not
     * readable: add --add-modules jdk.incubator.vector"), or {@code null} when they can.
     * Must not load classes that need the missing feature.
     */
    String unavailableReason();

    /** Creates the kernels; called at most once, after {@link #unavailableReason()} returned null. */
    Kernels create();
}
