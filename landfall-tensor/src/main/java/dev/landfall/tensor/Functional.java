package dev.landfall.tensor;

import dev.landfall.tensor.spi.Conv2dGeometry;

/**
 * Convolution, pooling and dropout on channels-last tensors ({@code [batch, length, channels]} and
 * {@code [batch, height, width, channels]}), like {@code torch.nn.functional} with Keras's layouts.
 * Convolution is a composition (im2col, then a matrix product) and average pooling reduces the
 * same windows, so neither has backward code of its own; max pooling is one primitive that keeps
 * each window's winner, because the composed form cost several passes over the windows.
 */
public final class Functional {
    private Functional() {
    }

    /**
     * 2-D convolution. {@code x} is {@code [n, h, w, c]}, {@code kernel} is {@code [kh, kw, c, filters]}
     * (Keras's layout); the result is {@code [n, oh, ow, filters]}.
     *
     * @param strides  {@code [sh, sw]}
     * @param padding  VALID or SAME (TensorFlow's semantics: SAME pads the extra row/column at the end)
     * @param dilation {@code [dh, dw]}
     * @throws IllegalArgumentException naming both shapes when they do not fit
     */
    public static Tensor conv2d(Tensor x, Tensor kernel, int[] strides, Padding padding, int[] dilation) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("conv2d: input must be [batch, height, width, channels]; got shape " + x.shape());
        }
        if (kernel.rank() != 4) {
            throw new IllegalArgumentException("conv2d: kernel must be [kh, kw, in_channels, filters]; got shape " + kernel.shape());
        }
        if (kernel.dim(2) != x.dim(3)) {
            throw new IllegalArgumentException("conv2d: input " + x.shape() + " has " + x.dim(3)
                    + " channels but kernel " + kernel.shape() + " expects " + kernel.dim(2));
        }
        Tensor cols = patches2d(x, kernel.dim(0), kernel.dim(1), strides, padding, dilation);
        int patch = cols.dim(3);
        int filters = kernel.dim(3);
        return cols.reshape(-1, patch).matmul(kernel.reshape(patch, filters))
                .reshape(cols.dim(0), cols.dim(1), cols.dim(2), filters);
    }

    /**
     * The windows a 2-D convolution sees, like {@code tf.image.extract_patches}: {@code x} is
     * {@code [n, h, w, c]}, the result {@code [n, oh, ow, kh·kw·c]} (row-major over kh, kw, c, the order
     * of a Keras kernel's first three axes), zeros where the window hangs over a SAME padding.
     */
    public static Tensor patches2d(Tensor x, int kh, int kw, int[] strides, Padding padding, int[] dilation) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("patches2d: input must be [batch, height, width, channels]; got shape "
                    + x.shape());
        }
        Conv2dGeometry g = geometry("conv2d", x.shape(), kh, kw, pair("strides", strides), padding,
                pair("dilation", dilation));
        return Ops.im2col(x, g, 0.0).reshape(g.n(), g.oh(), g.ow(), g.kh() * g.kw() * g.c());
    }

    /** 2-D convolution with stride 1, VALID padding, no dilation. */
    public static Tensor conv2d(Tensor x, Tensor kernel) {
        return conv2d(x, kernel, new int[] {1, 1}, Padding.VALID, new int[] {1, 1});
    }

    /**
     * 1-D convolution. {@code x} is {@code [n, length, c]}, {@code kernel} is {@code [k, c, filters]};
     * the result is {@code [n, outLength, filters]}.
     */
    public static Tensor conv1d(Tensor x, Tensor kernel, int stride, Padding padding, int dilation) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException("conv1d: input must be [batch, length, channels]; got shape " + x.shape());
        }
        if (kernel.rank() != 3) {
            throw new IllegalArgumentException("conv1d: kernel must be [k, in_channels, filters]; got shape " + kernel.shape());
        }
        Tensor y = conv2d(x.unsqueeze(1), kernel.unsqueeze(0), new int[] {1, stride}, padding, new int[] {1, dilation});
        return y.squeeze(1);
    }

    /**
     * 2-D max pooling over {@code [ph, pw]} windows. Padded positions never win (TensorFlow's SAME).
     *
     * @param strides {@code [sh, sw]}; Keras's default is the pool size
     */
    public static Tensor maxPool2d(Tensor x, int[] poolSize, int[] strides, Padding padding) {
        return Ops.maxPool2d(x, poolGeometry("maxPool2d", x, poolSize, strides, padding));
    }

    /**
     * 2-D average pooling; with SAME padding each window averages only its real positions, as
     * TensorFlow does.
     */
    public static Tensor avgPool2d(Tensor x, int[] poolSize, int[] strides, Padding padding) {
        Conv2dGeometry g = poolGeometry("avgPool2d", x, poolSize, strides, padding);
        Tensor sums = Ops.im2col(x, g, 0.0).reshape(g.n(), g.oh(), g.ow(), g.kh() * g.kw(), g.c())
                .sum(new int[] {3}, false);
        if (padding == Padding.VALID) {
            return sums.div(g.kh() * g.kw());
        }
        Tensor counts;
        try (var off = Tensor.noGrad()) {
            Conv2dGeometry one = new Conv2dGeometry(1, g.h(), g.w(), 1, g.kh(), g.kw(), g.strideH(), g.strideW(),
                    1, 1, g.padTop(), g.padLeft(), g.oh(), g.ow());
            counts = Ops.im2col(Tensor.ones(Shape.of(1, g.h(), g.w(), 1), x.dtype()), one, 0.0)
                    .sum(new int[] {3}, true);
        }
        return sums.div(counts);
    }

    /** 1-D max pooling on {@code [n, length, c]}. */
    public static Tensor maxPool1d(Tensor x, int poolSize, int stride, Padding padding) {
        requireRank3("maxPool1d", x);
        return maxPool2d(x.unsqueeze(1), new int[] {1, poolSize}, new int[] {1, stride}, padding).squeeze(1);
    }

    /** 1-D average pooling on {@code [n, length, c]}. */
    public static Tensor avgPool1d(Tensor x, int poolSize, int stride, Padding padding) {
        requireRank3("avgPool1d", x);
        return avgPool2d(x.unsqueeze(1), new int[] {1, poolSize}, new int[] {1, stride}, padding).squeeze(1);
    }

    /**
     * A dropout mask: each element is 0 with probability {@code rate}, else {@code 1 / (1 - rate)}
     * (inverted dropout, as Keras and PyTorch), drawn from {@code rng} by element index.
     *
     * @throws IllegalArgumentException if {@code rate} is outside [0, 1)
     */
    public static Tensor dropoutMask(Shape shape, double rate, DType dtype, Rng rng) {
        checkRate(rate);
        double keep = 1.0 / (1.0 - rate);
        Tensor m = Tensor.empty(shape, dtype);
        Object d = m.storage.data();
        dev.landfall.tensor.spi.Parallel.forRange(shape.size(), 1 << 14, (from, to) -> {
            for (int i = from; i < to; i++) {
                Layout.set(d, i, rng.uniform(i) < rate ? 0.0 : keep);
            }
        });
        return m;
    }

    /** {@code x · dropoutMask(x.shape, rate, rng)}; the identity when {@code rate} is 0. */
    public static Tensor dropout(Tensor x, double rate, Rng rng) {
        checkRate(rate);
        return rate == 0 ? x : x.mul(dropoutMask(x.shape(), rate, x.dtype(), rng));
    }

    private static void checkRate(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(
                    "Received an invalid value for rate, expected a float in [0, 1). Received: rate=" + rate);
        }
    }

    private static void requireRank3(String op, Tensor x) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException(op + ": input must be [batch, length, channels]; got shape " + x.shape());
        }
    }

    private static Conv2dGeometry poolGeometry(String op, Tensor x, int[] poolSize, int[] strides, Padding padding) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(op + ": input must be [batch, height, width, channels]; got shape " + x.shape());
        }
        int[] p = pair("poolSize", poolSize);
        return geometry(op, x.shape(), p[0], p[1], pair("strides", strides == null ? p : strides), padding, new int[] {1, 1});
    }

    private static int[] pair(String name, int[] v) {
        if (v == null || v.length != 2 || v[0] < 1 || v[1] < 1) {
            throw new IllegalArgumentException("Received an invalid value for " + name
                    + ", expected two positive integers. Received: " + name + "=" + java.util.Arrays.toString(v));
        }
        return v;
    }

    /** Output size and padding with TensorFlow's rules. */
    static Conv2dGeometry geometry(String op, Shape x, int kh, int kw, int[] strides, Padding padding, int[] dilation) {
        int n = x.dim(0);
        int h = x.dim(1);
        int w = x.dim(2);
        int c = x.dim(3);
        int ekh = (kh - 1) * dilation[0] + 1;
        int ekw = (kw - 1) * dilation[1] + 1;
        int oh;
        int ow;
        int padTop = 0;
        int padLeft = 0;
        if (padding == Padding.VALID) {
            if (h < ekh || w < ekw) {
                throw new IllegalArgumentException(op + ": the window " + ekh + "x" + ekw + " (dilated) is larger than the "
                        + h + "x" + w + " input of shape " + x + " with padding=valid; use padding=same or a smaller window");
            }
            oh = (h - ekh) / strides[0] + 1;
            ow = (w - ekw) / strides[1] + 1;
        } else {
            oh = (h + strides[0] - 1) / strides[0];
            ow = (w + strides[1] - 1) / strides[1];
            padTop = Math.max((oh - 1) * strides[0] + ekh - h, 0) / 2;
            padLeft = Math.max((ow - 1) * strides[1] + ekw - w, 0) / 2;
        }
        return new Conv2dGeometry(n, h, w, c, kh, kw, strides[0], strides[1], dilation[0], dilation[1],
                padTop, padLeft, oh, ow);
    }
}
