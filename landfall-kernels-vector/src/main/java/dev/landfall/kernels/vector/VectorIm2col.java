package dev.landfall.kernels.vector;

import dev.landfall.tensor.spi.Conv2dGeometry;
import dev.landfall.tensor.spi.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Window gathering for channels-last convolution and pooling. In NHWC the {@code kw · c} values of
 * one window row are contiguous in the image when the dilation is 1, so im2col is a handful of
 * {@code arraycopy} calls per window instead of one call per element; col2im adds those runs back
 * with vector adds, visiting windows in the reference's order so every sum is bit-identical to it.
 */
final class VectorIm2col {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Elements per parallel task. */
    private static final int GRAIN = 1 << 15;

    private VectorIm2col() {
    }

    static void im2col(float[] x, Conv2dGeometry g, float pad, float[] cols) {
        int c = g.c();
        int kw = g.kw();
        int patch = g.kh() * kw * c;
        int rowElems = Math.max(1, g.ow() * patch);
        Parallel.forRange(g.n() * g.oh(), Math.max(1, GRAIN / rowElems), (from, to) -> {
            for (int nr = from; nr < to; nr++) {
                int bn = nr / g.oh();
                int oy = nr % g.oh();
                int dst = nr * g.ow() * patch;
                for (int ox = 0; ox < g.ow(); ox++) {
                    int ix0 = ox * g.strideW() - g.padLeft();
                    for (int ky = 0; ky < g.kh(); ky++, dst += kw * c) {
                        int iy = oy * g.strideH() - g.padTop() + ky * g.dilationH();
                        if (iy < 0 || iy >= g.h()) {
                            Arrays.fill(cols, dst, dst + kw * c, pad);
                            continue;
                        }
                        int rowBase = (bn * g.h() + iy) * g.w();
                        if (g.dilationW() == 1) {
                            // kx in [lo, hi) reads inside the image, one contiguous run
                            int lo = Math.min(kw, Math.max(0, -ix0));
                            int hi = Math.max(lo, Math.min(kw, g.w() - ix0));
                            Arrays.fill(cols, dst, dst + lo * c, pad);
                            if (hi > lo) {
                                System.arraycopy(x, (rowBase + ix0 + lo) * c, cols, dst + lo * c, (hi - lo) * c);
                            }
                            Arrays.fill(cols, dst + hi * c, dst + kw * c, pad);
                        } else {
                            for (int kx = 0; kx < kw; kx++) {
                                int ix = ix0 + kx * g.dilationW();
                                int d = dst + kx * c;
                                if (ix < 0 || ix >= g.w()) {
                                    Arrays.fill(cols, d, d + c, pad);
                                } else {
                                    System.arraycopy(x, (rowBase + ix) * c, cols, d, c);
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    static void col2im(float[] cols, Conv2dGeometry g, float[] dx) {
        int c = g.c();
        int kw = g.kw();
        int patch = g.kh() * kw * c;
        // Parallel over images: windows of one image overlap, windows of different images do not.
        Parallel.forRange(g.n(), 1, (from, to) -> {
            for (int bn = from; bn < to; bn++) {
                int src = bn * g.oh() * g.ow() * patch;
                for (int oy = 0; oy < g.oh(); oy++) {
                    for (int ox = 0; ox < g.ow(); ox++) {
                        int ix0 = ox * g.strideW() - g.padLeft();
                        for (int ky = 0; ky < g.kh(); ky++, src += kw * c) {
                            int iy = oy * g.strideH() - g.padTop() + ky * g.dilationH();
                            if (iy < 0 || iy >= g.h()) {
                                continue;
                            }
                            int rowBase = (bn * g.h() + iy) * g.w();
                            if (g.dilationW() == 1) {
                                int lo = Math.min(kw, Math.max(0, -ix0));
                                int hi = Math.max(lo, Math.min(kw, g.w() - ix0));
                                addRun(cols, src + lo * c, dx, (rowBase + ix0 + lo) * c, (hi - lo) * c);
                            } else {
                                for (int kx = 0; kx < kw; kx++) {
                                    int ix = ix0 + kx * g.dilationW();
                                    if (ix >= 0 && ix < g.w()) {
                                        addRun(cols, src + kx * c, dx, (rowBase + ix) * c, c);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    /** {@code dst[d + i] += src[s + i]}: distinct positions, so the vector order changes no sum. */
    private static void addRun(float[] src, int s, float[] dst, int d, int len) {
        int i = 0;
        if (len > 2 * L) {
            for (int bound = S.loopBound(len); i < bound; i += L) {
                FloatVector.fromArray(S, dst, d + i).add(FloatVector.fromArray(S, src, s + i)).intoArray(dst, d + i);
            }
        }
        for (; i < len; i++) {
            dst[d + i] += src[s + i];
        }
    }

    /**
     * Max pooling of output rows {@code [from, to)} (row = image × output row), channels innermost so
     * each window position is one contiguous run; the first maximum (or first NaN) wins, as the
     * reference.
     */
    static void maxPoolRows(float[] x, Conv2dGeometry g, float[] out, int[] argmax, int from, int to) {
        if (argmax == null) {
            maxPoolRowsValues(x, g, out, from, to);
            return;
        }
        int c = g.c();
        for (int row = from; row < to; row++) {
            int b = row / g.oh();
            int oy = row % g.oh();
            for (int ox = 0; ox < g.ow(); ox++) {
                int o = ((b * g.oh() + oy) * g.ow() + ox) * c;
                java.util.Arrays.fill(argmax, o, o + c, -1);
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
                        int base = ((b * g.h() + iy) * g.w() + ix) * c;
                        for (int ch = 0; ch < c; ch++) {
                            float v = x[base + ch];
                            float bv = out[o + ch];
                            if (argmax[o + ch] < 0 || (bv == bv && (v > bv || v != v))) {
                                out[o + ch] = v;
                                argmax[o + ch] = base + ch;
                            }
                        }
                    }
                }
                for (int ch = 0; ch < c; ch++) {
                    if (argmax[o + ch] < 0) {
                        out[o + ch] = Float.NEGATIVE_INFINITY;
                    }
                }
            }
        }
    }

    /**
     * Max pooling without positions (inference), channels SIMD-wide: the same rule as
     * {@link #maxPoolRows} — a value replaces the best unless the best is NaN, when it is greater or
     * NaN — so the same maxima, bit for bit (a -0.0 seen first stays -0.0).
     */
    private static void maxPoolRowsValues(float[] x, Conv2dGeometry g, float[] out, int from, int to) {
        int c = g.c();
        int vec = S.loopBound(c);
        for (int row = from; row < to; row++) {
            int b = row / g.oh();
            int oy = row % g.oh();
            int y0 = Math.max(0, oy * g.strideH() - g.padTop());
            int y1 = Math.min(g.h(), oy * g.strideH() - g.padTop() + g.kh());
            for (int ox = 0; ox < g.ow(); ox++) {
                int o = ((b * g.oh() + oy) * g.ow() + ox) * c;
                int x0 = Math.max(0, ox * g.strideW() - g.padLeft());
                int x1 = Math.min(g.w(), ox * g.strideW() - g.padLeft() + g.kw());
                if (y0 >= y1 || x0 >= x1) {
                    Arrays.fill(out, o, o + c, Float.NEGATIVE_INFINITY); // no real position in the window
                    continue;
                }
                int first = ((b * g.h() + y0) * g.w() + x0) * c;
                for (int ch = 0; ch < vec; ch += S.length()) {
                    FloatVector best = FloatVector.fromArray(S, x, first + ch);
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = iy == y0 ? x0 + 1 : x0; ix < x1; ix++) {
                            FloatVector v = FloatVector.fromArray(S, x, ((b * g.h() + iy) * g.w() + ix) * c + ch);
                            VectorMask<Float> take = best.compare(VectorOperators.EQ, best)
                                    .and(v.compare(VectorOperators.GT, best).or(v.compare(VectorOperators.NE, v)));
                            best = best.blend(v, take);
                        }
                    }
                    best.intoArray(out, o + ch);
                }
                for (int ch = vec; ch < c; ch++) {
                    float best = x[first + ch];
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = iy == y0 ? x0 + 1 : x0; ix < x1; ix++) {
                            float v = x[((b * g.h() + iy) * g.w() + ix) * c + ch];
                            if (best == best && (v > best || v != v)) {
                                best = v;
                            }
                        }
                    }
                    out[o + ch] = best;
                }
            }
        }
    }
}
