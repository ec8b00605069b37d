package dev.landfall.nn.layers;

import dev.landfall.nn.Weight;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-example gradients from the tape equal those of a backward pass per example (float64, 1e-6
 * relative), for every layer with trainable weights; the norms and the clipped sum agree with them.
 */
class PerExampleTapeTest {
    private static final int BATCH = 4;

    record Case(String name, Supplier<Layer> factory, List<Shape> inputs, boolean ids) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> layers() {
        return Stream.of(
                new Case("Dense_flat", () -> Dense.of(4, "tanh"), List.of(Shape.of(5)), false),
                new Case("Dense_sequence", () -> Dense.of(3), List.of(Shape.of(2, 4)), false),
                new Case("Dense_no_bias", () -> Dense.of(3).withoutBias(), List.of(Shape.of(5)), false),
                new Case("Conv2D_same_stride2", () -> Conv2D.of(3, 2).strides(2).padding("same"),
                        List.of(Shape.of(5, 5, 2)), false),
                new Case("Conv2D_channels_first", () -> Conv2D.of(2, 3).channelsFirst(), List.of(Shape.of(2, 4, 4)), false),
                new Case("Conv1D_causal_dilated", () -> Conv1D.of(2, 3).padding("causal").dilationRate(2),
                        List.of(Shape.of(7, 2)), false),
                new Case("Embedding_repeated_ids", () -> Embedding.of(6, 3), List.of(Shape.of(5)), true),
                new Case("LayerNormalization", LayerNormalization::of, List.of(Shape.of(3, 4)), false),
                new Case("MultiHeadAttention_self", () -> MultiHeadAttention.of(2, 2), List.of(Shape.of(3, 4)), false),
                new Case("MultiHeadAttention_cross", () -> MultiHeadAttention.of(2, 3),
                        List.of(Shape.of(2, 4), Shape.of(3, 5)), false),
                new Case("SimpleRNN_backwards", () -> SimpleRNN.of(3).goBackwards(true), List.of(Shape.of(4, 2)), false),
                new Case("LSTM_sequences", () -> LSTM.of(3).returnSequences(true), List.of(Shape.of(4, 2)), false),
                new Case("GRU", () -> GRU.of(3), List.of(Shape.of(4, 2)), false),
                new Case("PositionalEmbedding_shorter", () -> PositionalEmbedding.of(5), List.of(Shape.of(3, 2)), false),
                new Case("TransformerEncoder", () -> TransformerEncoder.of(6, 2), List.of(Shape.of(3, 4)), false),
                new Case("GroupNormalization", () -> GroupNormalization.of(2), List.of(Shape.of(3, 4)), false),
                new Case("Bidirectional_GRU", () -> Bidirectional.of(GRU.of(2).returnSequences(true)),
                        List.of(Shape.of(3, 2)), false));
    }

    private static List<Tensor> inputs(Case c) {
        List<Tensor> xs = new ArrayList<>();
        for (int i = 0; i < c.inputs.size(); i++) {
            int[] dims = batched(c.inputs.get(i));
            if (c.ids) {
                int[] ids = new int[Shape.of(dims).size() > 0 ? (int) Shape.of(dims).size() : 0];
                for (int k = 0; k < ids.length; k++) {
                    ids[k] = Rng.of(7).nextInt(k, 3); // few distinct ids: rows repeat within an example
                }
                xs.add(Tensor.fromArray(ids, dims));
            } else {
                xs.add(Tensor.normal(Shape.of(dims), 0, 1, DType.FLOAT64, Rng.of(11 + i)));
            }
        }
        return xs;
    }

    private static int[] batched(Shape perExample) {
        int[] d = new int[perExample.rank() + 1];
        d[0] = BATCH;
        System.arraycopy(perExample.toArray(), 0, d, 1, perExample.rank());
        return d;
    }

