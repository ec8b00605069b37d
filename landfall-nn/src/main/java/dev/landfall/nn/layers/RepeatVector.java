package dev.landfall.nn.layers;

import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/** Keras's {@code RepeatVector}: {@code [batch, features]} to {@code [batch, n, features]} (an encoder's state fed to every decoder step). */
public final class RepeatVector extends Layer {
    private final int n;

    private RepeatVector(int n) {
        ConfigValues.requirePositive("n", n);
        this.n = n;
    }

    /** Repeats the input {@code n} times along a new axis 1. */
    public static RepeatVector of(int n) {
        return new RepeatVector(n);
    }

    @Override
    protected void build(Shape in) {
        if (in.rank() != 1) {
            throw new IllegalArgumentException("RepeatVector expects inputs [batch, features]; received "
                    + SymbolicTensor.display(in));
        }
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        return x.unsqueeze(1).expand(x.dim(0), n, x.dim(1)).contiguous();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("n", n);
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static RepeatVector fromConfig(Map<String, Object> c) {
        return withBaseConfig(of(ConfigValues.intValue(c, "n", 0)), c);
    }
}
