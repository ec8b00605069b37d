package dev.landfall.nn.layers;

import dev.landfall.nn.ActivationFunction;
import dev.landfall.nn.Activations;
import dev.landfall.nn.Initializers;
import dev.landfall.nn.Weight;
import dev.landfall.tensor.Padding;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * Keras's {@code SeparableConv2D}: a depthwise convolution ({@link DepthwiseConv2D}'s, kernel
 * {@code (kh, kw, channels, depth_multiplier)}) then a pointwise one (kernel {@code (1, 1, channels·m,
 * filters)}), bias and activation after: far fewer weights than a full convolution of the same window.
 */
public final class SeparableConv2D extends Layer {
    private final int filters;
    private final int[] kernelSize;
    private int[] strides = {1, 1};
    private String padding = "valid";
    private int depthMultiplier = 1;
    private ActivationFunction activation = Activations.LINEAR;
    private boolean useBias = true;
    private Weight depthwise;
    private Weight pointwise;
    private Weight bias;

    private SeparableConv2D(int filters, int[] kernelSize) {
        ConfigValues.requirePositive("filters", filters);
        for (int k : kernelSize) {
            ConfigValues.requirePositive("kernel_size", k);
        }
        this.filters = filters;
        this.kernelSize = kernelSize.clone();
    }

    /** {@code filters} outputs from a square window. */
    public static SeparableConv2D of(int filters, int kernelSize) {
        return new SeparableConv2D(filters, new int[] {kernelSize, kernelSize});
    }

    /** Filters per input channel in the depthwise step (1). */
    public SeparableConv2D depthMultiplier(int m) {
        ConfigValues.requirePositive("depth_multiplier", m);
        depthMultiplier = m;
        return this;
    }

    /** Strides along height and width. */
    public SeparableConv2D strides(int sh, int sw) {
        ConfigValues.requirePositive("strides", sh);
        ConfigValues.requirePositive("strides", sw);
        strides = new int[] {sh, sw};
        return this;
    }

    /** "valid" or "same". */
    public SeparableConv2D padding(String p) {
        Padding.of(p);
        padding = p.toLowerCase(java.util.Locale.ROOT);
        return this;
    }

    /** Sets the activation. */
    public SeparableConv2D activation(ActivationFunction a) {
        activation = a;
        return this;
    }

    @Override
    protected void build(Shape in) {
        if (in.rank() != 3) {
            throw new IllegalArgumentException("Layer '" + displayName() + "' (SeparableConv2D) expects inputs [batch, "
                    + "height, width, channels]; received " + SymbolicTensor.display(in));
        }
        int channels = in.dim(-1);
        depthwise = addWeight("depthwise_kernel", Shape.of(kernelSize[0], kernelSize[1], channels, depthMultiplier),
                Initializers.GLOROT_UNIFORM, true, null);
        pointwise = addWeight("pointwise_kernel", Shape.of(1, 1, channels * depthMultiplier, filters),
                Initializers.GLOROT_UNIFORM, true, null);
        if (useBias) {
            bias = addWeight("bias", Shape.of(filters), Initializers.ZEROS, true, null);
        }
    }

    @Override
    protected boolean compatible(Shape builtShape, Shape now) {
        return now.rank() == 3 && builtShape.dim(-1) == now.dim(-1);
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        Tensor d = DepthwiseConv2D.depthwise(x, depthwise.value(), strides, padding);
        Tensor y = d.matmul(pointwise.value().reshape(d.dim(-1), filters));
        if (useBias) {
            y = y.add(bias.value());
        }
        return activation.apply(y);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("filters", filters);
        c.put("kernel_size", ConfigValues.list(kernelSize));
        c.put("strides", ConfigValues.list(strides));
        c.put("padding", padding);
        c.put("depth_multiplier", depthMultiplier);
        c.put("activation", activation.name());
        c.put("use_bias", useBias);
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static SeparableConv2D fromConfig(Map<String, Object> c) {
        int[] k = ConfigValues.intArray(c, "kernel_size", new int[0]);
        SeparableConv2D s = new SeparableConv2D(ConfigValues.intValue(c, "filters", 0), k.length == 1
                ? new int[] {k[0], k[0]} : k)
                .depthMultiplier(ConfigValues.intValue(c, "depth_multiplier", 1))
                .padding(ConfigValues.stringValue(c, "padding", "valid"));
        int[] st = ConfigValues.intArray(c, "strides", new int[] {1, 1});
        s.strides(st[0], st.length > 1 ? st[1] : st[0]);
        s.activation = Activations.get(ConfigValues.stringValue(c, "activation", "linear"));
        s.useBias = ConfigValues.boolValue(c, "use_bias", true);
        return withBaseConfig(s, c);
    }
}