    /** A loss that is not linear in the output, so each example's gradient depends on its own output. */
    private static Tensor loss(Tensor out, Tensor w) {
        return out.square().mul(w).sum().mul(0.5).add(out.mul(w).sum());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void perExampleGradientsEqualBackwardPassesOfOneExample(Case c) {
        Layer layer = c.factory.get().setName("under_test").setDtype(DType.FLOAT64);
        List<Tensor> xs = inputs(c);
        layer.forward(xs, new CallContext(true, null, Rng.of(1)));
        PerExampleTape tape = new PerExampleTape();
        Tensor out = layer.forward(xs, new CallContext(true, null, Rng.of(1), tape));
        Tensor w = Tensor.normal(out.shape(), 0, 1, DType.FLOAT64, Rng.of(5));
        loss(out, w).backward();
        assertEquals(new java.util.HashSet<>(layer.trainableWeights()), tape.weights(), "every trainable weight is taped");
        Map<Weight, Tensor> perExample = tape.perExample(BATCH);

        double[] norms = new double[BATCH];
        List<List<double[]>> reference = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            Tensor at = Tensor.fromArray(new int[] {i});
            List<Tensor> xi = xs.stream().map(x -> x.indexSelect(0, at)).toList();
            for (Weight wt : layer.trainableWeights()) {
                wt.value().zeroGrad();
            }
            loss(layer.forward(xi, new CallContext(true, null, Rng.of(1))), w.indexSelect(0, at)).backward();
            List<double[]> grads = new ArrayList<>();
            for (Weight wt : layer.trainableWeights()) {
                double[] expected = wt.value().grad().toDoubleArray();
                double[] actual = perExample.get(wt).indexSelect(0, at).toDoubleArray();
                assertClose(expected, actual, c.name + " " + wt.name() + " example " + i);
                for (double v : expected) {
                    norms[i] += v * v;
                }
                grads.add(expected);
            }
            reference.add(grads);
        }
        double[] taped = tape.squaredNorms(BATCH);
        assertClose(norms, taped, c.name + " squared norms");

        double[] factors = {0.5, 1.0, 0.25, 2.0};
        Map<Weight, Tensor> sum = tape.weightedSum(factors);
        List<Weight> ws = layer.trainableWeights();
        for (int k = 0; k < ws.size(); k++) {
            double[] expected = new double[reference.get(0).get(k).length];
            for (int i = 0; i < BATCH; i++) {
                double[] g = reference.get(i).get(k);
                for (int j = 0; j < g.length; j++) {
                    expected[j] += factors[i] * g[j];
                }
            }
            assertEquals(ws.get(k).shape(), sum.get(ws.get(k)).shape());
            assertClose(expected, sum.get(ws.get(k)).toDoubleArray(), c.name + " weighted sum of " + ws.get(k).name());
        }
    }

    @Test
    void aSharedLayerSumsItsCallsPerExample() {
        Dense shared = (Dense) Dense.of(3).setName("shared").setDtype(DType.FLOAT64);
        Tensor a = Tensor.normal(Shape.of(BATCH, 4), 0, 1, DType.FLOAT64, Rng.of(1));
        Tensor b = Tensor.normal(Shape.of(BATCH, 4), 0, 1, DType.FLOAT64, Rng.of(2));
        shared.forward(a);
        PerExampleTape tape = new PerExampleTape();
        CallContext ctx = new CallContext(true, null, Rng.of(1), tape);
        Tensor out = shared.forward(List.of(a), ctx).mul(shared.forward(List.of(b), ctx));
        out.sum().backward();
        Tensor taped = tape.perExample(BATCH).get(shared.trainableWeights().get(0));
        for (int i = 0; i < BATCH; i++) {
            Tensor at = Tensor.fromArray(new int[] {i});
            shared.trainableWeights().forEach(w -> w.value().zeroGrad());
            shared.forward(a.indexSelect(0, at)).mul(shared.forward(b.indexSelect(0, at))).sum().backward();
            assertClose(shared.trainableWeights().get(0).value().grad().toDoubleArray(),
                    taped.indexSelect(0, at).toDoubleArray(), "shared kernel, example " + i);
        }
        double[] n = tape.squaredNorms(BATCH);
        assertTrue(n[0] > 0);
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        double diff = 0;
        for (int j = 0; j < expected.length; j++) {
            scale = Math.max(scale, Math.abs(expected[j]));
            diff = Math.max(diff, Math.abs(expected[j] - actual[j]));
        }
        assertTrue(scale > 0, what + ": the gradient is all zeros, the check would prove nothing");
        assertTrue(diff <= 1e-6 * scale, what + ": max difference " + diff + " at scale " + scale);
    }
}
