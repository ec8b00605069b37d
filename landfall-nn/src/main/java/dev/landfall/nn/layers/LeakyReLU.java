package dev.landfall.nn.layers;

import dev.landfall.tensor.Tensor;

import java.util.Map;

/** Keras's {@code LeakyReLU}: {@code x} where positive, {@code negative_slope·x} elsewhere (default 0.3). */
public final class LeakyReLU extends Layer {
    private final double negativeSlope;

    private LeakyReLU(double negativeSlope) {
        if (!(negativeSlope >= 0) || Double.isInfinite(negativeSlope)) {
            throw new IllegalArgumentException("Received an invalid value for negative_slope, expected a non-negative "
                    + "number. Received: negative_slope=" + negativeSlope);
        }
        this.negativeSlope = negativeSlope;
    }

    /** Keras's default slope, 0.3. */
    public static LeakyReLU of() {
        return new LeakyReLU(0.3);
    }

    /** A given slope for negative inputs. */
    public static LeakyReLU of(double negativeSlope) {
        return new LeakyReLU(negativeSlope);
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        return x.relu().sub(x.neg().relu().mul(negativeSlope));
    }

    @Override
    protected boolean compatible(dev.landfall.tensor.Shape builtShape, dev.landfall.tensor.Shape now) {
        return true;
    }

    @Override
    protected boolean supportsMasking() {
        return true;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("negative_slope", negativeSlope);
        return c;
    }

    /** Rebuilds from {@link #getConfig()} (Keras 2's {@code alpha} is read too). */
    public static LeakyReLU fromConfig(Map<String, Object> c) {
        double slope = ConfigValues.doubleValue(c, "negative_slope", ConfigValues.doubleValue(c, "alpha", 0.3));
        return withBaseConfig(of(slope), c);
    }
}
