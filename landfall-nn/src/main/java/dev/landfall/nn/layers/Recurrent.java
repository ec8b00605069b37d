package dev.landfall.nn.layers;

import dev.landfall.nn.ActivationFunction;
import dev.landfall.nn.Activations;
import dev.landfall.nn.Initializer;
import dev.landfall.nn.Initializers;
import dev.landfall.nn.Weight;
import dev.landfall.tensor.Functional;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shared part of {@link SimpleRNN}, {@link LSTM} and {@link GRU}, with Keras's names, configs and
 * defaults. Input {@code [batch, steps, features]}; the output is the last state {@code [batch, units]},
 * or every step's with {@code returnSequences} ({@code [batch, steps, units]}).
 *
 * <p>The input projections of all steps are one matrix product ({@code x · kernel}, with the input
 * bias) before the loop; each step then adds {@code h · recurrent_kernel} and applies the cell's gates
 * on slices of that one {@code [batch, gates·units]} tensor. A masked step (Keras's mask from
 * {@code Embedding(mask_zero)} or masked inputs) keeps the previous state, and its output repeats the
 * previous output. {@code goBackwards} reads the steps last to first and returns the sequence in that
 * order, as Keras. {@code dropout} drops input features and {@code recurrentDropout} state units, with
 * one mask per sequence (the same for every step). {@code return_state} and {@code stateful} are not
 * supported: a layer here has one output.
 */
public abstract class Recurrent extends Layer {
    protected final int units;
    protected ActivationFunction activation = Activations.TANH;
    protected boolean useBias = true;
    protected boolean returnSequences;
    protected boolean goBackwards;
    protected double dropout;
    protected double recurrentDropout;
    protected Initializer kernelInitializer = Initializers.GLOROT_UNIFORM;
    protected Initializer recurrentInitializer = Initializers.ORTHOGONAL;
    protected Initializer biasInitializer = Initializers.ZEROS;
    /** Masked steps output zeros instead of repeating the last output (Keras sets it inside Bidirectional). */
    boolean zeroOutputForMask;
    protected Weight kernel;
    protected Weight recurrentKernel;
    protected Weight bias;

    protected Recurrent(int units) {
        ConfigValues.requirePositive("units", units);
        this.units = units;
    }

    /** The gates' count: the kernel is {@code [features, gates·units]}. */
    protected abstract int gates();

    /** The state tensors after the first (h); LSTM has c. */
    protected int extraStates() {
        return 0;
    }

    /**
     * One step: {@code xt} is this step's input projection {@code [batch, gates·units]} (input bias
     * included), {@code h} the previous output (after recurrent dropout), {@code state} the full previous
     * state (h first). Returns the new state, h first.
     */
    protected abstract List<Tensor> step(Tensor xt, Tensor h, List<Tensor> state, CallContext ctx);

    /** The bias's shape (GRU with reset_after keeps the input and recurrent biases apart). */
    protected Shape biasShape() {
        return Shape.of(gates() * units);
    }

    /** The part of the bias added to the input projections (all of it unless a cell splits it). */
    protected Tensor inputBias() {
        return bias.value();
    }

    /** The bias initializer (LSTM's unit_forget_bias sets the forget gate's to 1). */
    protected Initializer biasInit() {
        return biasInitializer;
    }

    // ---------------------------------------------------------------- config

    /** Every step's output instead of the last ({@code [batch, steps, units]}). */
    public Recurrent returnSequences(boolean r) {
        returnSequences = r;
        return this;
    }

    /** Reads the steps last to first. */
    public Recurrent goBackwards(boolean g) {
        goBackwards = g;
        return this;
    }

    /** Drops input features with this rate in training (one mask per sequence). */
    public Recurrent dropout(double rate) {
        dropout = rate(rate, "dropout");
        return this;
    }

    /** Drops state units fed back with this rate in training (one mask per sequence). */
    public Recurrent recurrentDropout(double rate) {
        recurrentDropout = rate(rate, "recurrent_dropout");
        return this;
    }

    /** Drops the biases. */
    public Recurrent withoutBias() {
        useBias = false;
        return this;
    }

    /** Sets the output activation (tanh by default). */
    public Recurrent activation(ActivationFunction a) {
        activation = a;
        return this;
    }

    /** Sets the kernel initializer. */
    public Recurrent kernelInitializer(Initializer init) {
        kernelInitializer = init;
        return this;
    }

    /** Sets the recurrent kernel initializer. */
    public Recurrent recurrentInitializer(Initializer init) {
        recurrentInitializer = init;
        return this;
    }

    private static double rate(double r, String key) {
        if (!(r >= 0 && r < 1)) {
            throw new IllegalArgumentException("Received an invalid value for " + key + ", expected a float in [0, 1). "
                    + "Received: " + key + "=" + r);
        }
        return r;
    }

    /** Number of units (the state's size). */
    public int units() {
        return units;
    }

    /** Whether every step's output is returned. */
    public boolean returnsSequences() {
        return returnSequences;
    }

    // ---------------------------------------------------------------- math

