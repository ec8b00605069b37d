package dev.landfall.nn;

import dev.landfall.tensor.DType;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationsInitializersTest {
    @Test
    void activationsMatchKerasValues() {
        Tensor x = Tensor.fromArray(new double[] {-2, -0.5, 0, 1.5});
        assertArrayEquals(new double[] {-0.4, -0.1, 0, 1.5}, Activations.get("leaky_relu").apply(x).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {Math.exp(-2) - 1, Math.exp(-0.5) - 1, 0, 1.5}, Activations.ELU.apply(x).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0.1666666666666667, 0.4166666666666667, 0.5, 0.75},
                Activations.HARD_SIGMOID.apply(x).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {Math.log1p(Math.exp(-2)), Math.log1p(Math.exp(-0.5)), Math.log(2), Math.log1p(Math.exp(1.5))},
                Activations.SOFTPLUS.apply(x).toDoubleArray(), 1e-12);
        double selu = 1.0507009873554805 * 1.6732632423543772 * (Math.exp(-2) - 1);
        assertEquals(selu, Activations.SELU.apply(x).toDoubleArray()[0], 1e-12);
        assertEquals(1.5 / (1 + Math.exp(-1.5)), Activations.SILU.apply(x).toDoubleArray()[3], 1e-12);
        assertEquals(1.5 * Math.tanh(Math.log1p(Math.exp(1.5))), Activations.MISH.apply(x).toDoubleArray()[3], 1e-12);
        assertSame(Activations.RELU, Activations.get("relu"));
        assertTrue(Activations.ELU.apply(Tensor.fromArray(new double[] {1000})).isFinite().toBooleanArray()[0]);
    }

    @Test
    void varianceScalingUsesKerasFans() {
        Tensor w = Initializers.GLOROT_UNIFORM.create(Shape.of(300, 200), DType.FLOAT64, Rng.of(1));
        double limit = Math.sqrt(6.0 / 500);
        double max = w.abs().max().item();
        assertTrue(max <= limit && max > 0.99 * limit, "max |w| " + max + " vs limit " + limit);
        Tensor conv = Initializers.HE_NORMAL.create(Shape.of(3, 3, 16, 32), DType.FLOAT64, Rng.of(2));
        double std = Math.sqrt(conv.var(new int[0], false).item());
        assertEquals(Math.sqrt(2.0 / (3 * 3 * 16)), std, 0.01);
        assertTrue(conv.abs().max().item() <= 2 * Math.sqrt(2.0 / 144) / 0.87962566103423978 + 1e-12, "truncated at 2σ");
    }

    @Test
    void orthogonalHasOrthonormalColumns() {
        Tensor q = Initializers.ORTHOGONAL.create(Shape.of(6, 4), DType.FLOAT64, Rng.of(3));
        Tensor gram = q.transpose().matmul(q);
        double[] g = gram.toDoubleArray();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(i == j ? 1 : 0, g[i * 4 + j], 1e-12);
            }
        }
        Tensor wide = Initializers.ORTHOGONAL.create(Shape.of(3, 5), DType.FLOAT64, Rng.of(4));
        double[] rows = wide.matmul(wide.transpose()).toDoubleArray();
        assertEquals(1.0, rows[0], 1e-12);
        assertEquals(0.0, rows[1], 1e-12);
    }

    @Test
    void regularizersPenalizeWeights() {
        Tensor w = Tensor.fromArray(new double[] {1, -2});
        assertEquals(0.03, Regularizers.l1(0.01).penalty(w).item(), 1e-12);
        assertEquals(0.05, Regularizers.l2(0.01).penalty(w).item(), 1e-12);
        assertEquals(0.08, Regularizers.l1l2(0.01, 0.01).penalty(w).item(), 1e-12);
    }
}
