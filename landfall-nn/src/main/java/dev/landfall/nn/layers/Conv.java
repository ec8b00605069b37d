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
 * The shared part of {@link Conv1D} and {@link Conv2D}: filters, window, strides, padding,
 * dilation, activation, bias, initializers and regularizers, Keras names and defaults.
 */
public abstract class Conv extends Layer {
    protected final int rank;
    protected final int filters;
    protected final int[] kernelSize;
    protected int[] strides;
    protected String padding = "valid";
    protected int[] dilation;
    protected ActivationFunction activation = Activations.LINEAR;
    protected boolean useBias = true;
    protected boolean channelsFirst;
    protected Initializer kernelInitializer = Initializers.GLOROT_UNIFORM;
    protected Initializer biasInitializer = Initializers.ZEROS;
    protected Regularizer kernelRegularizer;
    protected Regularizer biasRegularizer;
    protected Weight kernel;
    protected Weight bias;

    protected Conv(int rank, int filters, int[] kernelSizeIn) {
        ConfigValues.requirePositive("filters", filters);
        // one size means the same along every axis, as Keras's kernel_size=3
        int[] kernelSize = kernelSizeIn.length == 1 ? repeat(kernelSizeIn[0], rank) : kernelSizeIn;
        if (kernelSize.length != rank) {
            throw new IllegalArgumentException("Received an invalid value for kernel_size, expected " + rank
                    + " positive integer(s). Received: kernel_size=" + java.util.Arrays.toString(kernelSize));
        }
        for (int k : kernelSize) {
            ConfigValues.requirePositive("kernel_size", k);
        }
        this.rank = rank;
        this.filters = filters;
        this.kernelSize = kernelSize.clone();
        this.strides = ones(rank);
        this.dilation = ones(rank);
    }

