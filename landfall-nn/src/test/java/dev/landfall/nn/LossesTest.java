package dev.landfall.nn;

import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Values from the Keras documentation examples of each loss. */
class LossesTest {
    static Tensor t(double[] v, int... shape) {
        return Tensor.fromArray(v, shape);
    }

    @Test
    void binaryCrossentropyFromLogitsAndProbabilities() {
        Tensor y = t(new double[] {0, 1, 0, 0}, 4, 1);
        Tensor logits = t(new double[] {-18.6, 0.51, 2.94, -12.8}, 4, 1);
        assertEquals(0.865, Losses.binaryCrossentropy(true, 0).compute(y, logits, null).item(), 1e-3);
        Tensor y2 = t(new double[] {0, 1, 0, 0}, 2, 2);
        Tensor p = t(new double[] {0.6, 0.4, 0.4, 0.6}, 2, 2);
        assertEquals(0.815, Losses.binaryCrossentropy().compute(y2, p, null).item(), 1e-3);
    }

    @Test
    void sigmoidOutputsUseTheFusedLogitForm() {
        Tensor logits = t(new double[] {40, -40}, 2, 1);
        Tensor probs = Activations.SIGMOID.apply(logits);
        Tensor y = t(new double[] {0, 1}, 2, 1);
        double fused = Losses.binaryCrossentropy().compute(y, probs, null).item();
        assertEquals(40.0, fused, 1e-9, "with clipping alone the loss would stop at -log(1e-7) = 16.1");
        Tensor detached = probs.detach();
        assertEquals(-Math.log(1e-7), Losses.binaryCrossentropy().compute(y, detached, null).item(), 1e-3);
    }

    @Test
    void labelSmoothingMovesBinaryTargetsTowardOneHalf() {
        Tensor y = t(new double[] {1}, 1, 1);
        Tensor logit = t(new double[] {2.0}, 1, 1);
        double smoothed = Losses.binaryCrossentropy(true, 0.2).compute(y, logit, null).item();
        double target = 0.9;
        double expected = -(target * Math.log(1 / (1 + Math.exp(-2))) + (1 - target) * Math.log(1 - 1 / (1 + Math.exp(-2))));
        assertEquals(expected, smoothed, 1e-12);
    }

    @Test
    void categoricalAndSparseCategoricalAgree() {
        Tensor oneHot = t(new double[] {0, 1, 0, 0, 0, 1}, 2, 3);
        Tensor ids = Tensor.fromArray(new int[] {1, 2});
        Tensor p = t(new double[] {0.05, 0.95, 0, 0.1, 0.8, 0.1}, 2, 3);
        assertEquals(1.177, Losses.categoricalCrossentropy().compute(oneHot, p, null).item(), 1e-3);
        assertEquals(1.177, Losses.sparseCategoricalCrossentropy().compute(ids, p, null).item(), 1e-3);
        Tensor logits = t(new double[] {1, 2, 3, 0.5, -1, 2}, 2, 3);
        double a = Losses.categoricalCrossentropy(true, 0.1).compute(oneHot, logits, null).item();
        double b = Losses.sparseCategoricalCrossentropy(true, 0.1).compute(ids, logits, null).item();
        assertEquals(a, b, 1e-12);
    }

    @Test
    void regressionLosses() {
        Tensor y = t(new double[] {0, 1, 0, 0}, 2, 2);
        Tensor p = t(new double[] {1, 1, 1, 0}, 2, 2);
        assertEquals(0.5, Losses.meanSquaredError().compute(y, p, null).item(), 1e-12);
        assertEquals(0.5, Losses.meanAbsoluteError().compute(y, p, null).item(), 1e-12);
        Tensor p2 = t(new double[] {0.6, 0.4, 0.4, 0.6}, 2, 2);
        assertEquals(0.155, Losses.huber(1.0).compute(y, p2, null).item(), 1e-3);
        assertEquals(0.458, Losses.klDivergence().compute(y, p2, null).item(), 1e-3);
        assertEquals(0.5, Losses.get("mse").compute(y, p, null).item(), 1e-12);
    }

    @Test
    void sampleWeightsFollowSumOverBatchSize() {
        Tensor y = t(new double[] {0, 1, 0, 0}, 2, 2);
        Tensor p = t(new double[] {1, 1, 1, 0}, 2, 2);
        Tensor w = t(new double[] {0.8, 0.2}, 2);
        // per-example MSE = [0.5, 0.5]; (0.5·0.8 + 0.5·0.2) / 2
        assertEquals(0.25, Losses.meanSquaredError().compute(y, p, w).item(), 1e-12);
    }

    @Test
    void configsRoundTripAndUnknownNamesAreListed() {
        Loss l = Losses.categoricalCrossentropy(true, 0.1);
        Map<String, Object> c = l.getConfig();
        assertEquals(c, Losses.fromConfig(c).getConfig());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.get("hinge2"));
        assertTrue(e.getMessage().contains("Unknown loss: 'hinge2'"), e.getMessage());
    }

    @Test
    void fractionalClassIdsAreRefused() {
        Tensor p = t(new double[] {0.5, 0.5}, 1, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.sparseCategoricalCrossentropy().compute(t(new double[] {1.7}, 1), p, null));
        assertEquals("class ids must be whole numbers; the targets hold 1.7", e.getMessage());
    }

    @Test
    void sparseTargetsOutOfRangeAreClearErrors() {
        Tensor p = t(new double[] {0.5, 0.5}, 1, 2);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> Losses.sparseCategoricalCrossentropy().compute(Tensor.fromArray(new int[] {2}), p, null));
        assertTrue(e.getMessage().contains("class index 2"), e.getMessage());
    }
}
