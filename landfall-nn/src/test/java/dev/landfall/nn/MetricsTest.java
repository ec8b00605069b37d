package dev.landfall.nn;

import dev.landfall.nn.metrics.ConfusionMatrix;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Values from the Keras documentation examples of each metric; state accumulates over batches. */
class MetricsTest {
    static Tensor t(double[] v, int... shape) {
        return Tensor.fromArray(v, shape);
    }

    @Test
    void accuracyVariants() {
        Metric bin = Metrics.binaryAccuracy();
        bin.update(t(new double[] {1, 1, 0, 0}, 4, 1), t(new double[] {0.98, 1, 0, 0.6}, 4, 1), null);
        assertEquals(0.75, bin.result(), 1e-12);
        bin.reset();
        bin.update(t(new double[] {1, 1, 0, 0}, 4, 1), t(new double[] {0.98, 1, 0, 0.6}, 4, 1), t(new double[] {1, 0, 0, 1}, 4));
        assertEquals(0.5, bin.result(), 1e-12);

        Metric cat = Metrics.categoricalAccuracy();
        cat.update(t(new double[] {0, 0, 1, 0, 1, 0}, 2, 3), t(new double[] {0.1, 0.9, 0.8, 0.05, 0.95, 0}, 2, 3), null);
        assertEquals(0.5, cat.result(), 1e-12);

        Metric sparse = Metrics.sparseCategoricalAccuracy();
        sparse.update(Tensor.fromArray(new int[] {2, 1}), t(new double[] {0.1, 0.6, 0.3, 0.05, 0.95, 0}, 2, 3), null);
        assertEquals(0.5, sparse.result(), 1e-12);

        Metric topk = Metrics.sparseTopKCategoricalAccuracy(1);
        topk.update(Tensor.fromArray(new int[] {2, 1}), t(new double[] {0.1, 0.9, 0.8, 0.05, 0.95, 0}, 2, 3), null);
        assertEquals(0.5, topk.result(), 1e-12);
        Metric top2 = Metrics.topKCategoricalAccuracy(2);
        top2.update(t(new double[] {0, 0, 1, 0, 1, 0}, 2, 3), t(new double[] {0.1, 0.9, 0.8, 0.05, 0.95, 0}, 2, 3), null);
        assertEquals(1.0, top2.result(), 1e-12);
    }

    @Test
    void accuracyResolvesFromTheLoss() {
        Metric a = Metrics.accuracy();
        a.bindLoss(Losses.sparseCategoricalCrossentropy());
        a.update(Tensor.fromArray(new int[] {2, 1}), t(new double[] {0.1, 0.6, 0.3, 0.05, 0.95, 0}, 2, 3), null);
        assertEquals(0.5, a.result(), 1e-12);
        Metric b = Metrics.accuracy();
        b.bindLoss(Losses.binaryCrossentropy());
        b.update(t(new double[] {1, 0}, 2, 1), t(new double[] {0.7, 0.2}, 2, 1), null);
        assertEquals(1.0, b.result(), 1e-12);
    }

    @Test
    void precisionRecallF1AccumulateOverBatches() {
        Metric p = Metrics.precision();
        Metric r = Metrics.recall();
        Metric f = Metrics.f1Score();
        for (Metric m : new Metric[] {p, r, f}) {
            m.update(t(new double[] {0, 1}, 2), t(new double[] {1, 0}, 2), null);
            m.update(t(new double[] {1, 1}, 2), t(new double[] {1, 1}, 2), null);
        }
        assertEquals(2.0 / 3, p.result(), 1e-12);
        assertEquals(2.0 / 3, r.result(), 1e-12);
        assertEquals(2.0 / 3, f.result(), 1e-12);
    }

    @Test
    void aucMatchesKeras() {
        Metric auc = Metrics.auc();
        auc.update(t(new double[] {0, 0, 1, 1}, 4), t(new double[] {0, 0.5, 0.3, 0.9}, 4), null);
        assertEquals(0.75, auc.result(), 1e-9);
    }

    @Test
    void regressionMetrics() {
        Metric mae = Metrics.meanAbsoluteError();
        mae.update(t(new double[] {0, 1, 0, 0}, 2, 2), t(new double[] {1, 1, 1, 0}, 2, 2), null);
        assertEquals(0.5, mae.result(), 1e-12);
        Metric mse = Metrics.get("mse");
        mse.update(t(new double[] {0, 1, 0, 0}, 2, 2), t(new double[] {1, 1, 1, 0}, 2, 2), null);
        assertEquals(0.5, mse.result(), 1e-12);
    }

    @Test
    void confusionMatrixCountsTrueByPredicted() {
        ConfusionMatrix cm = Metrics.confusionMatrix(3);
        cm.update(Tensor.fromArray(new int[] {0, 1, 2, 2}), t(new double[] {0.9, 0.1, 0, 0.2, 0.7, 0.1, 0.5, 0.4, 0.1, 0, 0, 1}, 4, 3), null);
        assertArrayEquals(new double[] {1, 0, 0}, cm.matrix()[0]);
        assertArrayEquals(new double[] {0, 1, 0}, cm.matrix()[1]);
        assertArrayEquals(new double[] {1, 0, 1}, cm.matrix()[2]);
        assertEquals(0.75, cm.result(), 1e-12);
    }
}
