package dev.landfall.nn;

import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * A loss function with Keras's contract: {@link #call} returns per-example values (reduced over
 * the last axis), and {@link #reduce} applies sample weights and Keras's default reduction,
 * {@code sum(loss · weight) / number of values} ("sum_over_batch_size").
 */
public abstract class Loss {
    private final String name;

    protected Loss(String name) {
        this.name = name;
    }

    /** The Keras name ({@code binary_crossentropy}). */
    public String name() {
        return name;
    }

    /**
     * Per-example loss values.
     *
     * @throws IllegalArgumentException when the target does not fit the prediction, naming both shapes
     */
    public abstract Tensor call(Tensor yTrue, Tensor yPred);

    /** Configuration with Keras's keys; {@code name} is included. */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new java.util.LinkedHashMap<>();
        c.put("name", name);
        return c;
    }

    /** The weighted mean loss: {@code sum(call(yTrue, yPred) · w) / count}. {@code sampleWeight} may be null. */
    public Tensor compute(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        return reduce(call(yTrue, yPred), sampleWeight);
    }

    /** Keras's "sum_over_batch_size" reduction with optional per-example weights of shape {@code [batch]}. */
    public static Tensor reduce(Tensor values, Tensor sampleWeight) {
        if (sampleWeight == null) {
            return values.mean();
        }
        Tensor w = sampleWeight.to(values.dtype());
        if (w.rank() == 1 && values.rank() > 1) {
            int[] dims = new int[values.rank()];
            java.util.Arrays.fill(dims, 1);
            dims[0] = w.dim(0);
            w = w.reshape(dims);
        }
        return values.mul(w).sum().div(Math.max(1, values.size()));
    }

    @Override
    public String toString() {
        return name;
    }
}
