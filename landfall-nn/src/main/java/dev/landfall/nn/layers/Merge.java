package dev.landfall.nn.layers;

import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.List;

/**
 * The element-wise merges of two or more inputs of one shape, Keras's {@code Add}, {@code Multiply},
 * {@code Average}, {@code Maximum} and {@code Minimum}; a position is valid where every input's mask says so.
 */
public abstract class Merge extends Layer {
    Merge() {
    }

    /** Combines two inputs. */
    protected abstract Tensor combine(Tensor a, Tensor b);

    /** The combination of all {@code n} inputs, finished (an average divides by n). */
    protected Tensor finish(Tensor combined, int n) {
        return combined;
    }

    @Override
    protected int[] inputCountRange() {
        return new int[] {2, Integer.MAX_VALUE};
    }

    @Override
    protected void doBuild(List<Shape> shapes) {
        for (Shape s : shapes) {
            if (!s.equals(shapes.get(0))) {
                throw new IllegalArgumentException(className() + " needs inputs of one shape; received " + shapes.stream()
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
        Tensor out = xs.get(0);
        for (int i = 1; i < xs.size(); i++) {
            out = combine(out, xs.get(i));
        }
        return finish(out, xs.size());
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
}
