package dev.landfall.tensor;

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
     * @param step               the 1-based step count t of the bias corrections
     * @param epsAfterCorrection PyTorch's placement of epsilon instead of Keras's
     * @throws IllegalArgumentException when shapes or dtypes differ, or a state tensor is not contiguous
     */
    public static void adam(Tensor w, Tensor g, Tensor m, Tensor v, Tensor vMax, double lr, double beta1, double beta2,
                            double eps, long step, boolean epsAfterCorrection) {
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
        double c1 = 1 - Math.pow(beta1, step);
        double c2 = 1 - Math.pow(beta2, step);
        Ops.kernels().adam(w.storage.data(), gc.storage.data(), m.storage.data(), v.storage.data(),
                vMax == null ? null : vMax.storage.data(), w.size(), lr, beta1, beta2, eps, c1, c2, epsAfterCorrection);
        for (Tensor t : state) {
            t.storage.version++;
        }
    }
}
