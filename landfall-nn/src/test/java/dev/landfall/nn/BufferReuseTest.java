package dev.landfall.nn;

import dev.landfall.Landfall;
import dev.landfall.data.Datasets;
import dev.landfall.data.Tensors;
import dev.landfall.nn.layers.BatchNormalization;
import dev.landfall.nn.layers.CallContext;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Input;
import dev.landfall.nn.layers.Layer;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training steps, evaluation batches and no-grad forwards reuse their buffers (DESIGN.md §3): the
 * results must be exactly those of plain allocation, and nothing that escapes may be recycled.
 */
class BufferReuseTest {
    private static Model model() {
        return Sequential.of(Input.of(5), Dense.of(16, Activations.RELU), BatchNormalization.of(),
                Dense.of(8, Activations.TANH), Dense.of(1, Activations.SIGMOID));
    }

    @Test
    void stepsInsideThePoolGiveTheWeightsOfStepsOutsideIt() {
        Tensor[] data = ModelTest.toyData(96, 5, 3);
        Landfall.setSeed(7);
        Model pooled = model();
        pooled.compile(Optimizers.adam(0.01), Losses.binaryCrossentropy(), Metrics.accuracy());
        Landfall.setSeed(7);
        Model plain = model();
        plain.compile(Optimizers.adam(0.01), Losses.binaryCrossentropy(), Metrics.accuracy());
        for (int epoch = 0; epoch < 3; epoch++) {
            for (int b = 0; b < 96; b += 32) {
                Tensor x = data[0].slice(0, b, b + 32);
                Tensor y = data[1].slice(0, b, b + 32);
                pooled.trainOnBatch(x, y);
                // the same step by hand, every tensor freshly allocated
                List<Weight> trainable = plain.trainableWeights();
                Tensors out = plain.forward(Tensors.of(x), true);
                plain.computeLoss(Tensors.of(y), out, null).backward();
                plain.optimizer().apply(trainable);
                trainable.forEach(w -> w.value().zeroGrad());
            }
        }
        Map<String, Tensor> a = pooled.stateDict();
        Map<String, Tensor> b = plain.stateDict();
        for (String k : a.keySet()) {
            assertArrayEquals(b.get(k).toFloatArray(), a.get(k).toFloatArray(), k + ": bit-identical");
        }
        assertArrayEquals(plain.predict(data[0]).toFloatArray(), pooled.predict(data[0]).toFloatArray());
    }

    @Test
    void predictionsStayValidAfterLaterCalls() {
        Landfall.setSeed(2);
        Model m = model();
        Tensor x = ModelTest.toyData(40, 5, 4)[0];
        Tensor first;
        try (var g = Tensor.noGrad()) {
            first = m.forward(Tensors.of(x), false).single();
        }
        float[] expected = first.toFloatArray();
        for (int i = 0; i < 3; i++) {
            try (var g = Tensor.noGrad()) {
                m.forward(Tensors.of(x.mul(2.0)), false); // same shapes: would reuse first's buffer were it not kept
            }
            m.predict(x);
        }
        assertArrayEquals(expected, first.toFloatArray());
        assertArrayEquals(expected, m.predict(x).toFloatArray());
    }

    @Test
    void aLossOnNoGradForwardOutputsStillFindsTheirLogits() {
        // sigmoid/softmax outputs carry their logits for the stable cross-entropy (Logits.remember);
        // those must outlive the forward's scope along with the outputs
        Landfall.setSeed(5);
        Model m = model();
        Tensor[] data = ModelTest.toyData(16, 5, 6);
        Tensor p;
        try (var g = Tensor.noGrad()) {
            p = m.forward(Tensors.of(data[0]), false).single();
        }
        double pooled = Losses.binaryCrossentropy().call(data[1], p).mean().item();
        Tensor q = m.forward(Tensors.of(data[0]), false).single(); // gradients on: a graph, so no scope
        assertEquals(Losses.binaryCrossentropy().call(data[1], q).mean().item(), pooled, 0);
    }

    /** A layer that keeps its last output, as a careless custom layer might. */
    static final class Stash extends Layer {
        Tensor last;

        @Override
        protected Tensor call(Tensor x, CallContext ctx) {
            last = x.mul(1.0);
            return last;
        }
    }

    @Test
    void aTensorKeptPastItsStepFailsLoudlyInsteadOfChangingUnderfoot() {
        Landfall.setSeed(3);
        Stash stash = new Stash();
        Model m = Sequential.of(Input.of(5), Dense.of(4), stash, Dense.of(1, Activations.SIGMOID));
        m.compile(Optimizers.sgd(0.1), Losses.binaryCrossentropy());
        Tensor[] data = ModelTest.toyData(64, 5, 5);
        m.fit(Datasets.fromTensors(Tensors.of(data[0]), Tensors.of(data[1]), null),
                FitOptions.epochs(1).batchSize(32).verbosity(FitOptions.Verbosity.SILENT));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> stash.last.toFloatArray());
        assertTrue(e.getMessage().contains("BufferPool"), e.getMessage());
    }
}
