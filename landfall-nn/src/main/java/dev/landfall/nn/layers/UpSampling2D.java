package dev.landfall.nn.layers;

import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * Keras's {@code UpSampling2D} with nearest-neighbour interpolation: each pixel of {@code [batch, height,
 * width, channels]} repeated {@code size} times along height and width. Bilinear interpolation is refused.
 */
public final class UpSampling2D extends Layer {
    private final int[] size;

    private UpSampling2D(int[] size) {
        if (size.length != 2) {
            throw new IllegalArgumentException("Received an invalid value for size, expected 2 positive integers. "
                    + "Received: size=" + java.util.Arrays.toString(size));
        }
        ConfigValues.requirePositive("size", size[0]);
        ConfigValues.requirePositive("size", size[1]);
        this.size = size.clone();
    }

    /** The same factor along height and width (Keras's default is 2). */
    public static UpSampling2D of(int factor) {
        return new UpSampling2D(new int[] {factor, factor});
    }

    /** Factors along height and width. */
    public static UpSampling2D of(int rows, int cols) {
        return new UpSampling2D(new int[] {rows, cols});
    }

    @Override
    protected void build(Shape in) {
        if (in.rank() != 3) {
            throw new IllegalArgumentException("UpSampling2D expects inputs [batch, height, width, channels]; received "
                    + SymbolicTensor.display(in));
        }
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        int n = x.dim(0);
        int h = x.dim(1);
        int w = x.dim(2);
        int c = x.dim(3);
        return x.reshape(n, h, 1, w, 1, c).expand(n, h, size[0], w, size[1], c).contiguous()
                .reshape(n, h * size[0], w * size[1], c);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("size", ConfigValues.list(size));
        c.put("data_format", "channels_last");
        c.put("interpolation", "nearest");
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static UpSampling2D fromConfig(Map<String, Object> c) {
        if (!"nearest".equals(ConfigValues.stringValue(c, "interpolation", "nearest"))) {
            throw new IllegalArgumentException("UpSampling2D: only interpolation 'nearest' is supported, got '"
                    + c.get("interpolation") + "'");
        }
        if ("channels_first".equals(c.get("data_format"))) {
            throw new IllegalArgumentException("UpSampling2D: only data_format 'channels_last' is supported");
        }
        int[] s = ConfigValues.intArray(c, "size", new int[] {2, 2});
        return withBaseConfig(s.length == 1 ? of(s[0]) : of(s[0], s[1]), c);
    }
}
