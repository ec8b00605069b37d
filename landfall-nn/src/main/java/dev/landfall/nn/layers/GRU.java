package dev.landfall.nn.layers;

import dev.landfall.nn.ActivationFunction;
import dev.landfall.nn.Activations;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gated recurrent unit (Cho et al. 2014), Keras's {@code GRU}: gates z (update), r (reset) and h in that
 * order along the kernels' columns. With {@code reset_after} (Keras's default, and PyTorch's GRU) the
 * reset gate multiplies the recurrent projection after it is computed, and the bias is {@code [2, 3·units]}:
 * the input bias and the recurrent bias; without it, r multiplies the state before its projection.
 *
 * <pre>{@code GRU.of(64)}</pre>
 */
public final class GRU extends Recurrent {
    private ActivationFunction recurrentActivation = Activations.SIGMOID;
    private boolean resetAfter = true;

    private GRU(int units) {
        super(units);
    }

    /** A GRU with {@code units} units (reset_after, tanh and sigmoid, as in Keras). */
    public static GRU of(int units) {
        return new GRU(units);
    }

    /** The gates' activation (sigmoid). */
    public GRU recurrentActivation(ActivationFunction a) {
        recurrentActivation = a;
        return this;
    }

    /** Keras's reset_after (true): r applies after the recurrent projection, PyTorch's form. */
    public GRU resetAfter(boolean r) {
        resetAfter = r;
        return this;
    }

    @Override
    protected int gates() {
        return 3;
    }

    @Override
    protected Shape biasShape() {
        return resetAfter ? Shape.of(2, 3 * units) : Shape.of(3 * units);
    }

    @Override
    protected Tensor inputBias() {
        return resetAfter ? bias.value().select(0, 0) : bias.value();
    }

    @Override
    protected List<Tensor> step(Tensor xt, Tensor h, List<Tensor> state, CallContext ctx) {
        Tensor hPrev = state.get(0);
        Tensor z;
        Tensor r;
        Tensor candidate;
        if (resetAfter) {
            Tensor hr = recurrent(h, ctx);
            if (useBias) {
                hr = hr.add(bias.value().select(0, 1));
                if (ctx.tape() != null) {
                    ctx.tape().biasRow(bias, 1, hr);
                }
            }
            z = recurrentActivation.apply(gate(xt, 0).add(gate(hr, 0)));
            r = recurrentActivation.apply(gate(xt, 1).add(gate(hr, 1)));
            candidate = activation.apply(gate(xt, 2).add(r.mul(gate(hr, 2))));
        } else {
            Tensor zr = h.matmul(recurrentKernel.value().slice(1, 0, 2 * units));
            z = recurrentActivation.apply(gate(xt, 0).add(gate(zr, 0)));
            r = recurrentActivation.apply(gate(xt, 1).add(gate(zr, 1)));
            candidate = activation.apply(gate(xt, 2).add(r.mul(h).matmul(recurrentKernel.value().slice(1, 2 * units,
                    3 * units))));
        }
        List<Tensor> next = new ArrayList<>(1);
        next.add(z.mul(hPrev).add(z.neg().add(1.0).mul(candidate)));
        return next;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("recurrent_activation", recurrentActivation.name());
        c.put("reset_after", resetAfter);
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static GRU fromConfig(Map<String, Object> c) {
        GRU g = withRecurrentConfig(of(ConfigValues.intValue(c, "units", 0)), c);
        g.recurrentActivation = Activations.get(ConfigValues.stringValue(c, "recurrent_activation", "sigmoid"));
        g.resetAfter = ConfigValues.boolValue(c, "reset_after", true);
        return g;
    }
}
