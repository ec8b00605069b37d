package dev.landfall.kernels.vector;

import dev.landfall.tensor.spi.AdamStep;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.landfall.kernels.vector.KernelPair.FAST;
import static dev.landfall.kernels.vector.KernelPair.REFERENCE;
import static dev.landfall.kernels.vector.KernelPair.uniform;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fused Adam step: fast vs reference over the awkward sizes, Keras and PyTorch forms, with and without AMSGrad. */
class VectorUpdatesTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 4, 6, 8, 13, 16, 25, 32, 64, 100, 128, 207, 256, 300, 512, 702, 1024, 2046, 4098})
    void adamMatchesReference(int n) {
        for (int mode = 0; mode < 4; mode++) {
            boolean torch = (mode & 1) != 0;
            boolean ams = (mode & 2) != 0;
            float[][] fast = state(n);
            float[][] ref = state(n);
            for (int step = 1; step <= 3; step++) {
                AdamStep s = AdamStep.at(step, 1e-2, 0.9, 0.999, torch ? 1e-8 : 1e-7, torch);
                FAST.adam(fast[0], fast[1], fast[2], fast[3], ams ? fast[4] : null, n, s);
                REFERENCE.adam(ref[0], ref[1], ref[2], ref[3], ams ? ref[4] : null, n, s);
            }
            for (int i = 0; i < n; i++) {
                double err = Math.abs(fast[0][i] - ref[0][i]);
                assertTrue(err <= 1e-6 * Math.max(1, Math.abs(ref[0][i])),
                        "n=" + n + " mode=" + mode + " i=" + i + ": " + fast[0][i] + " vs " + ref[0][i]);
            }
        }
    }

    private static float[][] state(int n) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(n);
        return new float[][] {uniform(rnd, n, -1, 1), uniform(rnd, n, -1, 1), new float[n], new float[n], new float[n]};
    }
}
