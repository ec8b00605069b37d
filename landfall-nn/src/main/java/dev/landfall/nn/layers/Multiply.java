package dev.landfall.nn.layers;

import dev.landfall.tensor.Tensor;

import java.util.Map;

/** Multiplies two or more inputs of the same shape element-wise (gating). */
public final class Multiply extends Merge {
    private Multiply() {
    }

    /** A new layer. */
    public static Multiply of() {
        return new Multiply();
    }

    @Override
    protected Tensor combine(Tensor a, Tensor b) {
        return a.mul(b);
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static Multiply fromConfig(Map<String, Object> c) {
        return withBaseConfig(of(), c);
    }
}
