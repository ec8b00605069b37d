package dev.landfall.nn;

import dev.landfall.tensor.Tensor;

/** An elementwise (or, for softmax, per-row) activation, known by a Keras name. */
public interface ActivationFunction {
    /** The Keras name, e.g. {@code relu}; saved in configs and resolved by {@link Activations#get}. */
    String name();

    /** Applies the function. */
    Tensor apply(Tensor x);
}
