package dev.landfall.nn.layers;

import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/** Flattens each example to one dimension, in row-major (channels-last) order. */
public final class Flatten extends Layer {
    private Flatten() {
    }

    /** A flatten layer. */
    public static Flatten of() {
        return new Flatten();
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        return x.reshape(x.dim(0), -1);
    }

    @Override
    protected boolean compatible(Shape builtShape, Shape now) {
        return builtShape.equals(now);
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static Flatten fromConfig(Map<String, Object> c) {
        return withBaseConfig(of(), c);
    }
}
