package dev.landfall.nn.layers;

import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/** Reshapes each example to {@code targetShape} (one size may be -1). */
public final class Reshape extends Layer {
    private final int[] target;

    private Reshape(int[] target) {
        int unknown = 0;
        for (int d : target) {
            if (d == -1) {
                unknown++;
            } else if (d < 1) {
                throw new IllegalArgumentException("Received an invalid value for target_shape, expected positive sizes "
                        + "or one -1. Received: target_shape=" + java.util.Arrays.toString(target));
            }
        }
        if (unknown > 1) {
            throw new IllegalArgumentException("Reshape: only one size may be -1. Received: target_shape="
                    + java.util.Arrays.toString(target));
        }
        this.target = target.clone();
    }

    /** Reshape each example to these sizes. */
    public static Reshape of(int... targetShape) {
        return new Reshape(targetShape);
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        int[] dims = new int[target.length + 1];
        dims[0] = x.dim(0);
        System.arraycopy(target, 0, dims, 1, target.length);
        try {
            return x.reshape(dims);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Layer '" + name() + "' (Reshape): cannot reshape examples of shape "
                    + SymbolicTensor.display(perExample(x.shape())) + " to " + java.util.Arrays.toString(target), e);
        }
    }

    @Override
    protected boolean compatible(Shape builtShape, Shape now) {
        return builtShape.size() == now.size();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("target_shape", ConfigValues.list(target));
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static Reshape fromConfig(Map<String, Object> c) {
        return withBaseConfig(of(ConfigValues.intArray(c, "target_shape", new int[0])), c);
    }
}
