package dev.landfall.nn;

import dev.landfall.tensor.Tensor;

import java.util.Map;

/** A penalty on a weight, added to the loss during training. */
public interface Regularizer {
    /** The penalty as a scalar tensor that gradients flow through. */
    Tensor penalty(Tensor weight);

    /** Keras-style config: {@code {"class_name": "L2", "l2": 0.01}}. */
    Map<String, Object> getConfig();
}
