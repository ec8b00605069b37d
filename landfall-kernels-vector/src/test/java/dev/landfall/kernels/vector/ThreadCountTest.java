package dev.landfall.kernels.vector;

import dev.landfall.tensor.spi.Conv2dGeometry;
import dev.landfall.tensor.spi.Parallel;
import dev.landfall.tensor.spi.ReduceOp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.Supplier;

import static dev.landfall.kernels.vector.KernelPair.FAST;
import static dev.landfall.kernels.vector.KernelPair.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Results must not depend on the thread count (DESIGN.md §3): 1 and 2 threads, bit for bit. */
class ThreadCountTest {
    private final int saved = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(saved);
    }

    @Test
    void gemmIsBitIdenticalForOneAndTwoThreads() {
        for (int[] s : new int[][] {{300, 700, 500}, {128, 512, 784}, {1000, 40, 33}, {9, 2000, 260}}) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            SplittableRandom rnd = new SplittableRandom(m);
            float[] a = uniform(rnd, m * k, -1, 1);
            float[] b = uniform(rnd, k * n, -1, 1);
            for (boolean transB : new boolean[] {false, true}) {
                assertSameForOneAndTwoThreads(() -> {
                    float[] c = new float[m * n];
                    FAST.gemm(1, m, n, k, a, new int[] {0}, k, false, b, new int[] {0}, transB ? k : n, transB, c, 0);
                    return c;
                }, "gemm " + m + "x" + n + "x" + k + " transB=" + transB);
            }
        }
    }

    @Test
    void reductionsAndCol2imAreBitIdenticalForOneAndTwoThreads() {
        SplittableRandom rnd = new SplittableRandom(11);
        float[] x = uniform(rnd, 64 * 4098, -1, 1);
        assertSameForOneAndTwoThreads(() -> {
            float[] out = new float[64];
            FAST.reduceRows(ReduceOp.SUM, x, 0, 64, 4098, out, 0);
            return out;
        }, "reduceRows");
        Conv2dGeometry g = new Conv2dGeometry(8, 14, 14, 16, 3, 3, 1, 1, 1, 1, 1, 1, 14, 14);
        float[] cols = uniform(rnd, (int) g.colsSize(), -1, 1);
        assertSameForOneAndTwoThreads(() -> {
            float[] dx = new float[8 * 14 * 14 * 16];
            FAST.col2im(cols, g, dx);
            return dx;
        }, "col2im");
    }

    private static void assertSameForOneAndTwoThreads(Supplier<float[]> run, String what) {
        Parallel.setThreads(1);
        float[] one = run.get();
        Parallel.setThreads(2);
        float[] two = run.get();
        assertArrayEquals(one, two, what); // Arrays.equals semantics: bit patterns, NaN-aware
    }
}
