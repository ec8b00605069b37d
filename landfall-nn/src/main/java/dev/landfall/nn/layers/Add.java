package dev.landfall.nn.layers;

import dev.landfall.tensor.Tensor;

import java.util.Map;

/** Sums two or more inputs of the same shape (residual connections). */
public final class Add extends Merge {
    private Add() {
    }

    /** A new layer. */
    public static Add of() {
        return new Add();
    }

    @Override
    protected Tensor combine(Tensor a, Tensor b) {
        return a.add(b);
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static Add fromConfig(Map<String, Object> c) {
        return withBaseConfig(of(), c);
    }
}
