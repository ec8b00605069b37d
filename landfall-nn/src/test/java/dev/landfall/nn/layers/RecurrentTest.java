package dev.landfall.nn.layers;

import dev.landfall.nn.Model;
import dev.landfall.nn.Sequential;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the layer contract does not see: masks, direction, the bidirectional merge and Keras's initial biases. */
class RecurrentTest {
    private static final List<Supplier<Recurrent>> LAYERS = List.of(() -> SimpleRNN.of(3), () -> LSTM.of(3),
            () -> GRU.of(3), () -> GRU.of(3).resetAfter(false));

    private static Tensor input(int batch, int steps) {
        return Tensor.normal(Shape.of(batch, steps, 2), 0, 1, DType.FLOAT64, Rng.of(3));
    }

    private static Recurrent built(Supplier<Recurrent> f) {
        Recurrent r = f.get();
        r.setName("rnn").setDtype(DType.FLOAT64);
        r.build(List.of(Shape.of(5, 2)));
        return r;
    }

    /** A masked tail leaves the last state as the unpadded sequence's; masked steps repeat the previous output. */
    @Test
    void maskedStepsKeepTheState() {
        for (Supplier<Recurrent> f : LAYERS) {
            Recurrent r = built(f);
            Tensor x = input(2, 5);
            Tensor mask = Tensor.fromArray(new boolean[] {true, true, true, false, false, true, true, true, true, true}, 2, 5);
            Tensor masked = r.forward(List.of(x), new CallContext(false, List.of(mask), Rng.of(1)));
            Tensor shorter = r.forward(x.slice(1, 0, 3));
            assertArrayEquals(shorter.select(0, 0).toDoubleArray(), masked.select(0, 0).toDoubleArray(), 1e-12,
                    r.className());
            assertArrayEquals(r.forward(x).select(0, 1).toDoubleArray(), masked.select(0, 1).toDoubleArray(), 1e-12);

            r.returnSequences(true);
            Tensor seq = r.forward(List.of(x), new CallContext(false, List.of(mask), Rng.of(1)));
            assertArrayEquals(seq.select(0, 0).select(0, 2).toDoubleArray(), seq.select(0, 0).select(0, 4).toDoubleArray(),
                    1e-12, "a masked step repeats the last output");
            assertEquals(mask, r.computeMask(List.of(x), List.of(mask)), "return_sequences passes the mask on");
        }
    }

    /** go_backwards reads the steps last to first and returns them in that order, as Keras. */
    @Test
    void goBackwardsIsTheForwardLayerOnTheReversedSequence() {
        for (Supplier<Recurrent> f : LAYERS) {
            Recurrent fwd = built(f);
            fwd.returnSequences(true);
            Recurrent bwd = built(f);
            bwd.returnSequences(true).goBackwards(true);
            for (int k = 0; k < fwd.weights().size(); k++) {
                bwd.weights().get(k).assign(fwd.weights().get(k).value());
            }
            Tensor x = input(2, 5);
            Tensor reversed = x.indexSelect(1, Tensor.fromArray(new int[] {4, 3, 2, 1, 0}));
            assertArrayEquals(fwd.forward(reversed).toDoubleArray(), bwd.forward(x).toDoubleArray(), 1e-12, fwd.className());
        }
    }

