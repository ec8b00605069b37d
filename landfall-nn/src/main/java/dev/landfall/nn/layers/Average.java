package dev.landfall.nn.layers;

import dev.landfall.tensor.Tensor;

import java.util.Map;

/** Averages two or more inputs of the same shape element-wise. */
public final class Average extends Merge {
    private Average() {
    }

    /** A new layer. */
    public static Average of() {
        return new Average();
    }

    @Override
    protected Tensor combine(Tensor a, Tensor b) {
        return a.add(b);
    }

    @Override
    protected Tensor finish(Tensor combined, int n) {
        return combined.mul(1.0 / n);
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static Average fromConfig(Map<String, Object> c) {
        return withBaseConfig(of(), c);
    }
}
