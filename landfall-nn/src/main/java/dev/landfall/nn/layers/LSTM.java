package dev.landfall.nn.layers;

import dev.landfall.nn.ActivationFunction;
import dev.landfall.nn.Activations;
import dev.landfall.nn.Initializer;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Long short-term memory (Hochreiter and Schmidhuber 1997), Keras's {@code LSTM}: gates i, f, c, o in that
 * order along the kernels' columns (PyTorch's i, f, g, o), one bias, the forget gate's bias started at 1
 * ({@code unit_forget_bias}).
 *
 * <pre>{@code LSTM.of(64).returnSequences(true)}</pre>
 */
public final class LSTM extends Recurrent {
    private ActivationFunction recurrentActivation = Activations.SIGMOID;
    private boolean unitForgetBias = true;

    private LSTM(int units) {
        super(units);
    }

    /** An LSTM with {@code units} units, tanh and sigmoid as in Keras. */
    public static LSTM of(int units) {
        return new LSTM(units);
    }

    /** The gates' activation (sigmoid). */
    public LSTM recurrentActivation(ActivationFunction a) {
        recurrentActivation = a;
        return this;
    }

    /** Whether the forget gate's bias starts at 1 (Keras's default, true). */
    public LSTM unitForgetBias(boolean u) {
        unitForgetBias = u;
        return this;
    }

    @Override
    protected int gates() {
        return 4;
    }

    @Override
    protected int extraStates() {
        return 1;
    }

    @Override
    protected Initializer biasInit() {
        if (!unitForgetBias) {
            return biasInitializer;
        }
        Initializer base = biasInitializer;
        return new Initializer() {
            @Override
            public String name() {
                return base.name();
            }

            @Override
            public Tensor create(Shape shape, DType dtype, Rng rng) {
                Tensor b = base.create(shape, dtype, rng);
                b.slice(0, units, 2 * units).copyFrom(Tensor.full(Shape.of(units), 1.0, dtype));
                return b;
            }
        };
    }

    @Override
    protected List<Tensor> step(Tensor xt, Tensor h, List<Tensor> state, CallContext ctx) {
        Tensor z = xt.add(recurrent(h, ctx));
        Tensor i = recurrentActivation.apply(gate(z, 0));
        Tensor f = recurrentActivation.apply(gate(z, 1));
        Tensor g = activation.apply(gate(z, 2));
        Tensor o = recurrentActivation.apply(gate(z, 3));
        Tensor c = f.mul(state.get(1)).add(i.mul(g));
        List<Tensor> next = new ArrayList<>(2);
        next.add(o.mul(activation.apply(c)));
        next.add(c);
        return next;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("recurrent_activation", recurrentActivation.name());
        c.put("unit_forget_bias", unitForgetBias);
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static LSTM fromConfig(Map<String, Object> c) {
        LSTM l = withRecurrentConfig(of(ConfigValues.intValue(c, "units", 0)), c);
        l.recurrentActivation = Activations.get(ConfigValues.stringValue(c, "recurrent_activation", "sigmoid"));
        l.unitForgetBias = ConfigValues.boolValue(c, "unit_forget_bias", true);
        return l;
    }
}
