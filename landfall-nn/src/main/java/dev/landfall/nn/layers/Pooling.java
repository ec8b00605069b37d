package dev.landfall.nn.layers;

import dev.landfall.tensor.Functional;
import dev.landfall.tensor.Padding;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.Map;

/**
 * Max and average pooling over 1 or 2 spatial axes, Keras's {@code MaxPooling1D/2D} and
 * {@code AveragePooling1D/2D}: pool size 2 by default, strides default to the pool size.
 */
public final class Pooling extends Layer {
    private final boolean max;
    private final int rank;
    private final int[] poolSize;
    private final int[] strides;
    private final String padding;

    private Pooling(boolean max, int rank, int[] poolSizeIn, int[] stridesIn, String padding) {
        // one size means the same along every axis, as Keras's pool_size=2
        int[] poolSize = poolSizeIn.length == 1 ? Conv.repeat(poolSizeIn[0], rank) : poolSizeIn;
        int[] strides = stridesIn.length == 1 ? Conv.repeat(stridesIn[0], rank) : stridesIn;
        if (poolSize.length != rank || strides.length != rank) {
            throw new IllegalArgumentException("Received an invalid value for pool_size or strides, expected " + rank
                    + " positive integer(s). Received: pool_size=" + java.util.Arrays.toString(poolSizeIn) + ", strides="
                    + java.util.Arrays.toString(stridesIn));
        }
        for (int p : poolSize) {
            ConfigValues.requirePositive("pool_size", p);
        }
        for (int s : strides) {
            ConfigValues.requirePositive("strides", s);
        }
        Padding.of(padding);
        this.max = max;
        this.rank = rank;
        this.poolSize = poolSize;
        this.strides = strides;
        this.padding = padding.toLowerCase(java.util.Locale.ROOT);
    }

    /** MaxPooling2D with a square window, strides = window, valid padding. */
    public static Pooling maxPooling2D(int pool) {
        return maxPooling2D(new int[] {pool, pool}, null, "valid");
    }

    /** MaxPooling2D; {@code strides} null means the pool size. */
    public static Pooling maxPooling2D(int[] pool, int[] strides, String padding) {
        return new Pooling(true, 2, pool.clone(), strides == null ? pool.clone() : strides.clone(), padding);
    }

    /** AveragePooling2D with a square window. */
    public static Pooling averagePooling2D(int pool) {
        return averagePooling2D(new int[] {pool, pool}, null, "valid");
    }

    /** AveragePooling2D; with "same" each window averages only its real positions. */
    public static Pooling averagePooling2D(int[] pool, int[] strides, String padding) {
        return new Pooling(false, 2, pool.clone(), strides == null ? pool.clone() : strides.clone(), padding);
    }

    /** MaxPooling1D. */
    public static Pooling maxPooling1D(int pool, int stride, String padding) {
        return new Pooling(true, 1, new int[] {pool}, new int[] {stride}, padding);
    }

    /** AveragePooling1D. */
    public static Pooling averagePooling1D(int pool, int stride, String padding) {
        return new Pooling(false, 1, new int[] {pool}, new int[] {stride}, padding);
    }

    @Override
    public String className() {
        return (max ? "MaxPooling" : "AveragePooling") + rank + "D";
    }

    @Override
    public String defaultName() {
        return (max ? "max_pooling" : "average_pooling") + rank + "d";
    }

    @Override
    protected void build(Shape in) {
        if (in.rank() != rank + 1) {
            throw new IllegalArgumentException(className() + " expects inputs of rank " + (rank + 2) + "; received "
                    + SymbolicTensor.display(in));
        }
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        Padding p = Padding.of(padding);
        if (rank == 1) {
            return max ? Functional.maxPool1d(x, poolSize[0], strides[0], p) : Functional.avgPool1d(x, poolSize[0], strides[0], p);
        }
        return max ? Functional.maxPool2d(x, poolSize, strides, p) : Functional.avgPool2d(x, poolSize, strides, p);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("pool_size", ConfigValues.list(poolSize));
        c.put("strides", ConfigValues.list(strides));
        c.put("padding", padding);
        return c;
    }

    static java.util.function.Function<Map<String, Object>, Layer> factory(boolean max, int rank) {
        return c -> withBaseConfig(new Pooling(max, rank, ConfigValues.intArray(c, "pool_size", Conv.repeat(2, rank)),
                ConfigValues.intArray(c, "strides", ConfigValues.intArray(c, "pool_size", Conv.repeat(2, rank))),
                ConfigValues.stringValue(c, "padding", "valid")), c);
    }
}
