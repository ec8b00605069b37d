package dev.landfall.nn.layers;

import dev.landfall.tensor.Functional;
import dev.landfall.tensor.Padding;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * 2-D convolution over {@code [batch, height, width, channels]}; kernel {@code (kh, kw, in, filters)}.
 *
 * <pre>{@code Conv2D.of(32, 3).activation(Activations.RELU).padding("same")}</pre>
 */
public final class Conv2D extends Conv {
    private Conv2D(int filters, int[] kernelSize) {
        super(2, filters, kernelSize);
    }

    /** A square window. */
    public static Conv2D of(int filters, int kernelSize) {
        return new Conv2D(filters, new int[] {kernelSize, kernelSize});
    }

    /** A {@code kh × kw} window. */
    public static Conv2D of(int filters, int kh, int kw) {
        return new Conv2D(filters, new int[] {kh, kw});
    }

    @Override
    protected Tensor patches(Tensor x) {
        return Functional.patches2d(x, kernelSize[0], kernelSize[1], strides, Padding.of(padding), dilation);
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static Conv2D fromConfig(Map<String, Object> c) {
        return withConvConfig(new Conv2D(ConfigValues.intValue(c, "filters", 0), ConfigValues.intArray(c, "kernel_size",
                new int[0])), c);
    }
}
