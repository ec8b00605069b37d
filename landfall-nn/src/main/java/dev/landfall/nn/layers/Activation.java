package dev.landfall.nn.layers;

import dev.landfall.nn.ActivationFunction;
import dev.landfall.nn.Activations;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/** Applies an activation function as a layer: {@code Activation.of(Activations.RELU)}. */
public final class Activation extends Layer {
    private final ActivationFunction fn;

    private Activation(ActivationFunction fn) {
        if (fn == null) {
            throw new IllegalArgumentException("Activation needs a function; use Activations.LINEAR for the identity");
        }
        this.fn = fn;
    }

    /** The layer for {@code fn}. */
    public static Activation of(ActivationFunction fn) {
        return new Activation(fn);
    }

    /** The layer for a Keras activation name. */
    public static Activation of(String name) {
        return new Activation(Activations.get(name));
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        return fn.apply(x);
    }

    @Override
    protected boolean supportsMasking() {
        return true;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("activation", fn.name());
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static Activation fromConfig(Map<String, Object> c) {
        return withBaseConfig(of(ConfigValues.stringValue(c, "activation", "linear")), c);
    }
}
