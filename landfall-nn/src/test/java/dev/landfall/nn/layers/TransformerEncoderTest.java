package dev.landfall.nn.layers;

import dev.landfall.tensor.DType;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Masks, causality and the pre-norm arithmetic of the transformer block; the lengths PositionalEmbedding takes. */
class TransformerEncoderTest {
    private static TransformerEncoder block(boolean causal) {
        TransformerEncoder t = TransformerEncoder.of(8, 2).causal(causal);
        t.setName("block").setDtype(DType.FLOAT64);
        t.build(List.of(Shape.of(5, 4)));
        return t;
    }

    @Test
    void paddingDoesNotReachTheValidSteps() {
        TransformerEncoder t = block(false);
        Tensor x = Tensor.normal(Shape.of(1, 5, 4), 0, 1, DType.FLOAT64, Rng.of(2));
        Tensor mask = Tensor.fromArray(new boolean[] {true, true, true, false, false}, 1, 5);
        Tensor padded = t.forward(List.of(x), new CallContext(false, List.of(mask), Rng.of(1)));
        Tensor shorter = t.forward(x.slice(1, 0, 3));
        assertArrayEquals(shorter.toDoubleArray(), padded.slice(1, 0, 3).contiguous().toDoubleArray(), 1e-12);
    }

    @Test
    void aCausalBlockDoesNotLookAhead() {
        TransformerEncoder t = block(true);
        Tensor x = Tensor.normal(Shape.of(1, 5, 4), 0, 1, DType.FLOAT64, Rng.of(3));
        Tensor changedTail = Tensor.concat(1, x.slice(1, 0, 3), Tensor.normal(Shape.of(1, 2, 4), 5, 1, DType.FLOAT64,
                Rng.of(4)));
        assertArrayEquals(t.forward(x).slice(1, 0, 3).contiguous().toDoubleArray(),
                t.forward(changedTail).slice(1, 0, 3).contiguous().toDoubleArray(), 1e-12);
        Tensor notCausal = block(false).forward(x);
        assertEquals(Shape.of(1, 5, 4), notCausal.shape());
    }

    @Test
    void weightsAreNamedAfterTheirSublayers() {
        List<String> names = block(false).weights().stream().map(w -> w.name()).toList();
        assertTrue(names.containsAll(List.of("block.norm1_gamma", "block.attention_query_kernel", "block.ffn1_kernel",
                "block.ffn2_bias", "block.norm2_beta")), names.toString());
        assertEquals(16, names.size());
    }

    @Test
    void positionsBeyondTheTableAreRefusedWithBothLengths() {
        PositionalEmbedding p = PositionalEmbedding.of(4);
        p.setName("positions");
        p.forward(Tensor.zeros(1, 3, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.forward(Tensor.zeros(1, 6, 2)));
        assertEquals("Layer 'positions' (PositionalEmbedding): the sequence has 6 steps, more than the 4 positions it was "
                + "made for", e.getMessage());
        Tensor x = Tensor.zeros(1, 3, 2);
        assertArrayEquals(p.weights().get(0).value().slice(0, 0, 3).contiguous().toFloatArray(),
                p.forward(x).toFloatArray(), 0f, "zeros plus the first three rows");
    }
}
