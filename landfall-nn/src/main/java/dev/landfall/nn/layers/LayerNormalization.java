package dev.landfall.nn.layers;

import dev.landfall.nn.Initializers;
import dev.landfall.nn.Weight;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * Layer normalization over the last axis (Ba et al. 2016):
 * {@code (x − mean) / √(var + ε) · γ + β}. Keras's epsilon is 1e-3; PyTorch's is 1e-5
 * ({@link #epsilon(double)}). A constant row normalizes to β, never NaN.
 */
public final class LayerNormalization extends Layer {
    private double epsilon = 1e-3;
    private boolean center = true;
    private boolean scale = true;
    private Weight gamma;
    private Weight beta;

    private LayerNormalization() {
    }

    /** Keras's defaults. */
    public static LayerNormalization of() {
        return new LayerNormalization();
    }

    /** Sets epsilon (PyTorch: 1e-5). */
    public LayerNormalization epsilon(double e) {
        epsilon = Affine.epsilon(e);
        return this;
    }

    @Override
    protected void build(Shape in) {
        Shape c = Shape.of(in.dim(-1));
        if (scale) {
            gamma = addWeight("gamma", c, Initializers.ONES, true, null);
        }
        if (center) {
            beta = addWeight("beta", c, Initializers.ZEROS, true, null);
        }
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        int[] last = {-1};
        Tensor y = Affine.standardize(x, last, epsilon);
        return Affine.apply(y, gamma, beta, ctx);
    }

    @Override
    protected boolean supportsMasking() {
        return true;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", -1);
        c.put("epsilon", epsilon);
        c.put("center", center);
        c.put("scale", scale);
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static LayerNormalization fromConfig(Map<String, Object> c) {
        LayerNormalization l = of().epsilon(ConfigValues.doubleValue(c, "epsilon", 1e-3));
        l.center = ConfigValues.boolValue(c, "center", true);
        l.scale = ConfigValues.boolValue(c, "scale", true);
        return withBaseConfig(l, c);
    }
}
