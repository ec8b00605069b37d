package dev.landfall.kernels.vector;

import dev.landfall.tensor.spi.BinaryOp;
import dev.landfall.tensor.spi.ReduceOp;
import dev.landfall.tensor.spi.ScalarMath;
import dev.landfall.tensor.spi.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 1-D float kernels, one template (Lucene's): below {@code 2 × lanes} elements a scalar loop
 * (the vector set-up costs more than it saves); above, a main loop over whole vectors (unrolled with
 * four accumulators in reductions, to hide the 4-cycle add latency), then a vector tail, then a scalar
 * tail that uses the reference's scalar definitions.
 *
 * <p>Only operations that IEEE 754 rounds exactly (add, sub, mul, div, sqrt, fma, neg, abs, min,
 * max) run on vectors. Transcendentals (exp, log, tanh, sigmoid, pow, erf) stay on the scalar path:
 * the Vector API's lanewise EXP/LOG/… give SVML's results once C2 compiles the loop and
 * {@code Math}'s before, so the same call could return different bits early and late in a run,
 * breaking "same seed, same weights". Likewise sums never use {@code reduceLanes(ADD)}, whose lane
 * order is unspecified: the lanes are added in index order.
 */
final class VectorElementwise {
    /** 512 bits (16 floats) with AVX-512, 256 with AVX2: the widest the CPU runs natively. */
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private VectorElementwise() {
    }

    // ---------------------------------------------------------------- unary

    static void unary(UnaryOp op, float[] s, int so, float[] d, int dof, int from, int to) {
        int i = from;
        if (to - from > 2 * L && exact(op)) {
            for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
                apply(op, FloatVector.fromArray(S, s, so + i)).intoArray(d, dof + i);
            }
        }
        for (; i < to; i++) {
            d[dof + i] = (float) ScalarMath.apply(op, s[so + i]);
        }
    }

    /** Whether the operation is correctly rounded by IEEE 754, hence the same on any path. */
    private static boolean exact(UnaryOp op) {
        return op == UnaryOp.NEG || op == UnaryOp.ABS || op == UnaryOp.SQRT || op == UnaryOp.RECIPROCAL
                || op == UnaryOp.RELU;
    }

    private static FloatVector apply(UnaryOp op, FloatVector v) {
        return switch (op) {
            case NEG -> v.neg();
            case ABS -> v.abs();
            case SQRT -> v.sqrt();
            case RECIPROCAL -> FloatVector.broadcast(S, 1f).div(v);
            case RELU -> v.lanewise(VectorOperators.MAX, 0f); // Math.max semantics: NaN stays NaN
            default -> throw new AssertionError(op + " is not vectorized (see the class comment)");
        };
    }

    // ---------------------------------------------------------------- binary

    /** One contiguous output row: {@code out[o + i] = op(a[ia + i·sa], b[ib + i·sb])}. */
    static void binaryRow(BinaryOp op, float[] a, int ia, int sa, float[] b, int ib, int sb, float[] out, int io, int len) {
        int i = 0;
        // from one vector on (a 32-channel bias row is two): both strides 0 or 1; pow stays scalar. The scalar
        // tail computes in double and rounds once, which gives the same float as the vector lanes for + - * /
        if (len >= L && op != BinaryOp.POW && (sa | sb) >>> 1 == 0) {
            int bound = S.loopBound(len);
            if (sa == 1 && sb == 1) {
                for (; i < bound; i += L) {
                    apply(op, FloatVector.fromArray(S, a, ia + i), FloatVector.fromArray(S, b, ib + i)).intoArray(out, io + i);
                }
            } else if (sa == 1) {
                FloatVector vb = FloatVector.broadcast(S, b[ib]);
                for (; i < bound; i += L) {
                    apply(op, FloatVector.fromArray(S, a, ia + i), vb).intoArray(out, io + i);
                }
            } else if (sb == 1) {
                FloatVector va = FloatVector.broadcast(S, a[ia]);
                for (; i < bound; i += L) {
                    apply(op, va, FloatVector.fromArray(S, b, ib + i)).intoArray(out, io + i);
                }
            }
        }
        for (int pa = ia + i * sa, pb = ib + i * sb; i < len; i++, pa += sa, pb += sb) {
            out[io + i] = (float) ScalarMath.apply(op, a[pa], b[pb]);
        }
    }

    private static FloatVector apply(BinaryOp op, FloatVector x, FloatVector y) {
        return switch (op) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
            case POW -> throw new AssertionError("POW is not vectorized (see the class comment)");
            case MAXIMUM -> x.lanewise(VectorOperators.MAX, y); // Math.max semantics: NaN wins, -0 < +0
            case MINIMUM -> x.lanewise(VectorOperators.MIN, y);
            case MASK_POSITIVE -> FloatVector.zero(S).blend(x, y.compare(VectorOperators.GT, 0f));
        };
    }

    // ---------------------------------------------------------------- reductions

    /** Sum, max or min of {@code x[off, off+len)}; max/min propagate NaN like {@code Math.max}. */
    static float reduce(ReduceOp op, float[] x, int off, int len) {
        return op == ReduceOp.SUM ? sum(x, off, len) : extreme(op == ReduceOp.MAX, x, off, len);
    }

    static float sum(float[] x, int off, int len) {
        int i = 0;
        float total = 0f;
        if (len > 2 * L) {
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int bound = len - 4 * L; i <= bound; i += 4 * L) {
                s0 = s0.add(FloatVector.fromArray(S, x, off + i));
                s1 = s1.add(FloatVector.fromArray(S, x, off + i + L));
                s2 = s2.add(FloatVector.fromArray(S, x, off + i + 2 * L));
                s3 = s3.add(FloatVector.fromArray(S, x, off + i + 3 * L));
            }
            for (int bound = S.loopBound(len); i < bound; i += L) {
                s0 = s0.add(FloatVector.fromArray(S, x, off + i));
            }
            float[] lanes = new float[L];
            s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
            for (float lane : lanes) {
                total += lane;
            }
        }
        for (; i < len; i++) {
            total += x[off + i];
        }
        return total;
    }

    private static float extreme(boolean max, float[] x, int off, int len) {
        VectorOperators.Associative vop = max ? VectorOperators.MAX : VectorOperators.MIN;
        int i = 1;
        float acc = x[off];
        if (len > 2 * L) {
            FloatVector m0 = FloatVector.fromArray(S, x, off), m1 = m0, m2 = m0, m3 = m0;
            i = L;
            for (int bound = len - 4 * L; i <= bound; i += 4 * L) {
                m0 = m0.lanewise(vop, FloatVector.fromArray(S, x, off + i));
                m1 = m1.lanewise(vop, FloatVector.fromArray(S, x, off + i + L));
                m2 = m2.lanewise(vop, FloatVector.fromArray(S, x, off + i + 2 * L));
                m3 = m3.lanewise(vop, FloatVector.fromArray(S, x, off + i + 3 * L));
            }
            for (int bound = S.loopBound(len); i < bound; i += L) {
                m0 = m0.lanewise(vop, FloatVector.fromArray(S, x, off + i));
            }
            acc = m0.lanewise(vop, m1).lanewise(vop, m2.lanewise(vop, m3)).reduceLanes(vop);
        }
        for (; i < len; i++) {
            acc = max ? Math.max(acc, x[off + i]) : Math.min(acc, x[off + i]);
        }
        return acc;
    }

    /**
     * One {@code [len, inner]} block reduced over its rows into {@code out[o, o+inner)}: vectors run
     * along {@code inner}, rows are taken in order (MAX/MIN with Math.max's NaN rule).
     */
    static void reduceMiddle(ReduceOp op, float[] x, int off, int len, int inner, float[] out, int o) {
        int i = 0;
        for (int bound = S.loopBound(inner); i < bound; i += L) {
            FloatVector acc = op == ReduceOp.SUM ? FloatVector.zero(S) : FloatVector.fromArray(S, x, off + i);
            for (int r = op == ReduceOp.SUM ? 0 : 1; r < len; r++) {
                FloatVector v = FloatVector.fromArray(S, x, off + r * inner + i);
                acc = switch (op) {
                    case SUM -> acc.add(v);
                    case MAX -> acc.lanewise(VectorOperators.MAX, v);
                    case MIN -> acc.lanewise(VectorOperators.MIN, v);
                };
            }
            acc.intoArray(out, o + i);
        }
        for (; i < inner; i++) {
            float acc = op == ReduceOp.SUM ? 0f : x[off + i];
            for (int r = op == ReduceOp.SUM ? 0 : 1; r < len; r++) {
                float v = x[off + r * inner + i];
                acc = switch (op) {
                    case SUM -> acc + v;
                    case MAX -> Math.max(acc, v);
                    case MIN -> Math.min(acc, v);
                };
            }
            out[o + i] = acc;
        }
    }

    /** Index of the first maximum (minimum) of the row; the first NaN when there is one, as NumPy. */
    static int argExtreme(boolean max, float[] x, int off, int len) {
        if (len <= 2 * L) {
            int best = 0;
            float bv = x[off];
            for (int i = 1; i < len && !Float.isNaN(bv); i++) {
                float v = x[off + i];
                if (Float.isNaN(v) || (max ? v > bv : v < bv)) {
                    best = i;
                    bv = v;
                }
            }
            return best;
        }
        float target = extreme(max, x, off, len);
        if (Float.isNaN(target)) {
            for (int i = 0; ; i++) {
                if (Float.isNaN(x[off + i])) {
                    return i;
                }
            }
        }
        // Two passes beat one with a running index: the first is a plain max, the second a compare.
        FloatVector t = FloatVector.broadcast(S, target);
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += L) {
            VectorMask<Float> hit = FloatVector.fromArray(S, x, off + i).compare(VectorOperators.EQ, t);
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        for (; ; i++) {
            if (x[off + i] == target) {
                return i;
            }
        }
    }
}
