package dev.landfall.nn.layers;

import dev.landfall.nn.Initializers;
import dev.landfall.nn.Weight;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * Keras's {@code SeparableConv2D}: a depthwise convolution ({@link DepthwiseConv2D}'s, kernel
 * {@code depthwise_kernel (kh, kw, channels, depth_multiplier)}) then a pointwise one ({@code pointwise_kernel
 * (1, 1, channels·m, filters)}), bias and activation after: far fewer weights than a full convolution of the
 * same window.
 */
public final class SeparableConv2D extends DepthwiseConv2D {
    private final int filters;
    private Weight pointwise;
    private Weight bias;

    private SeparableConv2D(int filters, int[] kernelSize) {
        super(kernelSize);
        ConfigValues.requirePositive("filters", filters);
        this.filters = filters;
    }

    /** {@code filters} outputs from a square window. */
    public static SeparableConv2D of(int filters, int kernelSize) {
        return new SeparableConv2D(filters, new int[] {kernelSize, kernelSize});
    }

    @Override
    protected String depthwiseWeightName() {
        return "depthwise_kernel";
    }

    @Override
    protected void buildAfterDepthwise(int depthwiseChannels) {
        pointwise = addWeight("pointwise_kernel", Shape.of(1, 1, depthwiseChannels, filters), Initializers.GLOROT_UNIFORM,
                true, null);
        if (useBias) {
            bias = addWeight("bias", Shape.of(filters), Initializers.ZEROS, true, null);
        }
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        Tensor d = depthwise(x, kernel.value(), strides, padding);
        Tensor y = d.matmul(pointwise.value().reshape(d.dim(-1), filters));
        if (useBias) {
            y = y.add(bias.value());
        }
        return activation.apply(y);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.remove("depthwise_initializer");
        c.put("filters", filters);
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static SeparableConv2D fromConfig(Map<String, Object> c) {
        int[] k = ConfigValues.intArray(c, "kernel_size", new int[0]);
        return withDepthwiseConfig(new SeparableConv2D(ConfigValues.intValue(c, "filters", 0), k.length == 1
                ? new int[] {k[0], k[0]} : k), c);
    }
}
