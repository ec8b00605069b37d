package dev.landfall.tensor;

import dev.landfall.tensor.spi.AdamStep;

import java.util.Locale;

/**
 * In-place parameter updates that optimizers run once per weight per step, fused into one pass over
 * memory instead of a dozen temporary tensors (PyTorch's {@code _fused_adam} idea). They record
 * nothing for autodiff and bump the version counters of what they change.
 */
public final class Updates {
    private Updates() {
    }

    /**
     * One Adam step in place (see {@link dev.landfall.tensor.spi.Kernels#adam}): updates {@code m},
     * {@code v}, {@code vMax} (AMSGrad; may be null) and {@code w} from the gradient {@code g}.
     *
     * @param step the rate, decays, epsilon and bias corrections of this step ({@link AdamStep#at})
     * @throws IllegalArgumentException when shapes or dtypes differ, or a state tensor is not contiguous
     */
    public static void adam(Tensor w, Tensor g, Tensor m, Tensor v, Tensor vMax, AdamStep step) {
        Tensor[] state = vMax == null ? new Tensor[] {w, m, v} : new Tensor[] {w, m, v, vMax};
        for (Tensor t : state) {
            if (!t.shape.equals(w.shape) || t.dtype() != w.dtype() || !t.dtype().isFloating()) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "adam: state tensors must share the weight's shape %s and floating dtype %s; got %s %s",
                        w.shape, w.dtype(), t.shape, t.dtype()));
            }
            if (!t.isContiguous() || t.offset != 0) {
                throw new IllegalArgumentException("adam: state tensors must be contiguous from offset 0; got a view of shape "
                        + t.shape);
            }
        }
        if (!g.shape.equals(w.shape)) {
            throw new IllegalArgumentException("adam: gradient shape " + g.shape + " differs from weight shape " + w.shape);
        }
        Tensor gc = g.to(w.dtype()).contiguousRaw();
        if (gc.offset != 0) {
            gc = gc.copy();
        }
        Ops.kernels().adam(w.storage.data(), gc.storage.data(), m.storage.data(), v.storage.data(),
                vMax == null ? null : vMax.storage.data(), w.size(), step);
        for (Tensor t : state) {
            t.storage.version++;
        }
    }
}