    @Override
    protected void build(Shape in) {
        if (in.rank() != 2) {
            throw new IllegalArgumentException("Layer '" + displayName() + "' (" + className() + ") expects inputs "
                    + "[batch, steps, features]; received " + SymbolicTensor.display(in));
        }
        kernel = addWeight("kernel", Shape.of(in.dim(-1), gates() * units), kernelInitializer, true, null);
        recurrentKernel = addWeight("recurrent_kernel", Shape.of(units, gates() * units),
                recurrentInitializer, true, null);
        if (useBias) {
            bias = addWeight("bias", biasShape(), biasInit(), true, null);
        }
    }

    @Override
    protected boolean compatible(Shape builtShape, Shape now) {
        return now.rank() == 2 && builtShape.dim(-1) == now.dim(-1);
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        int batch = x.dim(0);
        int steps = x.dim(1);
        PerExampleTape tape = ctx.tape();
        Tensor in = x;
        if (ctx.training() && dropout > 0) {
            in = x.mul(Functional.dropoutMask(Shape.of(batch, 1, x.dim(2)), dropout, x.dtype(),
                    ctx.rng().derive(name()).derive("dropout")));
        }
        Tensor projected = in.matmul(kernel.value());
        if (useBias) {
            projected = projected.add(inputBias());
        }
        if (tape != null) {
            tape.linear(kernel, in, projected);
            if (useBias && bias.shape().rank() == 1) {
                tape.bias(bias, projected);
            } else if (useBias) {
                tape.biasRow(bias, 0, projected);
            }
        }
        Tensor hMask = ctx.training() && recurrentDropout > 0 ? Functional.dropoutMask(Shape.of(batch, units),
                recurrentDropout, x.dtype(), ctx.rng().derive(name()).derive("recurrent_dropout")) : null;
        List<Tensor> state = new ArrayList<>();
        for (int s = 0; s <= extraStates(); s++) {
            state.add(Tensor.zeros(Shape.of(batch, units), x.dtype()));
        }
        Tensor mask = ctx.mask(0);
        Tensor[] outputs = returnSequences ? new Tensor[steps] : null;
        for (int s = 0; s < steps; s++) {
            int t = goBackwards ? steps - 1 - s : s;
            Tensor h = hMask == null ? state.get(0) : state.get(0).mul(hMask);
            List<Tensor> next = step(projected.select(1, t), h, state, ctx);
            Tensor keep = mask == null ? null : mask.select(1, t).unsqueeze(-1);
            if (keep != null) {
                for (int k = 0; k < next.size(); k++) {
                    next.set(k, Tensor.where(keep, next.get(k), state.get(k)));
                }
            }
            state = next;
            if (outputs != null) {
                outputs[s] = keep != null && zeroOutputForMask ? Tensor.where(keep, state.get(0), 0.0) : state.get(0);
            }
        }
        return returnSequences ? Tensor.stack(1, outputs) : state.get(0);
    }

    /** {@code h · recurrent_kernel} (columns {@code from} to {@code to} of it), recorded for per-example gradients. */
    protected Tensor recurrent(Tensor h, CallContext ctx) {
        Tensor z = h.matmul(recurrentKernel.value());
        if (ctx.tape() != null) {
            ctx.tape().linear(recurrentKernel, h, z);
        }
        return z;
    }

    /** Columns {@code [k·units, (k+1)·units)} of a {@code [batch, gates·units]} tensor: gate k. */
    protected Tensor gate(Tensor z, int k) {
        return z.slice(-1, k * units, (k + 1) * units);
    }

    @Override
    protected boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return returnSequences && masks != null && !masks.isEmpty() ? masks.get(0) : null;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("units", units);
        c.put("activation", activation.name());
        c.put("use_bias", useBias);
        c.put("return_sequences", returnSequences);
        c.put("return_state", false);
        c.put("go_backwards", goBackwards);
        c.put("stateful", false);
        c.put("dropout", dropout);
        c.put("recurrent_dropout", recurrentDropout);
        c.put("kernel_initializer", kernelInitializer.name());
        c.put("recurrent_initializer", recurrentInitializer.name());
        c.put("bias_initializer", biasInitializer.name());
        return c;
    }

    /** Applies the shared keys of a config, refusing what this layer cannot do. */
    protected static <R extends Recurrent> R withRecurrentConfig(R r, Map<String, Object> c) {
        if (ConfigValues.boolValue(c, "return_state", false)) {
            throw new IllegalArgumentException(r.className() + ": return_state is not supported (a layer has one "
                    + "output here); use return_sequences and take the last step");
        }
        if (ConfigValues.boolValue(c, "stateful", false)) {
            throw new IllegalArgumentException(r.className() + ": stateful is not supported");
        }
        r.activation = Activations.get(ConfigValues.stringValue(c, "activation", "tanh"));
        r.useBias = ConfigValues.boolValue(c, "use_bias", true);
        r.returnSequences = ConfigValues.boolValue(c, "return_sequences", false);
        r.goBackwards = ConfigValues.boolValue(c, "go_backwards", false);
        r.dropout(ConfigValues.doubleValue(c, "dropout", 0));
        r.recurrentDropout(ConfigValues.doubleValue(c, "recurrent_dropout", 0));
        r.kernelInitializer = Initializers.get(ConfigValues.stringValue(c, "kernel_initializer", "glorot_uniform"));
        r.recurrentInitializer = Initializers.get(ConfigValues.stringValue(c, "recurrent_initializer", "orthogonal"));
        r.biasInitializer = Initializers.get(ConfigValues.stringValue(c, "bias_initializer", "zeros"));
        return withBaseConfig(r, c);
    }
}
