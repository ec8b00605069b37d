package dev.landfall.nn.layers;

import dev.landfall.tensor.DType;
import dev.landfall.tensor.Shape;

import java.util.List;

/** The symbolic output of applying a layer to symbolic inputs. */
record LayerCall(Layer layer, List<SymbolicTensor> inputs, Shape shape, DType dtype) implements SymbolicTensor {
    @Override
    public String toString() {
        return "SymbolicTensor(" + SymbolicTensor.display(shape) + ", " + dtype.displayName() + ", from " + layer.name() + ")";
    }
}
