package dev.landfall.nn;

import dev.landfall.tensor.DType;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

/** Creates a weight's first value. */
public interface Initializer {
    /** The Keras name ({@code glorot_uniform}). */
    String name();

    /** A new tensor of this shape and type, drawn from {@code rng}. */
    Tensor create(Shape shape, DType dtype, Rng rng);
}
