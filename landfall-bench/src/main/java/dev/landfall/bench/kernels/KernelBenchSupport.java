package dev.landfall.bench.kernels;

import dev.landfall.Landfall;

/** Shared set-up of the kernel benchmarks: pick the provider and thread count in a fresh fork. */
final class KernelBenchSupport {
    /** JVM flags of every fork: the fast kernels need the incubator module. */
    static final String ADD_VECTOR = "--add-modules=jdk.incubator.vector";

    private KernelBenchSupport() {
    }

    /**
     * Forces {@code kernels} (before the registry has chosen: JMH runs each parameter combination in
     * its own fork) and the thread count, then checks that the choice took and prints it, so every
     * benchmark row's log names the provider that ran.
     */
    static void select(String kernels, int threads) {
        System.setProperty("landfall.kernels", kernels);
        Landfall.setNumThreads(threads);
        String active = Landfall.kernels();
        System.out.println("[landfall] " + active + ", threads=" + Landfall.numThreads());
        if (!active.startsWith("Landfall kernels: " + kernels)) {
            throw new IllegalStateException("asked for kernels '" + kernels + "' but got: " + active);
        }
    }
}
