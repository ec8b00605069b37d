package dev.landfall.nn.metrics;

import dev.landfall.tensor.DType;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.Arrays;

/**
 * Sample weights spread over what a metric counts, Keras's way: a weight per example ({@code [batch]})
 * or per time step ({@code [batch, T]}) gets trailing axes of size 1 and is broadcast to the counted
 * shape, so every value of an example shares its weight.
 */
final class SampleWeights {
    private SampleWeights() {
    }

    /** The weights as FLOAT64 of shape {@code target}. */
    static Tensor broadcast(Tensor sampleWeight, Shape target) {
        Tensor w = sampleWeight.to(DType.FLOAT64);
        if (w.rank() < target.rank()) {
            int[] dims = Arrays.copyOf(w.shape().toArray(), target.rank());
            Arrays.fill(dims, w.rank(), dims.length, 1);
            w = w.reshape(dims);
        }
        return w.broadcastTo(target);
    }
}
