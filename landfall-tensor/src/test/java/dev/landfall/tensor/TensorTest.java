package dev.landfall.tensor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creation, casts, views versus copies, joining and picking. */
class TensorTest {
    @Test
    void creationFillsTheRequestedValuesAndTypes() {
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0}, Tensor.zeros(2, 3).toFloatArray());
        assertEquals(DType.FLOAT32, Tensor.ones(2).dtype());
        assertArrayEquals(new double[] {7, 7}, Tensor.full(Shape.of(2), 7, DType.FLOAT64).toDoubleArray());
        assertArrayEquals(new int[] {0, 1, 2, 3}, Tensor.arange(4).toIntArray());
        assertArrayEquals(new float[] {1f, 1.5f, 2f, 2.5f}, Tensor.arange(1, 3, 0.5, DType.FLOAT32).toFloatArray());
        assertArrayEquals(new double[] {5, 3}, Tensor.arange(5, 1, -2, DType.FLOAT64).toDoubleArray());
        assertEquals(Shape.scalar(), Tensor.scalar(2).shape());
        assertEquals(2.0, Tensor.scalar(2).item());
    }

    @Test
    void castsConvertValues() {
        Tensor x = Tensor.fromArray(new float[] {-1.7f, 0f, 2.9f});
        assertArrayEquals(new int[] {-1, 0, 2}, x.to(DType.INT32).toIntArray());
        assertArrayEquals(new boolean[] {true, false, true}, x.to(DType.BOOL).toBooleanArray());
        assertArrayEquals(new double[] {1, 0, 1}, x.to(DType.BOOL).to(DType.FLOAT64).toDoubleArray());
        assertSame(x, x.to(DType.FLOAT32));
        assertEquals(DType.INT8, x.to(DType.INT8).dtype());
    }

    @Test
    void viewsShareStorageWhereTheLayoutAllows() {
        Tensor x = Tensor.arange(0, 6, 1, DType.FLOAT32).reshape(2, 3);
        Tensor t = x.transpose();
        assertFalse(t.isContiguous());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, t.toFloatArray());
        Tensor col = x.slice(1, 1, 2);
        try (var g = Tensor.noGrad()) {
            col.fill(9);
        }
        assertArrayEquals(new float[] {0, 9, 2, 3, 9, 5}, x.toFloatArray(), "a slice writes through to its base");
        Tensor copy = t.reshape(6);   // not contiguous: reshape copies
        try (var g = Tensor.noGrad()) {
            copy.fill(0);
        }
        assertEquals(9f, x.toFloatArray()[1], "a reshape copy of a transposed view does not write through");
        Tensor e = Tensor.fromArray(new float[] {1, 2}, 2, 1).expand(2, 3);
        assertArrayEquals(new float[] {1, 1, 1, 2, 2, 2}, e.toFloatArray());
        assertArrayEquals(new float[] {1, 3}, Tensor.arange(0, 5, 1, DType.FLOAT32).slice(0, 1, -1, 2).toFloatArray());
        assertArrayEquals(new float[] {3, 9, 5}, x.select(0, 1).toFloatArray());
    }

    @Test
    void permuteReordersAxes() {
        Tensor x = Tensor.arange(0, 24, 1, DType.FLOAT32).reshape(2, 3, 4);
        Tensor p = x.permute(2, 0, 1);
        assertEquals(Shape.of(4, 2, 3), p.shape());
        assertEquals(x.getDouble(1, 2, 3), p.getDouble(3, 1, 2));
        assertEquals(Shape.of(2, 1, 3, 4), x.unsqueeze(1).shape());
        assertEquals(Shape.of(2, 3, 4), x.unsqueeze(-1).squeeze(3).shape());
    }

    @Test
    void concatStackAndSplitRoundTrip() {
        Tensor a = Tensor.fromArray(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.fromArray(new float[] {5, 6}, 2, 1);
        Tensor c = Tensor.concat(1, a, b);
        assertArrayEquals(new float[] {1, 2, 5, 3, 4, 6}, c.toFloatArray());
        List<Tensor> parts = c.split(1, 2, 1);
        assertArrayEquals(a.toFloatArray(), parts.get(0).toFloatArray());
        assertArrayEquals(b.toFloatArray(), parts.get(1).toFloatArray());
        Tensor s = Tensor.stack(1, a, a);
        assertEquals(Shape.of(2, 2, 2), s.shape());
        assertArrayEquals(new float[] {1, 2, 1, 2, 3, 4, 3, 4}, s.toFloatArray());
        assertEquals(3, Tensor.arange(0, 7, 1, DType.FLOAT32).chunk(3, 0).size());
    }

    @Test
    void gatherOneHotAndWhere() {
        Tensor emb = Tensor.arange(0, 8, 1, DType.FLOAT32).reshape(4, 2);
        Tensor ids = Tensor.fromArray(new int[] {3, 0, 3, 1}, 2, 2);
        Tensor g = emb.gather(0, ids);
        assertEquals(Shape.of(2, 2, 2), g.shape());
        assertArrayEquals(new float[] {6, 7, 0, 1, 6, 7, 2, 3}, g.toFloatArray());
        Tensor oh = Tensor.oneHot(Tensor.fromArray(new int[] {2, 0}), 3);
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, oh.toFloatArray());
        Tensor x = Tensor.fromArray(new float[] {-1, 2, -3});
        assertArrayEquals(new boolean[] {false, true, false}, x.gt(0.0).toBooleanArray());
        assertArrayEquals(new float[] {0, 2, 0}, x.relu().toFloatArray());
        assertArrayEquals(new float[] {-1, 2, -2}, x.clamp(-2, 5).toFloatArray());
        assertArrayEquals(new int[] {1, 0}, Tensor.fromArray(new float[] {1, 5, 2, 9, 3, 1}, 2, 3).argmax(1).toIntArray());
        assertArrayEquals(new int[] {0, 2}, Tensor.fromArray(new float[] {1, 5, 2, 9, 3, 1}, 2, 3).argmin(1).toIntArray());
    }

    @Test
    void reductionsKeepOrDropAxes() {
        Tensor x = Tensor.arange(0, 6, 1, DType.FLOAT64).reshape(2, 3);
        assertArrayEquals(new double[] {3, 5, 7}, x.sum(0).toDoubleArray());
        assertEquals(Shape.of(2, 1), x.mean(new int[] {1}, true).shape());
        assertArrayEquals(new double[] {1, 4}, x.mean(1).toDoubleArray());
        assertEquals(5.0, x.max().item());
        assertEquals(0.0, x.min().item());
        assertArrayEquals(new double[] {2.0 / 3, 2.0 / 3}, x.var(new int[] {1}, false).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {1, 1}, x.var(new int[] {1}, false, 1).toDoubleArray(), 1e-15);
        assertEquals(0.0, Tensor.zeros(Shape.of(2, 0), DType.FLOAT32).sum().item());
    }

    @Test
    void matmulHandlesVectorsBatchesAndTransposedViews() {
        Tensor a = Tensor.arange(0, 6, 1, DType.FLOAT32).reshape(2, 3);
        Tensor b = Tensor.arange(0, 6, 1, DType.FLOAT32).reshape(3, 2);
        assertArrayEquals(new float[] {10, 13, 28, 40}, a.matmul(b).toFloatArray());
        assertArrayEquals(new float[] {5, 14}, a.matmul(Tensor.fromArray(new float[] {0, 1, 2})).toFloatArray());
        assertEquals(Shape.of(), Tensor.ones(3).matmul(Tensor.ones(3)).shape());
        Tensor batched = Tensor.stack(0, a, a.mul(2.0)).matmul(b);
        assertArrayEquals(new float[] {10, 13, 28, 40, 20, 26, 56, 80}, batched.toFloatArray());
        // (a^T)^T through transposed views, both operands
        assertArrayEquals(a.matmul(b).toFloatArray(), b.transpose().matmul(a.transpose()).transpose().toFloatArray());
    }

    @Test
    void toStringLooksLikeNumpyAndTruncates() {
        Tensor x = Tensor.fromArray(new float[] {1, -2.5f, 3, 4}, 2, 2);
        assertEquals("tensor([[ 1.0000, -2.5000],\n        [ 3.0000,  4.0000]], shape=[2, 2], dtype=float32)", x.toString());
        assertEquals("tensor([0, 1, 2], shape=[3], dtype=int32)", Tensor.arange(3).toString());
        String big = Tensor.arange(0, 2000, 1, DType.FLOAT32).reshape(40, 50).toString();
        assertTrue(big.contains("..."), big);
        assertTrue(big.lines().count() < 12, big);
        assertTrue(big.contains("1999.0000"), big);
        assertTrue(Tensor.fromArray(new double[] {1e-6, 1}).toString().contains("1.0000e-06"));
    }
}
