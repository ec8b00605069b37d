package dev.landfall.kernels.vector;

import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link Tensor#prepack()} through the fast kernels: products with a prepacked right operand give the
 * bits an unpacked copy gives, for every row count (the packed path and the matrix-vector path), and
 * after an in-place update the new values, not the packed old ones.
 */
class PrepackTest {
    @Test
    void prepackedWeightsGiveTheSameBitsAndFollowUpdates() {
        Tensor w = Tensor.randn(784, 96).prepack();
        for (int rows : new int[] {1, 3, 5, 16, 64, 130}) {
            Tensor x = Tensor.randn(rows, 784);
            assertArrayEquals(x.matmul(w.copy()).toFloatArray(), x.matmul(w).toFloatArray(), "rows " + rows);
            assertArrayEquals(x.matmul(w.copy()).toFloatArray(), x.matmul(w).toFloatArray(), "rows " + rows
                    + ", packed copy reused");
        }
        Tensor x = Tensor.randn(32, 784);
        float[] before = x.matmul(w).toFloatArray();
        int version = w.version();
        w.addInPlace(Tensor.full(0.25, 784, 96));
        assertEquals(version + 1, w.version());
        float[] after = x.matmul(w).toFloatArray();
        assertArrayEquals(x.matmul(w.copy()).toFloatArray(), after, "repacked after the update");
        assertEquals(false, java.util.Arrays.equals(before, after));
    }

    @Test
    void viewsOfAPrepackedStorageEachGetTheirOwnLayout() {
        Tensor w = Tensor.randn(96, 200).prepack();
        Tensor x = Tensor.randn(24, 96);
        Tensor y = Tensor.randn(24, 200);
        // alternating operands of the same storage: plain, transposed, and a column slice
        for (int round = 0; round < 2; round++) {
            assertArrayEquals(x.matmul(w.copy()).toFloatArray(), x.matmul(w).toFloatArray());
            assertArrayEquals(y.matmul(w.transpose(0, 1).copy()).toFloatArray(), y.matmul(w.transpose(0, 1)).toFloatArray());
            Tensor slice = w.slice(1, 40, 170);
            assertArrayEquals(x.matmul(slice.copy()).toFloatArray(), x.matmul(slice).toFloatArray());
        }
    }
}
