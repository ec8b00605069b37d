package dev.landfall.tensor;

import dev.landfall.tensor.spi.StridedLoop;

/**
 * Type-generic data movement that is not a numeric hot loop: strided copies and casts, comparisons,
 * where, gather and its adjoint. Works on every dtype through the raw arrays.
 */
final class Layout {
    private static final int GRAIN = 1 << 15;

    private Layout() {
    }

    /** Whether these strides lay {@code shape} out row-major without gaps (size-1 dims ignored). */
    static boolean isContiguous(int[] shape, int[] strides) {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    static int sizeOf(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    static double get(Object arr, int i) {
        if (arr instanceof float[] a) {
            return a[i];
        } else if (arr instanceof double[] a) {
            return a[i];
        } else if (arr instanceof int[] a) {
            return a[i];
        } else if (arr instanceof byte[] a) {
            return a[i];
        }
        return ((boolean[]) arr)[i] ? 1.0 : 0.0;
    }

    static void set(Object arr, int i, double v) {
        if (arr instanceof float[] a) {
            a[i] = (float) v;
        } else if (arr instanceof double[] a) {
            a[i] = v;
        } else if (arr instanceof int[] a) {
            a[i] = (int) v;
        } else if (arr instanceof byte[] a) {
            a[i] = (byte) v;
        } else {
            ((boolean[]) arr)[i] = v != 0.0;
        }
    }

    /**
     * Copies {@code shape} elements from a strided source into a strided destination, converting the
     * element type when the arrays differ (floats to ints truncate toward zero; to BOOL is {@code != 0}).
     */
    static void copy(int[] shape, Object src, int srcOff, int[] srcStrides, Object dst, int dstOff, int[] dstStrides) {
        if (src.getClass() == dst.getClass() && isContiguous(shape, srcStrides) && isContiguous(shape, dstStrides)) {
            System.arraycopy(src, srcOff, dst, dstOff, sizeOf(shape));
            return;
        }
        StridedLoop loop = StridedLoop.of(shape, srcStrides, dstStrides);
        int ss = loop.innerStride(0);
        int ds = loop.innerStride(1);
        boolean sameType = src.getClass() == dst.getClass();
        loop.forEachRowParallel(new int[] {srcOff, dstOff}, GRAIN, (offs, len) -> {
            int s = offs[0];
            int d = offs[1];
            if (sameType && ss == 1 && ds == 1) {
                System.arraycopy(src, s, dst, d, len);
            } else if (sameType && src instanceof float[] fs) {
                float[] fd = (float[]) dst;
                for (int i = 0; i < len; i++, s += ss, d += ds) {
                    fd[d] = fs[s];
                }
            } else if (sameType && src instanceof double[] dsrc) {
                double[] dd = (double[]) dst;
                for (int i = 0; i < len; i++, s += ss, d += ds) {
                    dd[d] = dsrc[s];
                }
            } else if (src instanceof boolean[] bs && dst instanceof float[] fd) {
                for (int i = 0; i < len; i++, s += ss, d += ds) {
                    fd[d] = bs[s] ? 1f : 0f;
                }
            } else if (src instanceof float[] fs && dst instanceof double[] dd) {
                for (int i = 0; i < len; i++, s += ss, d += ds) {
                    dd[d] = fs[s];
                }
            } else if (src instanceof double[] dsrc && dst instanceof float[] fd) {
                for (int i = 0; i < len; i++, s += ss, d += ds) {
                    fd[d] = (float) dsrc[s];
                }
            } else if (src instanceof int[] is && dst instanceof float[] fd) {
                for (int i = 0; i < len; i++, s += ss, d += ds) {
                    fd[d] = is[s];
                }
            } else {
                for (int i = 0; i < len; i++, s += ss, d += ds) {
                    set(dst, d, get(src, s));
                }
            }
        });
    }

    enum Compare { EQ, NE, LT, LE, GT, GE }

    /** {@code out[i] = a[i] CMP b[i]} over {@code shape} with broadcast strides; out is contiguous BOOL. */
    static void compare(Compare cmp, int[] shape, Object a, int aOff, int[] aStrides,
                        Object b, int bOff, int[] bStrides, boolean[] out) {
        StridedLoop loop = StridedLoop.of(shape, aStrides, bStrides, contiguous(shape));
        int sa = loop.innerStride(0);
        int sb = loop.innerStride(1);
        if (a instanceof float[] fa && b instanceof float[] fb) {
            // one loop per comparison, so the comparison is not decided per element
            loop.forEachRowParallel(new int[] {aOff, bOff, 0}, GRAIN, (offs, len) -> {
                int ia = offs[0];
                int ib = offs[1];
                int io = offs[2];
                switch (cmp) {
                    case EQ -> { for (int i = 0; i < len; i++, ia += sa, ib += sb) { out[io + i] = fa[ia] == fb[ib]; } }
                    case NE -> { for (int i = 0; i < len; i++, ia += sa, ib += sb) { out[io + i] = fa[ia] != fb[ib]; } }
                    case LT -> { for (int i = 0; i < len; i++, ia += sa, ib += sb) { out[io + i] = fa[ia] < fb[ib]; } }
                    case LE -> { for (int i = 0; i < len; i++, ia += sa, ib += sb) { out[io + i] = fa[ia] <= fb[ib]; } }
                    case GT -> { for (int i = 0; i < len; i++, ia += sa, ib += sb) { out[io + i] = fa[ia] > fb[ib]; } }
                    case GE -> { for (int i = 0; i < len; i++, ia += sa, ib += sb) { out[io + i] = fa[ia] >= fb[ib]; } }
                }
            });
            return;
        }
        loop.forEachRowParallel(new int[] {aOff, bOff, 0}, GRAIN, (offs, len) -> {
            int ia = offs[0];
            int ib = offs[1];
            int io = offs[2];
            for (int i = 0; i < len; i++, ia += sa, ib += sb) {
                double x = get(a, ia);
                double y = get(b, ib);
                out[io + i] = switch (cmp) {
                    case EQ -> x == y;
                    case NE -> x != y;
                    case LT -> x < y;
                    case LE -> x <= y;
                    case GT -> x > y;
                    case GE -> x >= y;
                };
            }
        });
    }

    /** {@code out[i] = cond[i] ? a[i] : b[i]}; a, b and out share one element type; out is contiguous. */
    static void where(int[] shape, boolean[] cond, int cOff, int[] cStrides, Object a, int aOff, int[] aStrides,
                      Object b, int bOff, int[] bStrides, Object out) {
        StridedLoop loop = StridedLoop.of(shape, cStrides, aStrides, bStrides, contiguous(shape));
        int sc = loop.innerStride(0);
        int sa = loop.innerStride(1);
        int sb = loop.innerStride(2);
        loop.forEachRowParallel(new int[] {cOff, aOff, bOff, 0}, GRAIN, (offs, len) -> {
            int ic = offs[0];
            int ia = offs[1];
            int ib = offs[2];
            int io = offs[3];
            if (out instanceof float[] fo) {
                float[] fa = (float[]) a;
                float[] fb = (float[]) b;
                for (int i = 0; i < len; i++, ic += sc, ia += sa, ib += sb) {
                    fo[io + i] = cond[ic] ? fa[ia] : fb[ib];
                }
            } else {
                for (int i = 0; i < len; i++, ic += sc, ia += sa, ib += sb) {
                    set(out, io + i, cond[ic] ? get(a, ia) : get(b, ib));
                }
            }
        });
    }

    /**
     * {@code out[o, j, :] = src[o, idx[j], :]} for a contiguous source viewed as
     * {@code [outer, axisLen, inner]}; out is contiguous {@code [outer, idx.length, inner]}.
     */
    static void gather(Object src, int srcOff, int outer, int axisLen, int inner, int[] idx, Object out) {
        int m = idx.length;
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < m; j++) {
                System.arraycopy(src, srcOff + (o * axisLen + idx[j]) * inner, out, (o * m + j) * inner, inner);
            }
        }
    }

