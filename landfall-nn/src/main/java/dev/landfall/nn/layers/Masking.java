package dev.landfall.nn.layers;

import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Masking}: a step of {@code [batch, steps, features]} whose features all equal
 * {@code mask_value} (default 0) is masked for the layers after (recurrent layers skip it) and zeroed.
 */
public final class Masking extends Layer {
    private final double maskValue;

    private Masking(double maskValue) {
        this.maskValue = maskValue;
    }

    /** Masks all-zero steps. */
    public static Masking of() {
        return new Masking(0);
    }

    /** Masks steps whose features all equal {@code maskValue}. */
    public static Masking of(double maskValue) {
        return new Masking(maskValue);
    }

    private Tensor keep(Tensor x) {
        return x.ne(Tensor.scalar(maskValue, x.dtype())).to(x.dtype()).max(new int[] {-1}, false).gt(0);
    }

    @Override
    protected boolean compatible(Shape builtShape, Shape now) {
        return builtShape.rank() == now.rank() && builtShape.dim(-1) == now.dim(-1);
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        return x.mul(keep(x).unsqueeze(-1).to(x.dtype()));
    }

    @Override
    protected boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return keep(inputs.get(0));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("mask_value", maskValue);
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static Masking fromConfig(Map<String, Object> c) {
        return withBaseConfig(of(ConfigValues.doubleValue(c, "mask_value", 0)), c);
    }
}
