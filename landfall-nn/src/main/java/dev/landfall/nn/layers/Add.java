package dev.landfall.nn.layers;

import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.List;
import java.util.Map;

/** Sums two or more inputs of the same shape (residual connections). */
public final class Add extends Layer {
    private Add() {
    }

    /** An add layer. */
    public static Add of() {
        return new Add();
    }

    @Override
    protected int[] inputCountRange() {
        return new int[] {2, Integer.MAX_VALUE};
    }

    @Override
    protected void doBuild(List<Shape> shapes) {
        for (Shape s : shapes) {
            if (!s.equals(shapes.get(0))) {
                throw new IllegalArgumentException("Add needs inputs of one shape; received " + shapes.stream()
                        .map(SymbolicTensor::display).toList());
            }
        }
    }

    @Override
    protected boolean compatible(Shape builtShape, Shape now) {
        return builtShape.equals(now);
    }

    @Override
    protected Tensor callMulti(List<Tensor> xs, CallContext ctx) {
        Tensor sum = xs.get(0);
        for (int i = 1; i < xs.size(); i++) {
            sum = sum.add(xs.get(i));
        }
        return sum;
    }

    @Override
    protected boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        if (masks == null) {
            return null;
        }
        Tensor m = null;
        for (Tensor t : masks) {
            if (t != null) {
                m = m == null ? t : m.logicalAnd(t);
            }
        }
        return m;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static Add fromConfig(Map<String, Object> c) {
        return withBaseConfig(of(), c);
    }
}
