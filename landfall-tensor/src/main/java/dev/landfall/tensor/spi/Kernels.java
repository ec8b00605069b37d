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
     * B ({@code k × n}, laid out as {@link #gemm} reads it) re-laid-out for {@link #gemmPrepacked}, or
     * null when this kernel has no packed form (products then run {@link #gemm}). The caller keeps it
     * for as long as B does not change.
     */
    default Object prepackB(int k, int n, Object b, int bOff, int ldb, boolean transB) {
        return null;
    }

    /**
     * One product {@code C = A · B} where {@code packedB} is what {@link #prepackB} made of B (B itself
     * is given too). Bit-identical to {@link #gemm}.
     */
    default void gemmPrepacked(int m, int n, int k, Object a, int aOff, int lda, boolean transA,
                               Object b, int bOff, int ldb, boolean transB, Object packedB, Object c, int cOff) {
        gemm(1, m, n, k, a, new int[] {aOff}, lda, transA, b, new int[] {bOff}, ldb, transB, c, cOff);
    }

    /**
     * Gathers sliding windows of a channels-last image batch {@code x[n, h, w, c]} (contiguous) into
     * {@code cols[n, oh, ow, kh, kw, c]}; positions outside the image read {@code padValue}.
     */
    void im2col(Object x, Conv2dGeometry g, double padValue, Object cols);

    /** The adjoint of {@link #im2col}: adds each window of {@code cols} back into {@code dx} (accumulates). */
    void col2im(Object cols, Conv2dGeometry g, Object dx);

    /**
     * Max pooling of a contiguous channels-last batch {@code x[n, h, w, c]} over the windows of
     * {@code g} (no dilation; positions outside the image never win): writes the maxima to
     * {@code out[n, oh, ow, c]} and the flat index into x of each maximum (the first one; the first
     * NaN when there is one) to {@code argmax}, unless {@code argmax} is {@code null} (no gradient
     * will need it: inference). The default is a plain loop.
     */
    default void maxPool2d(Object x, Conv2dGeometry g, Object out, int[] argmax) {
        int o = 0;
        for (int b = 0; b < g.n(); b++) {
            for (int oy = 0; oy < g.oh(); oy++) {
                for (int ox = 0; ox < g.ow(); ox++) {
                    for (int ch = 0; ch < g.c(); ch++, o++) {
                        int best = -1;
                        double bv = 0;
                        for (int ky = 0; ky < g.kh(); ky++) {
                            int iy = oy * g.strideH() - g.padTop() + ky;
                            if (iy < 0 || iy >= g.h()) {
                                continue;
                            }
                            for (int kx = 0; kx < g.kw(); kx++) {
                                int ix = ox * g.strideW() - g.padLeft() + kx;
                                if (ix < 0 || ix >= g.w()) {
                                    continue;
                                }
                                int at = ((b * g.h() + iy) * g.w() + ix) * g.c() + ch;
                                double v = get(x, at);
                                if (best < 0 || (!Double.isNaN(bv) && (v > bv || Double.isNaN(v)))) {
                                    best = at;
                                    bv = v;
                                }
                            }
                        }
                        if (argmax != null) {
                            argmax[o] = best;
                        }
                        set(out, o, best < 0 ? Double.NEGATIVE_INFINITY : bv);
                    }
                }
            }
        }
    }

    /**
     * Reduces the middle axis of a contiguous {@code [outer, len, inner]} block:
     * {@code out[outOff + o·inner + i] = op over r of src[srcOff + (o·len + r)·inner + i]}, r in
     * order. This is how pooling windows and bias gradients reduce without a transposing copy. The
     * default computes in double; providers may override with SIMD.
     */
    default void reduceMiddle(ReduceOp op, Object src, int srcOff, int outer, int len, int inner, Object out, int outOff) {
        double[] acc = new double[inner];
        for (int o = 0; o < outer; o++) {
            int base = srcOff + o * len * inner;
            for (int i = 0; i < inner; i++) {
                acc[i] = op == ReduceOp.SUM ? 0 : get(src, base + i);
            }
            for (int r = op == ReduceOp.SUM ? 0 : 1; r < len; r++) {
                int row = base + r * inner;
                for (int i = 0; i < inner; i++) {
                    double x = get(src, row + i);
                    acc[i] = switch (op) {
                        case SUM -> acc[i] + x;
                        case MAX -> Math.max(acc[i], x);
                        case MIN -> Math.min(acc[i], x);
                    };
                }
            }
            for (int i = 0; i < inner; i++) {
                set(out, outOff + o * inner + i, acc[i]);
            }
        }
    }

    /**
     * One Adam step in place over {@code n} contiguous elements (Kingma &amp; Ba 2015), in one pass:
     * {@code m += (g − m)(1 − β1)}, {@code v += (g² − v)(1 − β2)}, with {@code vMax = max(vMax, v)}
     * used instead of v when {@code vMax} is non-null (AMSGrad); then Keras's
     * {@code w −= lr·√c2/c1 · m/(√v + ε)} or, with {@code epsAfterCorrection}, PyTorch's
     * {@code w −= lr · (m/c1)/(√(v/c2) + ε)}, where {@code c1 = 1 − β1^t}, {@code c2 = 1 − β2^t}.
     * The default computes each element in double; providers may override with SIMD.
     */
    default void adam(Object w, Object g, Object m, Object v, Object vMax, int n, AdamStep s) {
        double lr = s.lr();
        double beta1 = s.beta1();
        double beta2 = s.beta2();
        double eps = s.eps();
        double c1 = s.c1();
        double c2 = s.c2();
        boolean epsAfterCorrection = s.epsAfterCorrection();
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
