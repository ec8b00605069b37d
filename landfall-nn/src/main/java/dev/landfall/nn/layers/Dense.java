package dev.landfall.nn.layers;

import dev.landfall.nn.ActivationFunction;
import dev.landfall.nn.Activations;
import dev.landfall.nn.Initializer;
import dev.landfall.nn.Initializers;
import dev.landfall.nn.Regularizer;
import dev.landfall.nn.Regularizers;
import dev.landfall.nn.Weight;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * {@code activation(x · kernel + bias)} on the last axis; kernel {@code (in, units)}, bias
 * {@code (units,)}. Keras's defaults: glorot-uniform kernel, zero bias.
 *
 * <pre>{@code Dense.of(64, Activations.RELU)}</pre>
 */
public final class Dense extends Layer {
    private final int units;
    private final ActivationFunction activation;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.GLOROT_UNIFORM;
    private Initializer biasInitializer = Initializers.ZEROS;
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Weight kernel;
    private Weight bias;

    private Dense(int units, ActivationFunction activation) {
        ConfigValues.requirePositive("units", units);
        this.units = units;
        this.activation = activation == null ? Activations.LINEAR : activation;
    }

    /** A linear dense layer. */
    public static Dense of(int units) {
        return new Dense(units, Activations.LINEAR);
    }

    /** A dense layer with an activation. */
    public static Dense of(int units, ActivationFunction activation) {
        return new Dense(units, activation);
    }

    /** A dense layer with an activation named as in Keras ({@code "relu"}). */
    public static Dense of(int units, String activation) {
        return new Dense(units, Activations.get(activation));
    }

    /** Drops the bias. */
    public Dense withoutBias() {
        useBias = false;
        return this;
    }

    /** Sets the kernel initializer. */
    public Dense kernelInitializer(Initializer init) {
        kernelInitializer = init;
        return this;
    }

    /** Sets the bias initializer. */
    public Dense biasInitializer(Initializer init) {
        biasInitializer = init;
        return this;
    }

    /** Adds a penalty on the kernel to the loss. */
    public Dense kernelRegularizer(Regularizer r) {
        kernelRegularizer = r;
        return this;
    }

    /** Adds a penalty on the bias to the loss. */
    public Dense biasRegularizer(Regularizer r) {
        biasRegularizer = r;
        return this;
    }

    /** Number of output units. */
    public int units() {
        return units;
    }

    /** The activation. */
    public ActivationFunction activation() {
        return activation;
    }

    @Override
    protected void build(Shape in) {
        if (in.rank() < 1) {
            throw new IllegalArgumentException("Dense needs inputs with at least 2 dimensions (batch, features); "
                    + "received " + SymbolicTensor.display(in));
        }
        kernel = addWeight("kernel", Shape.of(in.dim(-1), units), kernelInitializer, true, kernelRegularizer);
        if (useBias) {
            bias = addWeight("bias", Shape.of(units), biasInitializer, true, biasRegularizer);
        }
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        Tensor y = x.matmul(kernel.value());
        if (useBias) {
            y = y.add(bias.value());
        }
        if (ctx.tape() != null) {
            ctx.tape().linear(kernel, x, y);
            ctx.tape().bias(bias, y);
        }
        return activation.apply(y);
    }

    @Override
    protected boolean supportsMasking() {
        return true;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("units", units);
        c.put("activation", activation.name());
        c.put("use_bias", useBias);
        c.put("kernel_initializer", kernelInitializer.name());
        c.put("bias_initializer", biasInitializer.name());
        c.put("kernel_regularizer", kernelRegularizer == null ? null : kernelRegularizer.getConfig());
        c.put("bias_regularizer", biasRegularizer == null ? null : biasRegularizer.getConfig());
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static Dense fromConfig(Map<String, Object> c) {
        Dense d = of(ConfigValues.intValue(c, "units", 0), Activations.get(ConfigValues.stringValue(c, "activation", "linear")));
        d.useBias = ConfigValues.boolValue(c, "use_bias", true);
        d.kernelInitializer = Initializers.get(ConfigValues.stringValue(c, "kernel_initializer", "glorot_uniform"));
        d.biasInitializer = Initializers.get(ConfigValues.stringValue(c, "bias_initializer", "zeros"));
        d.kernelRegularizer = Regularizers.fromConfig(ConfigValues.map(c, "kernel_regularizer"));
        d.biasRegularizer = Regularizers.fromConfig(ConfigValues.map(c, "bias_regularizer"));
        return withBaseConfig(d, c);
    }
}
