package dev.landfall.nn.layers;

import dev.landfall.tensor.Functional;
import dev.landfall.tensor.Padding;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * Keras's {@code Conv2DTranspose} (the adjoint of {@link Conv2D}, for decoders and upsampling): kernel
 * {@code (kh, kw, filters, in_channels)}; output height {@code (h−1)·stride + kh} with "valid" padding and
 * {@code h·stride} with "same", as TensorFlow. It is computed as an ordinary convolution of the input spread
 * out by the strides (zeros between pixels) and padded by the window, with the kernel flipped and its channel
 * axes swapped. Dilation and {@code output_padding} are not supported.
 */
public final class Conv2DTranspose extends Conv {
    private Conv2DTranspose(int filters, int[] kernelSize) {
        super(2, filters, kernelSize);
    }

    /** A square window. */
    public static Conv2DTranspose of(int filters, int kernelSize) {
        return new Conv2DTranspose(filters, new int[] {kernelSize, kernelSize});
    }

    @Override
    protected Shape kernelShape(int channels) {
        return Shape.of(kernelSize[0], kernelSize[1], filters, channels);
    }

    @Override
    protected Tensor kernelMatrix(int patch) {
        Tensor k = kernel.value().indexSelect(0, reversed(kernelSize[0])).indexSelect(1, reversed(kernelSize[1]));
        return k.permute(0, 1, 3, 2).reshape(patch, filters);
    }

    @Override
    protected boolean kernelMatrixIsAReshape() {
        return false;
    }

    private static Tensor reversed(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = n - 1 - i;
        }
        return Tensor.fromArray(r);
    }

    @Override
    protected Tensor patches(Tensor x) {
        if (dilation[0] != 1 || dilation[1] != 1) {
            throw new IllegalArgumentException("Conv2DTranspose: dilation_rate other than 1 is not supported");
        }
        int n = x.dim(0);
        int h = x.dim(1);
        int w = x.dim(2);
        int c = x.dim(3);
        int sh = strides[0];
        int sw = strides[1];
        // zeros between pixels: [n, h, sh, w, sw, c] keeps each pixel at the start of its stride block
        Tensor spread = x.reshape(n, h, 1, w, 1, c)
                .pad(new int[][] {{0, 0}, {0, 0}, {0, sh - 1}, {0, 0}, {0, sw - 1}, {0, 0}}, 0.0)
                .reshape(n, h * sh, w * sw, c).slice(1, 0, (h - 1) * sh + 1).slice(2, 0, (w - 1) * sw + 1);
        int[] before = {kernelSize[0] - 1, kernelSize[1] - 1};
        int[] after = before.clone();
        int[] out = {(h - 1) * sh + kernelSize[0], (w - 1) * sw + kernelSize[1]};
        int[] crop = {0, 0};
        if (padding.equals("same")) {
            int[] size = {h * sh, w * sw};
            int[] stride = {sh, sw};
            for (int a = 0; a < 2; a++) {
                // conv2d SAME on an input of h·stride pads max(k − stride, 0), the smaller half first (TensorFlow):
                // the transposed output is the full one cropped by that, extended by zeros where it is shorter
                int total = Math.max(kernelSize[a] - stride[a], 0);
                crop[a] = total / 2;
                after[a] += Math.max(0, crop[a] + size[a] - out[a]);
                out[a] = size[a];
            }
        }
        Tensor padded = spread.pad(new int[][] {{0, 0}, {before[0], after[0]}, {before[1], after[1]}, {0, 0}}, 0.0);
        Tensor cols = Functional.patches2d(padded, kernelSize[0], kernelSize[1], new int[] {1, 1}, Padding.VALID,
                new int[] {1, 1});
        return cols.slice(1, crop[0], crop[0] + out[0]).slice(2, crop[1], crop[1] + out[1]);
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static Conv2DTranspose fromConfig(Map<String, Object> c) {
        if (c.get("output_padding") != null) {
            throw new IllegalArgumentException("Conv2DTranspose: output_padding is not supported");
        }
        int[] k = ConfigValues.intArray(c, "kernel_size", new int[0]);
        Conv2DTranspose t = new Conv2DTranspose(ConfigValues.intValue(c, "filters", 0), k.length == 1
                ? new int[] {k[0], k[0]} : k);
        return withConvConfig(t, c);
    }
}
