package dev.landfall.tensor.internal;

import dev.landfall.tensor.spi.BinaryOp;
import dev.landfall.tensor.spi.Conv2dGeometry;
import dev.landfall.tensor.spi.Kernels;
import dev.landfall.tensor.spi.Parallel;
import dev.landfall.tensor.spi.ReduceOp;
import dev.landfall.tensor.spi.ScalarMath;
import dev.landfall.tensor.spi.StridedLoop;
import dev.landfall.tensor.spi.UnaryOp;

/**
 * Plain loops, obviously correct: the test oracle and the fallback. Floating math is done in double
 * and rounded once on store; sums accumulate in double over fixed 4096-element chunks added in
 * order, so results do not depend on the thread count.
 */
public final class ReferenceKernels implements Kernels {
    /** Elements per parallel task: below this a task costs more than it saves. */
    static final int GRAIN = 1 << 14;
    /** Fixed summation chunk; partial sums are added in chunk order. */
    static final int SUM_CHUNK = 4096;

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public void unary(UnaryOp op, Object src, int srcOff, Object dst, int dstOff, int n) {
        if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            Parallel.forRange(n, GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    d[dstOff + i] = (float) ScalarMath.apply(op, s[srcOff + i]);
                }
            });
        } else {
            double[] s = (double[]) src;
            double[] d = (double[]) dst;
            Parallel.forRange(n, GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    d[dstOff + i] = ScalarMath.apply(op, s[srcOff + i]);
                }
            });
        }
    }

    @Override
    public void binary(BinaryOp op, int[] shape, Object a, int aOff, int[] aStrides,
                       Object b, int bOff, int[] bStrides, Object out) {
        int[] outStrides = contiguousStrides(shape);
        StridedLoop loop = StridedLoop.of(shape, aStrides, bStrides, outStrides);
        int sa = loop.innerStride(0);
        int sb = loop.innerStride(1);
        if (a instanceof float[] fa) {
            float[] fb = (float[]) b;
            float[] fo = (float[]) out;
            loop.forEachRowParallel(new int[] {aOff, bOff, 0}, GRAIN, (offs, len) -> {
                int ia = offs[0];
                int ib = offs[1];
                int io = offs[2];
                for (int i = 0; i < len; i++, ia += sa, ib += sb) {
                    fo[io + i] = (float) ScalarMath.apply(op, fa[ia], fb[ib]);
                }
            });
        } else {
            double[] da = (double[]) a;
            double[] db = (double[]) b;
            double[] dout = (double[]) out;
            loop.forEachRowParallel(new int[] {aOff, bOff, 0}, GRAIN, (offs, len) -> {
                int ia = offs[0];
                int ib = offs[1];
                int io = offs[2];
                for (int i = 0; i < len; i++, ia += sa, ib += sb) {
                    dout[io + i] = ScalarMath.apply(op, da[ia], db[ib]);
                }
            });
        }
    }

    @Override
    public void reduceRows(ReduceOp op, Object src, int srcOff, int rows, int len, Object out, int outOff) {
        int grainRows = Math.max(1, GRAIN / Math.max(1, len));
        Parallel.forRange(rows, grainRows, (from, to) -> {
            for (int r = from; r < to; r++) {
                double v = reduceRow(op, src, srcOff + r * len, len);
                if (out instanceof float[] fo) {
                    fo[outOff + r] = (float) v;
                } else {
                    ((double[]) out)[outOff + r] = v;
                }
            }
        });
    }

    private static double reduceRow(ReduceOp op, Object src, int off, int len) {
        if (op == ReduceOp.SUM) {
            double total = 0;
            for (int c = 0; c < len; c += SUM_CHUNK) {
                int end = Math.min(len, c + SUM_CHUNK);
                double part = 0;
                for (int i = c; i < end; i++) {
                    part += get(src, off + i);
                }
                total += part;
            }
            return total;
        }
        double acc = get(src, off);
        for (int i = 1; i < len; i++) {
            double x = get(src, off + i);
            acc = op == ReduceOp.MAX ? Math.max(acc, x) : Math.min(acc, x);
        }
        return acc;
    }

    @Override
    public void argReduceRows(boolean max, Object src, int srcOff, int rows, int len, int[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int off = srcOff + r * len;
            int best = 0;
            double bv = get(src, off);
            for (int i = 1; i < len && !Double.isNaN(bv); i++) {
                double x = get(src, off + i);
                if (Double.isNaN(x) || (max ? x > bv : x < bv)) {
                    best = i;
                    bv = x;
                }
            }
            out[outOff + r] = best;
        }
    }

    @Override
    public void gemm(int batch, int m, int n, int k,
                     Object a, int[] aOffsets, int lda, boolean transA,
                     Object b, int[] bOffsets, int ldb, boolean transB,
                     Object c, int cOff) {
        int rowsTotal = batch * m;
        int grainRows = Math.max(1, GRAIN / Math.max(1, n * Math.max(1, k)));
        Parallel.forRange(rowsTotal, grainRows, (from, to) -> {
            for (int row = from; row < to; row++) {
                int bi = row / m;
                int i = row % m;
                int ao = aOffsets[bi];
                int bo = bOffsets[bi];
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        double x = get(a, transA ? ao + p * lda + i : ao + i * lda + p);
                        double y = get(b, transB ? bo + j * ldb + p : bo + p * ldb + j);
                        s += x * y;
                    }
                    set(c, cOff + row * n + j, s);
                }
            }
        });
    }

    @Override
    public void im2col(Object x, Conv2dGeometry g, double padValue, Object cols) {
        int patch = g.kh() * g.kw() * g.c();
        Parallel.forRange(g.n() * g.oh(), Math.max(1, GRAIN / Math.max(1, g.ow() * patch)), (from, to) -> {
            for (int nr = from; nr < to; nr++) {
                int bn = nr / g.oh();
                int oy = nr % g.oh();
                for (int ox = 0; ox < g.ow(); ox++) {
                    int dst = ((nr * g.ow()) + ox) * patch;
                    for (int ky = 0; ky < g.kh(); ky++) {
                        int iy = oy * g.strideH() - g.padTop() + ky * g.dilationH();
                        for (int kx = 0; kx < g.kw(); kx++) {
                            int ix = ox * g.strideW() - g.padLeft() + kx * g.dilationW();
                            boolean inside = iy >= 0 && iy < g.h() && ix >= 0 && ix < g.w();
                            int src = ((bn * g.h() + iy) * g.w() + ix) * g.c();
                            for (int ch = 0; ch < g.c(); ch++) {
                                set(cols, dst++, inside ? get(x, src + ch) : padValue);
                            }
                        }
                    }
                }
            }
        });
    }

    @Override
    public void col2im(Object cols, Conv2dGeometry g, Object dx) {
        int patch = g.kh() * g.kw() * g.c();
        // Parallel over images: windows of one image overlap, windows of different images do not.
        Parallel.forRange(g.n(), 1, (from, to) -> {
            for (int bn = from; bn < to; bn++) {
                for (int oy = 0; oy < g.oh(); oy++) {
                    for (int ox = 0; ox < g.ow(); ox++) {
                        int src = ((bn * g.oh() + oy) * g.ow() + ox) * patch;
                        for (int ky = 0; ky < g.kh(); ky++) {
                            int iy = oy * g.strideH() - g.padTop() + ky * g.dilationH();
                            for (int kx = 0; kx < g.kw(); kx++) {
                                int ix = ox * g.strideW() - g.padLeft() + kx * g.dilationW();
                                boolean inside = iy >= 0 && iy < g.h() && ix >= 0 && ix < g.w();
                                int dst = ((bn * g.h() + iy) * g.w() + ix) * g.c();
                                for (int ch = 0; ch < g.c(); ch++, src++) {
                                    if (inside) {
                                        set(dx, dst + ch, get(dx, dst + ch) + get(cols, src));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    private static double get(Object arr, int i) {
        return arr instanceof float[] f ? f[i] : ((double[]) arr)[i];
    }

    private static void set(Object arr, int i, double v) {
        if (arr instanceof float[] f) {
            f[i] = (float) v;
        } else {
            ((double[]) arr)[i] = v;
        }
    }

    static int[] contiguousStrides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }
}
