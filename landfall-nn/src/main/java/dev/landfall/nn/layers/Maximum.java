package dev.landfall.nn.layers;

import dev.landfall.tensor.Tensor;

import java.util.Map;

/** The element-wise maximum of two or more inputs of the same shape. */
public final class Maximum extends Merge {
    private Maximum() {
    }

    /** A new layer. */
    public static Maximum of() {
        return new Maximum();
    }

    @Override
    protected Tensor combine(Tensor a, Tensor b) {
        return a.maximum(b);
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static Maximum fromConfig(Map<String, Object> c) {
        return withBaseConfig(of(), c);
    }
}