    /** The adjoint of {@link #gather}: {@code dst[o, idx[j], :] += g[o, j, :]}, in a fixed order. */
    static void indexAdd(Object g, int gOff, int outer, int axisLen, int inner, int[] idx, Object dst) {
        int m = idx.length;
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < m; j++) {
                int d = (o * axisLen + idx[j]) * inner;
                int s = gOff + (o * m + j) * inner;
                if (dst instanceof float[] fd) {
                    float[] fg = (float[]) g;
                    for (int i = 0; i < inner; i++) {
                        fd[d + i] += fg[s + i];
                    }
                } else {
                    double[] dd = (double[]) dst;
                    double[] dg = (double[]) g;
                    for (int i = 0; i < inner; i++) {
                        dd[d + i] += dg[s + i];
                    }
                }
            }
        }
    }

    /** Sets every element of a contiguous array range to {@code v}. */
    static void fill(Object arr, int off, int n, double v) {
        if (arr instanceof float[] a) {
            java.util.Arrays.fill(a, off, off + n, (float) v);
        } else if (arr instanceof double[] a) {
            java.util.Arrays.fill(a, off, off + n, v);
        } else if (arr instanceof int[] a) {
            java.util.Arrays.fill(a, off, off + n, (int) v);
        } else if (arr instanceof byte[] a) {
            java.util.Arrays.fill(a, off, off + n, (byte) v);
        } else {
            java.util.Arrays.fill((boolean[]) arr, off, off + n, v != 0.0);
        }
    }

    static int[] contiguous(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }
}
