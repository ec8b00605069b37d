package dev.landfall.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NumericsTest {
    private static void assertAllFinite(Tensor t, String what) {
        for (double v : t.toDoubleArray()) {
            assertTrue(Double.isFinite(v), what + " produced " + v + " in " + t);
        }
    }

    @Test
    void softmaxFamilyStaysFiniteForHugeInputs() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = Tensor.fromArray(new double[] {1e4, -1e4, 0, 1e4 - 1, -1e4, -1e4}, 2, 3).to(dt).copy().requiresGrad(true);
            Tensor sm = x.softmax(1);
            Tensor lsm = x.logSoftmax(1);
            Tensor lse = x.logsumexp(1);
            assertAllFinite(sm, "softmax " + dt);
            assertAllFinite(lsm, "logSoftmax " + dt);
            assertAllFinite(lse, "logsumexp " + dt);
            assertEquals(1.0, sm.sum(1).toDoubleArray()[0], 1e-6);
            assertEquals(1e4, lse.toDoubleArray()[0], 1e-3);
            assertEquals(1e4 - 1, lse.toDoubleArray()[1], 1e-3);
            lsm.sum().add(sm.mul(sm).sum()).add(lse.sum()).backward();
            assertAllFinite(x.grad(), "gradient " + dt);
        }
    }

    @Test
    void sigmoidNeitherOverflowsNorLosesItsTails() {
        Tensor x = Tensor.fromArray(new double[] {-1000, -30, 0, 30, 1000}).requiresGrad(true);
        Tensor y = x.sigmoid();
        assertArrayEquals(new double[] {0, 9.357622968839299e-14, 0.5, 1, 1}, y.toDoubleArray(), 1e-13);
        assertEquals(9.357622968839299e-14, y.toDoubleArray()[1], 1e-27);
        y.sum().backward();
        assertAllFinite(x.grad(), "sigmoid gradient");
    }

    @Test
    void varianceOfOneElementAndNormalizationOfAConstantRowAreNotNaN() {
        Tensor one = Tensor.fromArray(new double[] {3.0}, 1, 1).requiresGrad(true);
        Tensor v = one.var(new int[] {1}, false);
        assertEquals(0.0, v.item(), 0);
        Tensor row = Tensor.full(Shape.of(1, 4), 2.5, DType.FLOAT64).requiresGrad(true);
        Tensor normalized = row.sub(row.mean(new int[] {1}, true)).div(row.var(new int[] {1}, true).add(1e-3).sqrt());
        assertArrayEquals(new double[] {0, 0, 0, 0}, normalized.toDoubleArray(), 0);
        normalized.sum().backward();
        assertAllFinite(row.grad(), "layer-norm gradient of a constant row");
    }

    @Test
    void outOfDomainMathFollowsIeee() {
        Tensor x = Tensor.fromArray(new double[] {-1, 0});
        double[] sqrt = x.sqrt().toDoubleArray();
        assertTrue(Double.isNaN(sqrt[0]));
        assertEquals(0.0, sqrt[1]);
        assertEquals(Double.NEGATIVE_INFINITY, x.log().toDoubleArray()[1]);
        assertTrue(Double.isNaN(Tensor.zeros(1).div(Tensor.zeros(1)).item()));
        assertEquals(Double.POSITIVE_INFINITY, Tensor.ones(1).div(0.0).item());
    }

    @Test
    void maxAndMaximumPropagateNaN() {
        Tensor x = Tensor.fromArray(new double[] {1, Double.NaN, 3});
        assertTrue(Double.isNaN(x.relu().toDoubleArray()[1]), "relu keeps NaN, as PyTorch");
        assertTrue(Double.isNaN(x.max().item()));
        assertTrue(Double.isNaN(x.maximum(2.0).toDoubleArray()[1]));
    }

    @Test
    void erfMatchesKnownValues() {
        Tensor x = Tensor.fromArray(new double[] {0, 0.5, 1, 2, 3.5, -1, 7});
        double[] expected = {0, 0.5204998778130465, 0.8427007929497149, 0.9953222650189527, 0.9999992569016276,
                -0.8427007929497149, 1};
        assertArrayEquals(expected, x.erf().toDoubleArray(), 1e-15);
    }

    @Test
    void geluMatchesKerasValues() {
        Tensor x = Tensor.fromArray(new double[] {-2, -0.5, 0, 1, 3});
        // keras.ops.gelu(x, approximate=False) and approximate=True
        assertArrayEquals(new double[] {-0.04550026389635842, -0.15426876936299347, 0, 0.8413447460685429, 2.99595030590511},
                x.gelu().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {-0.04540230591222494, -0.15428599017485606, 0, 0.8411919906082768, 2.996362607918227},
                x.gelu(true).toDoubleArray(), 1e-12);
    }

    @Test
    void anomalyModeNamesTheFirstOpThatMadeANaN() {
        dev.landfall.Landfall.setDetectAnomaly(true);
        try {
            Tensor x = Tensor.fromArray(new double[] {-1, 4}).requiresGrad(true);
            ArithmeticException e = org.junit.jupiter.api.Assertions.assertThrows(ArithmeticException.class,
                    () -> x.mul(2.0).sqrt());
            assertEquals("Anomaly: op SQRT produced NaN in its output of shape [2] from inputs without NaN", e.getMessage());
            Tensor z = Tensor.fromArray(new double[] {0, 4}).requiresGrad(true);
            Tensor y = z.sqrt().mul(0.0).sum();
            ArithmeticException b = org.junit.jupiter.api.Assertions.assertThrows(ArithmeticException.class, y::backward);
            assertTrue(b.getMessage().startsWith("Anomaly: the backward of op SQRT produced NaN"), b.getMessage());
        } finally {
            dev.landfall.Landfall.setDetectAnomaly(false);
        }
    }
}
