package dev.landfall.nn.layers;

import dev.landfall.nn.ActivationFunction;
import dev.landfall.nn.Activations;
import dev.landfall.nn.Initializer;
import dev.landfall.nn.Initializers;
import dev.landfall.nn.Weight;
import dev.landfall.tensor.Functional;
import dev.landfall.tensor.Padding;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * Keras's {@code DepthwiseConv2D}: each input channel convolved with its own {@code depth_multiplier}
 * filters, kernel {@code (kh, kw, channels, depth_multiplier)}, output channel {@code c·depth_multiplier + m}
 * as Keras. Computed on the patches of {@link Functional#patches2d} as one batched matrix product per channel.
 */
public class DepthwiseConv2D extends Layer {
    protected final int[] kernelSize;
    protected int[] strides = {1, 1};
    protected String padding = "valid";
    protected int depthMultiplier = 1;
    protected ActivationFunction activation = Activations.LINEAR;
    protected boolean useBias = true;
    private Initializer depthwiseInitializer = Initializers.GLOROT_UNIFORM;
    protected Weight kernel;
    private Weight bias;

    DepthwiseConv2D(int[] kernelSize) {
        for (int k : kernelSize) {
            ConfigValues.requirePositive("kernel_size", k);
        }
        this.kernelSize = kernelSize.clone();
    }

    /** A square window. */
    public static DepthwiseConv2D of(int kernelSize) {
        return new DepthwiseConv2D(new int[] {kernelSize, kernelSize});
    }

    /** Filters per input channel (1). */
    public DepthwiseConv2D depthMultiplier(int m) {
        ConfigValues.requirePositive("depth_multiplier", m);
        depthMultiplier = m;
        return this;
    }

    /** Strides along height and width. */
    public DepthwiseConv2D strides(int sh, int sw) {
        ConfigValues.requirePositive("strides", sh);
        ConfigValues.requirePositive("strides", sw);
        strides = new int[] {sh, sw};
        return this;
    }

    /** "valid" or "same". */
    public DepthwiseConv2D padding(String p) {
        Padding.of(p);
        padding = p.toLowerCase(java.util.Locale.ROOT);
        return this;
    }

    /** Sets the activation. */
    public DepthwiseConv2D activation(ActivationFunction a) {
        activation = a;
        return this;
    }

    @Override
    protected void build(Shape in) {
        if (in.rank() != 3) {
            throw new IllegalArgumentException("Layer '" + displayName() + "' (" + className() + ") expects inputs "
                    + "[batch, height, width, channels]; received " + SymbolicTensor.display(in));
        }
        int channels = in.dim(-1);
        kernel = addWeight(depthwiseWeightName(), Shape.of(kernelSize[0], kernelSize[1], channels, depthMultiplier),
                depthwiseInitializer, true, null);
        buildAfterDepthwise(channels * depthMultiplier);
    }

    /** The depthwise kernel's name ({@code kernel}; {@code depthwise_kernel} in SeparableConv2D, as Keras). */
    protected String depthwiseWeightName() {
        return "kernel";
    }

    /** The weights after the depthwise kernel, given its output channels: here the bias. */
    protected void buildAfterDepthwise(int depthwiseChannels) {
        if (useBias) {
            bias = addWeight("bias", Shape.of(depthwiseChannels), Initializers.ZEROS, true, null);
        }
    }

    @Override
    protected boolean compatible(Shape builtShape, Shape now) {
        return now.rank() == 3 && builtShape.dim(-1) == now.dim(-1);
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        Tensor y = depthwise(x, kernel.value(), strides, padding);
        if (useBias) {
            y = y.add(bias.value());
        }
        return activation.apply(y);
    }

    /** Each channel of {@code x} convolved with its own filters: kernel {@code (kh, kw, c, m)}, output {@code c·m} channels. */
    static Tensor depthwise(Tensor x, Tensor kernel, int[] strides, String padding) {
        int kh = kernel.dim(0);
        int kw = kernel.dim(1);
        int c = kernel.dim(2);
        int m = kernel.dim(3);
        Tensor cols = Functional.patches2d(x, kh, kw, strides, Padding.of(padding), new int[] {1, 1});
        int n = cols.dim(0);
        int oh = cols.dim(1);
        int ow = cols.dim(2);
        // [c, positions, kh·kw] × [c, kh·kw, m] → [c, positions, m]: one small matrix product per channel
        Tensor perChannel = cols.reshape(n * oh * ow, kh * kw, c).permute(2, 0, 1).contiguous();
        Tensor k = kernel.reshape(kh * kw, c, m).permute(1, 0, 2).contiguous();
        return perChannel.matmul(k).permute(1, 0, 2).contiguous().reshape(n, oh, ow, c * m);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("kernel_size", ConfigValues.list(kernelSize));
        c.put("strides", ConfigValues.list(strides));
        c.put("padding", padding);
        c.put("depth_multiplier", depthMultiplier);
        c.put("activation", activation.name());
        c.put("use_bias", useBias);
        c.put("depthwise_initializer", depthwiseInitializer.name());
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static DepthwiseConv2D fromConfig(Map<String, Object> c) {
        int[] k = ConfigValues.intArray(c, "kernel_size", new int[0]);
        DepthwiseConv2D d = withDepthwiseConfig(new DepthwiseConv2D(k.length == 1 ? new int[] {k[0], k[0]} : k), c);
        d.depthwiseInitializer = Initializers.get(ConfigValues.stringValue(c, "depthwise_initializer", "glorot_uniform"));
        return d;
    }

    /** Applies the keys both depthwise layers share. */
    protected static <D extends DepthwiseConv2D> D withDepthwiseConfig(D d, Map<String, Object> c) {
        d.depthMultiplier(ConfigValues.intValue(c, "depth_multiplier", 1)).padding(ConfigValues.stringValue(c, "padding",
                "valid"));
        int[] s = ConfigValues.intArray(c, "strides", new int[] {1, 1});
        d.strides(s[0], s.length > 1 ? s[1] : s[0]);
        d.activation = Activations.get(ConfigValues.stringValue(c, "activation", "linear"));
        d.useBias = ConfigValues.boolValue(c, "use_bias", true);
        return withBaseConfig(d, c);
    }
}
