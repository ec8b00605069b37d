package dev.landfall.kernels.vector;

import dev.landfall.tensor.spi.Kernels;
import dev.landfall.tensor.spi.KernelsProvider;

import java.util.ServiceLoader;
import java.util.SplittableRandom;

/** The two implementations under differential test, and seeded test data. */
final class KernelPair {
    static final Kernels REFERENCE = ServiceLoader.load(KernelsProvider.class).stream()
            .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("reference")).findFirst().orElseThrow()
            .create();
    static final Kernels FAST = new VectorKernelsProvider().create();

    /** The awkward sizes of STYLE.md: around every multiple of 4, 8 and 16 lanes, and odd ones. */
    static final int[] SIZES = {1, 4, 6, 8, 13, 16, 25, 32, 64, 100, 128, 207, 256, 300, 512, 702, 1024, 2046, 4098};

    private KernelPair() {
    }

    static float[] uniform(SplittableRandom rnd, int n, double lo, double hi) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (lo + (hi - lo) * rnd.nextDouble());
        }
        return x;
    }
}
