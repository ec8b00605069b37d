package dev.landfall.nn.layers;

import dev.landfall.tensor.Functional;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * In training, zeroes each element with probability {@code rate} and scales the rest by
 * {@code 1/(1-rate)}; the identity in inference. The mask comes from the step's random stream and
 * the layer's name, so runs with the same seed drop the same elements.
 */
public final class Dropout extends Layer {
    private final double rate;

    private Dropout(double rate) {
        ConfigValues.requireRate(rate);
        this.rate = rate;
    }

    /** Dropout with this rate in [0, 1). */
    public static Dropout of(double rate) {
        return new Dropout(rate);
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        if (!ctx.training() || rate == 0) {
            return x;
        }
        return Functional.dropout(x, rate, ctx.rng().derive(name()));
    }

    @Override
    protected boolean supportsMasking() {
        return true;
    }

    @Override
    protected boolean compatible(dev.landfall.tensor.Shape builtShape, dev.landfall.tensor.Shape now) {
        return true;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rate", rate);
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static Dropout fromConfig(Map<String, Object> c) {
        return withBaseConfig(of(ConfigValues.doubleValue(c, "rate", 0)), c);
    }
}
