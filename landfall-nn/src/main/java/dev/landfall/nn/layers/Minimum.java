package dev.landfall.nn.layers;

import dev.landfall.tensor.Tensor;

import java.util.Map;

/** The element-wise minimum of two or more inputs of the same shape. */
public final class Minimum extends Merge {
    private Minimum() {
    }

    /** A new layer. */
    public static Minimum of() {
        return new Minimum();
    }

    @Override
    protected Tensor combine(Tensor a, Tensor b) {
        return a.minimum(b);
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static Minimum fromConfig(Map<String, Object> c) {
        return withBaseConfig(of(), c);
    }
}
