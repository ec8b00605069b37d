package dev.landfall.nn.layers;

import dev.landfall.tensor.Functional;
import dev.landfall.tensor.Padding;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * 1-D convolution over {@code [batch, length, channels]}; kernel {@code (k, in, filters)}.
 * Padding "causal" pads {@code (k−1)·dilation} zeros at the start, so output t sees inputs ≤ t.
 */
public final class Conv1D extends Conv {
    private Conv1D(int filters, int kernelSize) {
        super(1, filters, new int[] {kernelSize});
    }

    /** A window of {@code kernelSize}. */
    public static Conv1D of(int filters, int kernelSize) {
        return new Conv1D(filters, kernelSize);
    }

    @Override
    protected Tensor patches(Tensor x) {
        Tensor in = x;
        Padding pad;
        if (padding.equals("causal")) {
            int left = (kernelSize[0] - 1) * dilation[0];
            in = x.pad(new int[][] {{0, 0}, {left, 0}, {0, 0}}, 0.0);
            pad = Padding.VALID;
        } else {
            pad = Padding.of(padding);
        }
        return Functional.patches2d(in.unsqueeze(1), 1, kernelSize[0], new int[] {1, strides[0]}, pad,
                new int[] {1, dilation[0]}).squeeze(1);
    }

    @Override
    protected boolean supportsMasking() {
        return false;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static Conv1D fromConfig(Map<String, Object> c) {
        return withConvConfig(new Conv1D(ConfigValues.intValue(c, "filters", 0), ConfigValues.intArray(c, "kernel_size",
                new int[] {1})[0]), c);
    }
}
