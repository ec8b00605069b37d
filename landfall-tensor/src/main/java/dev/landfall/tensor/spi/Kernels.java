package dev.landfall.tensor.spi;

/**
 * The numeric hot loops, on raw arrays. Floating arguments are {@code float[]} (FLOAT32) or
 * {@code double[]} (FLOAT64); every array argument of one call has the same element type. Offsets
 * and strides count elements. Outputs are written, never read, unless the method says it accumulates.
 *
 * <p>Contract for every implementation: results must not depend on the number of threads (split
 * work into chunks whose boundaries depend only on the problem size, and combine partial results in
 * a fixed order), and must agree with the reference kernels within the bounds of DESIGN.md §4.
 */
public interface Kernels {
    /** The provider's name, for logs and benchmark rows. */
    String name();

    /** {@code dst[dstOff + i] = op(src[srcOff + i])} for {@code i < n}. */
    void unary(UnaryOp op, Object src, int srcOff, Object dst, int dstOff, int n);

    /**
     * {@code out[i] = op(a[i], b[i])} over {@code shape}, where operand element positions follow
     * their own strides (a stride of 0 broadcasts) and {@code out} is contiguous from offset 0.
     */
    void binary(BinaryOp op, int[] shape, Object a, int aOff, int[] aStrides,
                Object b, int bOff, int[] bStrides, Object out);

    /**
     * Reduces each of {@code rows} contiguous rows of length {@code len} starting at {@code srcOff}:
     * {@code out[outOff + r] = op(src[srcOff + r*len ... srcOff + r*len + len - 1])}. A sum of an
     * empty row is 0; a max/min of an empty row is not asked for.
     */
    void reduceRows(ReduceOp op, Object src, int srcOff, int rows, int len, Object out, int outOff);

    /**
     * Index of the first maximum (or minimum when {@code max} is false) of each contiguous row; a NaN
     * counts as the extreme, as in NumPy.
     */
    void argReduceRows(boolean max, Object src, int srcOff, int rows, int len, int[] out, int outOff);

    /**
     * Batched matrix product {@code C[b] = A[b] · B[b]} with C contiguous {@code [batch, m, n]} from
     * {@code cOff}. Element (i, p) of {@code A[b]} is at {@code aOffsets[b] + i*lda + p}, or at
     * {@code aOffsets[b] + p*lda + i} when {@code transA} (the operand is stored transposed, not
     * copied); likewise for B with (p, j).
     */
    void gemm(int batch, int m, int n, int k,
              Object a, int[] aOffsets, int lda, boolean transA,
              Object b, int[] bOffsets, int ldb, boolean transB,
              Object c, int cOff);

    /**
     * Gathers sliding windows of a channels-last image batch {@code x[n, h, w, c]} (contiguous) into
     * {@code cols[n, oh, ow, kh, kw, c]}; positions outside the image read {@code padValue}.
     */
    void im2col(Object x, Conv2dGeometry g, double padValue, Object cols);

    /** The adjoint of {@link #im2col}: adds each window of {@code cols} back into {@code dx} (accumulates). */
    void col2im(Object cols, Conv2dGeometry g, Object dx);

    /**
     * One Adam step in place over {@code n} contiguous elements (Kingma & Ba 2015), in one pass:
     * {@code m += (g − m)(1 − β1)}, {@code v += (g² − v)(1 − β2)}, with {@code vMax = max(vMax, v)}
     * used instead of v when {@code vMax} is non-null (AMSGrad); then Keras's
     * {@code w −= lr·√c2/c1 · m/(√v + ε)} or, with {@code epsAfterCorrection}, PyTorch's
     * {@code w −= lr · (m/c1)/(√(v/c2) + ε)}, where {@code c1 = 1 − β1^t}, {@code c2 = 1 − β2^t}.
     * The default computes each element in double; providers may override with SIMD.
     */
    default void adam(Object w, Object g, Object m, Object v, Object vMax, int n, double lr, double beta1, double beta2,
                      double eps, double c1, double c2, boolean epsAfterCorrection) {
        double alpha = lr * Math.sqrt(c2) / c1;
        for (int i = 0; i < n; i++) {
            double gi = get(g, i);
            set(m, i, get(m, i) + (gi - get(m, i)) * (1 - beta1));
            set(v, i, get(v, i) + (gi * gi - get(v, i)) * (1 - beta2));
            double vu = get(v, i);
            if (vMax != null) {
                set(vMax, i, Math.max(get(vMax, i), vu));
                vu = get(vMax, i);
            }
            double mu = get(m, i);
            double step = epsAfterCorrection ? lr * (mu / c1) / (Math.sqrt(vu / c2) + eps) : alpha * mu / (Math.sqrt(vu) + eps);
            set(w, i, get(w, i) - step);
        }
    }

    private static double get(Object a, int i) {
        return a instanceof float[] f ? f[i] : ((double[]) a)[i];
    }

    private static void set(Object a, int i, double x) {
        if (a instanceof float[] f) {
            f[i] = (float) x;
        } else {
            ((double[]) a)[i] = x;
        }
    }
}
