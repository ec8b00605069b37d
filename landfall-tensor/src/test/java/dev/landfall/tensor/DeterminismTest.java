package dev.landfall.tensor;

import dev.landfall.Landfall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Results with 1 and 2 threads are bit-identical; the same seed gives the same numbers. */
class DeterminismTest {
    private final int before = Landfall.numThreads();

    @AfterEach
    void restore() {
        Landfall.setNumThreads(before);
    }

    private static float[][] workload() {
        Landfall.setSeed(11);
        Tensor x = Tensor.randn(64, 28, 28, 3).requiresGrad(true);
        Tensor k = Tensor.randn(3, 3, 3, 16).requiresGrad(true);
        Tensor w = Tensor.randn(16, 300).requiresGrad(true);
        Tensor y = Functional.conv2d(x, k, new int[] {1, 1}, Padding.SAME, new int[] {1, 1}).relu();
        Tensor pooled = Functional.maxPool2d(y, new int[] {2, 2}, null, Padding.VALID);
        Tensor z = pooled.mean(new int[] {1, 2}, false).matmul(w).softmax(1);
        Tensor big = Tensor.randn(300_000);
        Tensor loss = z.logsumexp(1).sum().add(big.sum()).add(big.var(new int[] {0}, false));
        loss.backward();
        return new float[][] {z.toFloatArray(), loss.toFloatArray(), x.grad().toFloatArray(), k.grad().toFloatArray(),
                w.grad().toFloatArray()};
    }

    @Test
    void oneAndTwoThreadsGiveBitIdenticalResults() {
        Landfall.setNumThreads(1);
        float[][] one = workload();
        Landfall.setNumThreads(2);
        float[][] two = workload();
        for (int i = 0; i < one.length; i++) {
            assertArrayEquals(one[i], two[i], 0f, "result " + i);
        }
    }

    @Test
    void sameSeedSameNumbersDifferentSeedDifferentNumbers() {
        Landfall.setSeed(3);
        float[] a = Tensor.randn(100).toFloatArray();
        float[] b = Tensor.rand(100).toFloatArray();
        Landfall.setSeed(3);
        assertArrayEquals(a, Tensor.randn(100).toFloatArray());
        assertArrayEquals(b, Tensor.rand(100).toFloatArray());
        Landfall.setSeed(4);
        assertFalse(java.util.Arrays.equals(a, Tensor.randn(100).toFloatArray()));
    }
}
