package dev.landfall.nn.layers;

import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/** Keras's {@code Permute}: reorders the axes after the batch axis; {@code dims} are 1-based ({@code (2, 1)} swaps steps and features). */
public final class Permute extends Layer {
    private final int[] dims;

    private Permute(int[] dims) {
        int[] sorted = dims.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] != i + 1) {
                throw new IllegalArgumentException("Received an invalid value for dims, expected a permutation of 1.."
                        + dims.length + ". Received: dims=" + Arrays.toString(dims));
            }
        }
        this.dims = dims.clone();
    }

    /** A permutation of 1..rank (the batch axis stays first). */
    public static Permute of(int... dims) {
        return new Permute(dims);
    }

    @Override
    protected void build(Shape in) {
        if (in.rank() != dims.length) {
            throw new IllegalArgumentException("Permute" + Arrays.toString(dims) + " expects inputs with " + dims.length
                    + " axes after the batch axis; received " + SymbolicTensor.display(in));
        }
    }

    @Override
    protected Tensor call(Tensor x, CallContext ctx) {
        int[] perm = new int[dims.length + 1];
        for (int i = 0; i < dims.length; i++) {
            perm[i + 1] = dims[i];
        }
        return x.permute(perm).contiguous();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("dims", ConfigValues.list(dims));
        return c;
    }

    /** Rebuilds from {@link #getConfig()}. */
    public static Permute fromConfig(Map<String, Object> c) {
        return withBaseConfig(of(ConfigValues.intArray(c, "dims", new int[0])), c);
    }
}