    @Test
    void bidirectionalConcatenatesBothDirectionsInTimeOrder() {
        Bidirectional b = Bidirectional.of(LSTM.of(3).returnSequences(true));
        b.setName("bi").setDtype(DType.FLOAT64);
        b.build(List.of(Shape.of(5, 2)));
        assertEquals(List.of("bi.forward_kernel", "bi.forward_recurrent_kernel", "bi.forward_bias", "bi.backward_kernel",
                "bi.backward_recurrent_kernel", "bi.backward_bias"), b.weights().stream().map(w -> w.name()).toList());
        Recurrent fwd = built(() -> LSTM.of(3).returnSequences(true));
        Recurrent bwd = built(() -> LSTM.of(3).returnSequences(true));
        for (int k = 0; k < 3; k++) {
            fwd.weights().get(k).assign(b.weights().get(k).value());
            bwd.weights().get(k).assign(b.weights().get(k + 3).value());
        }
        Tensor x = input(2, 5);
        Tensor out = b.forward(x);
        assertEquals(Shape.of(2, 5, 6), out.shape());
        int[] back = {4, 3, 2, 1, 0};
        Tensor expectedBackward = bwd.forward(x.indexSelect(1, Tensor.fromArray(back))).indexSelect(1, Tensor.fromArray(back));
        assertArrayEquals(fwd.forward(x).toDoubleArray(), out.slice(-1, 0, 3).contiguous().toDoubleArray(), 1e-12);
        assertArrayEquals(expectedBackward.toDoubleArray(), out.slice(-1, 3, 6).contiguous().toDoubleArray(), 1e-12);
    }

    /** Inside Bidirectional, masked steps output zeros (Keras's force_zero_output_for_mask); inner names carry the wrapper's. */
    @Test
    void bidirectionalZeroesMaskedStepsAndNamesItsLayersAfterItself() {
        Bidirectional b = Bidirectional.of(GRU.of(2).returnSequences(true));
        b.setName("bi").setDtype(DType.FLOAT64);
        b.build(List.of(Shape.of(4, 2)));
        Tensor mask = Tensor.fromArray(new boolean[] {true, true, false, false}, 1, 4);
        Tensor out = b.forward(List.of(input(1, 4)), new CallContext(false, List.of(mask), Rng.of(1)));
        assertArrayEquals(new double[8], out.slice(1, 2, 4).contiguous().toDoubleArray(), 0);
        assertTrue(java.util.Arrays.stream(out.slice(1, 0, 2).contiguous().toDoubleArray()).anyMatch(v -> v != 0));
        Bidirectional other = Bidirectional.of(GRU.of(2).recurrentDropout(0.5));
        other.setName("bi_2");
        other.build(List.of(Shape.of(4, 2)));
        assertTrue(other.weights().get(0).name().startsWith("bi_2."), other.weights().get(0).name());
    }

    @Test
    void kerasInitialBiasesAndShapes() {
        LSTM lstm = (LSTM) built(() -> LSTM.of(3));
        double[] bias = lstm.weights().get(2).value().toDoubleArray();
        assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0}, bias, 0, "unit_forget_bias");
        assertEquals(Shape.of(2, 12), lstm.weights().get(0).shape());
        assertEquals(Shape.of(3, 12), lstm.weights().get(1).shape());
        assertEquals(Shape.of(2, 9), built(() -> GRU.of(3)).weights().get(2).shape(), "reset_after keeps two biases");
        assertEquals(Shape.of(9), built(() -> GRU.of(3).resetAfter(false)).weights().get(2).shape());
    }

    @Test
    void anEmbeddingMaskReachesTheLayerInAModel() {
        Model m = Sequential.of(Input.of(Shape.of(4), DType.INT32), Embedding.of(10, 3).maskZero(true), GRU.of(2));
        Tensor padded = Tensor.fromArray(new int[] {3, 5, 0, 0}, 1, 4);
        Tensor plain = Tensor.fromArray(new int[] {3, 5}, 1, 2);
        Model shortModel = Sequential.of(Input.of(Shape.of(2), DType.INT32), m.layers().get(1), m.layers().get(2));
        assertArrayEquals(shortModel.predict(plain).toFloatArray(), m.predict(padded).toFloatArray(), 1e-6f);
    }

    @Test
    void unsupportedKerasOptionsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Layers.fromConfig("LSTM",
                java.util.Map.of("units", 4, "return_state", true)));
        assertTrue(e.getMessage().startsWith("LSTM: return_state is not supported"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LSTM.of(2).dropout(1.0));
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> LSTM.of(2).forward(
                Tensor.zeros(2, 3)));
        assertTrue(rank.getMessage().contains("Layer 'lstm' (LSTM) expects inputs [batch, steps, features]"),
                rank.getMessage());
    }
}
