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

/** Values of the small layers the contract checks only for shapes and gradients. */
class ShapeAndMergeLayersTest {
    @Test
    void leakyReluAndPreluValues() {
        Tensor x = Tensor.fromArray(new float[] {-2, -0.5f, 0, 3}, 1, 4);
        assertArrayEquals(new float[] {-0.6f, -0.15f, 0, 3}, LeakyReLU.of().forward(x).toFloatArray(), 1e-6f);
        PReLU p = PReLU.of();
        p.forward(x);
        p.weights().get(0).assign(Tensor.fromArray(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, 4));
        assertArrayEquals(new float[] {-0.2f, -0.1f, 0, 3}, p.forward(x).toFloatArray(), 1e-6f);
    }

    @Test
    void groupNormalizationWithOneGroupIsLayerNormalizationAndWithAGroupPerChannelIsInstanceNormalization() {
        Tensor x = Tensor.normal(Shape.of(2, 6), 0, 2, DType.FLOAT64, Rng.of(1));
        Layer g = GroupNormalization.of(1).setDtype(DType.FLOAT64);
        Layer l = LayerNormalization.of().setDtype(DType.FLOAT64);
        assertArrayEquals(l.forward(x).toDoubleArray(), g.forward(x).toDoubleArray(), 1e-12);

        Tensor img = Tensor.normal(Shape.of(2, 3, 3, 4), 1, 2, DType.FLOAT64, Rng.of(2));
        Tensor y = GroupNormalization.of(4).setDtype(DType.FLOAT64).forward(img);
        Tensor channel = y.select(0, 1).select(2, 3); // one example, one channel: mean 0, variance 1 (ε aside)
        assertEquals(0, channel.mean().item(), 1e-12);
        double v = img.select(0, 1).select(2, 3).var(new int[] {0, 1}, false).item();
        assertEquals(v / (v + 1e-3), channel.var(new int[] {0, 1}, false).item(), 1e-9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GroupNormalization.of(3)
                .forward(img));
        assertTrue(e.getMessage().contains("3 groups do not divide the 4 channels"), e.getMessage());
    }

    @Test
    void maskingHidesAllZeroStepsFromARecurrentLayer() {
        Tensor x = Tensor.normal(Shape.of(1, 5, 2), 0, 1, DType.FLOAT32, Rng.of(3));
        Tensor padded = Tensor.concat(1, x.slice(1, 0, 3), Tensor.zeros(1, 2, 2));
        Masking m = Masking.of();
        Tensor mask = m.computeMask(List.of(padded), null);
        assertArrayEquals(new boolean[] {true, true, true, false, false}, mask.toBooleanArray());
        LSTM lstm = LSTM.of(3);
        Tensor full = lstm.forward(List.of(m.forward(padded)), new CallContext(false, List.of(mask), Rng.of(1)));
        assertArrayEquals(lstm.forward(x.slice(1, 0, 3)).toFloatArray(), full.toFloatArray(), 1e-6f);
    }

    @Test
    void repeatPermuteUpsampleAndMerge() {
        Tensor v = Tensor.fromArray(new float[] {1, 2}, 1, 2);
        assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2}, RepeatVector.of(3).forward(v).toFloatArray());
        Tensor s = Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, Permute.of(2, 1).forward(s).toFloatArray());
        Tensor img = Tensor.fromArray(new float[] {1, 2, 3, 4}, 1, 2, 2, 1);
        Tensor up = UpSampling2D.of(2, 1).forward(img);
        assertEquals(Shape.of(1, 4, 2, 1), up.shape());
        assertArrayEquals(new float[] {1, 2, 1, 2, 3, 4, 3, 4}, up.toFloatArray());
        Tensor a = Tensor.fromArray(new float[] {1, 5}, 1, 2);
        Tensor b = Tensor.fromArray(new float[] {3, 2}, 1, 2);
        CallContext ctx = CallContext.inference();
        assertArrayEquals(new float[] {3, 10}, Multiply.of().forward(List.of(a, b), ctx).toFloatArray());
        assertArrayEquals(new float[] {2, 3.5f}, Average.of().forward(List.of(a, b), ctx).toFloatArray());
        assertArrayEquals(new float[] {3, 5}, Maximum.of().forward(List.of(a, b), ctx).toFloatArray());
        assertArrayEquals(new float[] {1, 2}, Minimum.of().forward(List.of(a, b), ctx).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> Permute.of(1, 3));
        assertThrows(IllegalArgumentException.class, () -> Layers.fromConfig("UpSampling2D",
                java.util.Map.of("size", List.of(2, 2), "interpolation", "bilinear")));
    }
}
