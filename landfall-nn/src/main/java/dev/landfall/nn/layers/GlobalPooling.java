package dev.landfall.nn.layers;

import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * Global average or max pooling over the length (1-D) or height and width (2-D), Keras's
 * {@code GlobalAveragePooling1D/2D}, {@code GlobalMaxPooling1D/2D}. GlobalAveragePooling1D honours
 * a padding mask: the mean runs over unmasked steps only.
 */
public final class GlobalPooling extends Layer {
    private final boolean max;
    private final int rank;
    private final boolean keepDims;

    private GlobalPooling(boolean max, int rank, boolean keepDims) {
        this.max = max;
        this.rank = rank;
        this.keepDims = keepDims;
    }

    public static GlobalPooling globalAveragePooling1D() {
        return new GlobalPooling(false, 1, false);
    }

    public static GlobalPooling globalAveragePooling2D() {
        return new GlobalPooling(false, 2, false);
    }

    public static GlobalPooling globalMaxPooling1D() {
        return new GlobalPooling(true, 1, false);
    }

    public static GlobalPooling globalMaxPooling2D() {
        return new GlobalPooling(true, 2, false);
    }

    @Override
    public String className() {
        return "Global" + (max ? "Max" : "Average") + "Pooling" + rank + "D";
    }

    @Override
    public String defaultName() {
        return "global_" + (max ? "max" : "average") + "_pooling" + rank + "d";
    }

    @Override
    protected void build(Shape in) {
        if (in.rank() != rank + 1) {
            throw new IllegalArgumentException(className() + " expects inputs of rank " + (rank + 2) + "; received "
                    + SymbolicTensor.display(in));
        }
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        int[] axes = rank == 1 ? new int[] {1} : new int[] {1, 2};
        Tensor mask = ctx.mask(0);
        if (mask != null && rank == 1) {
            Tensor m = mask.to(x.dtype()).unsqueeze(-1);
            if (max) {
                return Tensor.where(mask.unsqueeze(-1), x, Double.NEGATIVE_INFINITY).max(axes, keepDims);
            }
            return x.mul(m).sum(axes, keepDims).div(m.sum(axes, keepDims).maximum(1.0));
        }
        return max ? x.max(axes, keepDims) : x.mean(axes, keepDims);
    }

    @Override
    protected boolean compatible(Shape builtShape, Shape now) {
        return builtShape.rank() == now.rank() && builtShape.dim(-1) == now.dim(-1);
    }

    @Override
    public Tensor computeMask(java.util.List<Tensor> inputs, java.util.List<Tensor> masks) {
        return null;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("keepdims", keepDims);
        return c;
    }

    static java.util.function.Function<Map<String, Object>, Layer> factory(boolean max, int rank) {
        return c -> withBaseConfig(new GlobalPooling(max, rank, ConfigValues.boolValue(c, "keepdims", false)), c);
    }
}
