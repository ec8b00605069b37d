package dev.landfall.nn.layers;

import dev.landfall.tensor.DType;
import dev.landfall.tensor.Shape;

/**
 * A placeholder for a tensor in a functional model: its per-example shape (without the batch
 * dimension) and dtype, and the layer call that produces it. {@link Input} is the leaf kind.
 */
public interface SymbolicTensor {
    /** Per-example shape: the batch dimension is left out. */
    Shape shape();

    /** Element type. */
    DType dtype();

    /** The layer that produces this tensor ({@link Input} for a model input). */
    Layer layer();

    /** The symbolic inputs of that layer call (empty for an {@link Input}). */
    java.util.List<SymbolicTensor> inputs();

    /** Keras's display of the batched shape: {@code (None, 128)}. */
    static String display(Shape perExample) {
        StringBuilder sb = new StringBuilder("(None");
        for (int d : perExample.toArray()) {
            sb.append(", ").append(d);
        }
        return sb.append(')').toString();
    }
}