    static int[] ones(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, 1);
        return a;
    }

    static int[] repeat(int v, int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** Sets the strides (one per spatial axis, or one value for all). */
    public Conv strides(int... s) {
        strides = spatial("strides", s);
        return this;
    }

    /** "valid" or "same" (Conv1D also "causal"). */
    public Conv padding(String p) {
        String lower = p.toLowerCase(java.util.Locale.ROOT);
        if (!lower.equals("valid") && !lower.equals("same") && !(rank == 1 && lower.equals("causal"))) {
            throw new IllegalArgumentException("Received an invalid value for padding, expected \"valid\" or \"same\""
                    + (rank == 1 ? " or \"causal\"" : "") + ". Received: padding=" + p);
        }
        padding = lower;
        return this;
    }

    /** Sets the dilation rate. */
    public Conv dilationRate(int... d) {
        dilation = spatial("dilation_rate", d);
        return this;
    }

    /** Sets the activation. */
    public Conv activation(ActivationFunction a) {
        activation = a;
        return this;
    }

    /** Drops the bias. */
    public Conv withoutBias() {
        useBias = false;
        return this;
    }

    /** Reads and writes channels-first tensors ({@code [n, c, …]}) instead of Keras's default channels-last. */
    public Conv channelsFirst() {
        channelsFirst = true;
        return this;
    }

    /** Sets the kernel initializer. */
    public Conv kernelInitializer(Initializer init) {
        kernelInitializer = init;
        return this;
    }

    /** Adds a penalty on the kernel to the loss. */
    public Conv kernelRegularizer(Regularizer r) {
        kernelRegularizer = r;
        return this;
    }

    private int[] spatial(String what, int[] v) {
        int[] out = v.length == 1 ? repeat(v[0], rank) : v.clone();
        if (out.length != rank) {
            throw new IllegalArgumentException("Received an invalid value for " + what + ", expected " + rank
                    + " positive integer(s). Received: " + what + "=" + java.util.Arrays.toString(v));
        }
        for (int x : out) {
            ConfigValues.requirePositive(what, x);
        }
        return out;
    }

    @Override
    protected void build(Shape in) {
        if (in.rank() != rank + 1) {
            throw new IllegalArgumentException(className() + " expects inputs of rank " + (rank + 2) + " (batch, "
                    + (rank == 1 ? "length" : "height, width") + ", channels); received " + SymbolicTensor.display(in));
        }
        int channels = channelsFirst ? in.dim(0) : in.dim(-1);
        kernel = addWeight("kernel", kernelShape(channels), kernelInitializer, true, kernelRegularizer);
        if (useBias) {
            bias = addWeight("bias", Shape.of(filters), biasInitializer, true, biasRegularizer);
        }
    }

    @Override
    protected boolean compatible(Shape builtShape, Shape now) {
        return builtShape.rank() == now.rank()
                && (channelsFirst ? builtShape.dim(0) == now.dim(0) : builtShape.dim(-1) == now.dim(-1));
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        Tensor in = channelsFirst ? toChannelsLast(x) : x;
        Tensor cols = patches(in);
        int patch = cols.dim(-1);
        int[] outDims = cols.shape().toArray();
        outDims[outDims.length - 1] = filters;
        Tensor y = cols.reshape(-1, patch).matmul(kernelMatrix(patch)).reshape(outDims);
        if (useBias) {
            y = y.add(bias.value());
        }
        if (ctx.tape() != null && kernelMatrixIsAReshape()) {
            ctx.tape().linear(kernel, cols, y);
            ctx.tape().bias(bias, y);
        }
        y = activation.apply(y);
        return channelsFirst ? toChannelsFirst(y) : y;
    }

    /** The kernel's shape: Keras's {@code (window…, in_channels, filters)}. */
    protected Shape kernelShape(int channels) {
        int[] k = new int[rank + 2];
        System.arraycopy(kernelSize, 0, k, 0, rank);
        k[rank] = channels;
        k[rank + 1] = filters;
        return Shape.of(k);
    }

    /** The kernel as the {@code [patch, filters]} matrix the patches multiply. */
    protected Tensor kernelMatrix(int patch) {
        return kernel.value().reshape(patch, filters);
    }

    /**
     * Whether {@link #kernelMatrix} is the kernel merely reshaped, so that per-example gradients of the matrix
     * are the kernel's (DP-SGD's tape); a transposed convolution flips and transposes it.
     */
    protected boolean kernelMatrixIsAReshape() {
        return true;
    }

    /**
     * The windows the kernel sees in a channels-last input, {@code [n, …output positions, patch]} with the
     * patch in the order of the kernel's leading axes: the convolution is their product with the kernel.
     */
    protected abstract Tensor patches(Tensor channelsLast);

    static Tensor toChannelsLast(Tensor x) {
        int[] perm = new int[x.rank()];
        perm[0] = 0;
        for (int i = 1; i < x.rank() - 1; i++) {
            perm[i] = i + 1;
        }
        perm[x.rank() - 1] = 1;
        return x.permute(perm);
    }

    static Tensor toChannelsFirst(Tensor x) {
        int[] perm = new int[x.rank()];
        perm[0] = 0;
        perm[1] = x.rank() - 1;
        for (int i = 2; i < x.rank(); i++) {
            perm[i] = i - 1;
        }
        return x.permute(perm);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("filters", filters);
        c.put("kernel_size", ConfigValues.list(kernelSize));
        c.put("strides", ConfigValues.list(strides));
        c.put("padding", padding);
        c.put("data_format", channelsFirst ? "channels_first" : "channels_last");
        c.put("dilation_rate", ConfigValues.list(dilation));
        c.put("activation", activation.name());
        c.put("use_bias", useBias);
        c.put("kernel_initializer", kernelInitializer.name());
        c.put("bias_initializer", biasInitializer.name());
        c.put("kernel_regularizer", kernelRegularizer == null ? null : kernelRegularizer.getConfig());
        c.put("bias_regularizer", biasRegularizer == null ? null : biasRegularizer.getConfig());
        return c;
    }

    /** Applies the shared keys of a config. */
    protected static <C extends Conv> C withConvConfig(C conv, Map<String, Object> c) {
        conv.strides(ConfigValues.intArray(c, "strides", ones(conv.rank)));
        conv.padding(ConfigValues.stringValue(c, "padding", "valid"));
        conv.dilationRate(ConfigValues.intArray(c, "dilation_rate", ones(conv.rank)));
        conv.activation = Activations.get(ConfigValues.stringValue(c, "activation", "linear"));
        conv.useBias = ConfigValues.boolValue(c, "use_bias", true);
        conv.channelsFirst = "channels_first".equals(c.get("data_format"));
        conv.kernelInitializer = Initializers.get(ConfigValues.stringValue(c, "kernel_initializer", "glorot_uniform"));
        conv.biasInitializer = Initializers.get(ConfigValues.stringValue(c, "bias_initializer", "zeros"));
        conv.kernelRegularizer = Regularizers.fromConfig(ConfigValues.map(c, "kernel_regularizer"));
        conv.biasRegularizer = Regularizers.fromConfig(ConfigValues.map(c, "bias_regularizer"));
        return withBaseConfig(conv, c);
    }
}
