package dev.landfall.nn.layers;

import dev.landfall.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code SimpleRNN} (Elman): {@code h_t = activation(x_t · kernel + h_{t−1} · recurrent_kernel + bias)}.
 *
 * <pre>{@code SimpleRNN.of(32)}</pre>
 */
public final class SimpleRNN extends Recurrent {
    private SimpleRNN(int units) {
        super(units);
    }

    /** A tanh RNN with {@code units} units. */
    public static SimpleRNN of(int units) {
        return new SimpleRNN(units);
    }

    @Override
    protected int gates() {
        return 1;
    }

    @Override
    protected List<Tensor> step(Tensor xt, Tensor h, List<Tensor> state, CallContext ctx) {
        List<Tensor> next = new ArrayList<>(1);
        next.add(activation.apply(xt.add(recurrent(h, ctx))));
        return next;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static SimpleRNN fromConfig(Map<String, Object> c) {
        return withRecurrentConfig(of(ConfigValues.intValue(c, "units", 0)), c);
    }
}
