package dev.landfall.nn.layers;

import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.List;
import java.util.Map;

/** Joins two or more inputs along an axis of the example (default the last), Keras's {@code Concatenate(axis=-1)}. */
public final class Concatenate extends Layer {
    private final int axis;

    private Concatenate(int axis) {
        if (axis == 0) {
            throw new IllegalArgumentException("Concatenate cannot join along the batch axis 0; use an axis of the "
                    + "example (negative counts from the end)");
        }
        this.axis = axis;
    }

    /** Concatenation along {@code axis} of the batched tensors (-1 = last). */
    public static Concatenate of(int axis) {
        return new Concatenate(axis);
    }

    /** Concatenation along the last axis. */
    public static Concatenate of() {
        return new Concatenate(-1);
    }

    @Override
    protected int[] inputCountRange() {
        return new int[] {2, Integer.MAX_VALUE};
    }

    @Override
    protected void doBuild(List<Shape> shapes) {
        int rank = shapes.get(0).rank() + 1;
        int a = Shape.normalizeAxis(axis, rank, "Concatenate");
        for (Shape s : shapes) {
            boolean fits = s.rank() == rank - 1;
            for (int d = 1; fits && d < rank; d++) {
                fits = d == a || s.dim(d - 1) == shapes.get(0).dim(d - 1);
            }
            if (!fits) {
                throw new IllegalArgumentException("Concatenate(axis=" + axis + ") needs inputs that match except along "
                        + "that axis; received " + shapes.stream().map(SymbolicTensor::display).toList());
            }
        }
    }

    @Override
    protected boolean compatible(Shape builtShape, Shape now) {
        return builtShape.rank() == now.rank();
    }

    @Override
    protected Tensor callMulti(List<Tensor> xs, CallContext ctx) {
        return Tensor.concat(axis < 0 ? xs.get(0).rank() + axis : axis, xs.toArray(Tensor[]::new));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static Concatenate fromConfig(Map<String, Object> c) {
        return withBaseConfig(of(ConfigValues.intValue(c, "axis", -1)), c);
    }
}
